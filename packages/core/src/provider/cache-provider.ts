import { CacheClosedError, CacheKeyError } from '../errors';
import { escapeGlob, toStoreGlob } from '../keys/glob';
import type { CacheProviderOptions } from './provider-options';
import { resolveProviderOptions } from './resolve-provider-options';
import { ProviderRuntime } from './provider-runtime';
import { ReadThrough } from './read-through';
import type { HitCaller } from './read-through-call';
import { DirectCall } from './direct-call';
import { KeyMemo } from '../decorators/key-memo';
import { entrySettings, type EntryOptions } from './entry-settings';
import { summarize, type CacheStats } from './cache-stats';
import type { CacheEventListener, CacheEventName } from './cache-events';
import { describeError } from './store-guard';
import { registerInternals } from './provider-internals';
import { InvalidationBus } from '../events/invalidation-bus';
import { warmMethod } from '../warm/warm';
import type { MethodArgs, MethodKey, WarmOptions, WarmSummary } from '../warm/warm-options';
import { modelTag, recordTag, type ResourceId } from '../resources/resource-tags';

export type { EntryOptions } from './entry-settings';

const NO_OPTIONS: EntryOptions = Object.freeze({});
const NO_TAGS: readonly string[] = Object.freeze([]);
/** Longest `close()` waits for lease releases still in flight (with the store closing after, it stays within 1 s). */
const CLOSE_DRAIN_MS = 500;

/** What `health()` reports: a real round trip to each store. */
export interface HealthReport {
  ok: boolean;
  stores: Array<{ name: string; ok: boolean; latencyMs: number; error?: string }>;
}

/**
 * A configured cache: a store, its tag index and defaults. Decorated methods
 * use the provider registered under their `provider` name; it can also be used
 * directly. Keys and tags given to its methods are relative to its namespace
 * (and to the current tenant, when `context` gives one).
 */
export class CacheProvider {
  /** Name under which the provider was registered. */
  readonly name: string;
  private readonly runtime: ProviderRuntime;
  private readonly engine: ReadThrough;
  private readonly unsubscribeEvict: (() => void) | undefined;
  private readonly invalidation: InvalidationBus;
  private readonly detachEvents: (() => void) | undefined;
  private closed = false;
  /** Keys of direct calls (`getOrSet`, `set`), see `fullKey`. */
  private readonly keyMemo = new KeyMemo();
  /** Who `getOrSet` hits are counted for; created on first use so stats list it only once used. */
  private directCaller: HitCaller | undefined;

  constructor(options: CacheProviderOptions, name = 'default') {
    const resolved = resolveProviderOptions(options, name);
    this.name = name;
    this.runtime = new ProviderRuntime(name, resolved);
    this.engine = new ReadThrough(this.runtime);
    this.unsubscribeEvict = resolved.store.onEvict?.((key) => {
      this.runtime.providerCounters.evictions++;
      Promise.resolve(resolved.tags.forget([key])).catch((error: unknown) => this.runtime.reportError('forget', error, key));
    });
    this.invalidation = new InvalidationBus(resolved.invalidateOn, this);
    this.detachEvents = resolved.invalidationEvents
      ? this.invalidation.attach(resolved.invalidationEvents, (event, error) => this.runtime.reportError(`invalidateOn '${event}'`, error))
      : undefined;
    registerInternals(this, { runtime: this.runtime, engine: this.engine, isClosed: () => this.closed });
  }

  /** First segment of every key and tag. */
  get namespace(): string {
    return this.runtime.options.namespace;
  }

  /** False: every cached method passes straight through. */
  get enabled(): boolean {
    return this.runtime.options.enabled;
  }

  /** The value under `key`, loading it with `loader` on a miss (once per key, however many callers wait). */
  getOrSet<T>(key: string, loader: () => T | Promise<T>, options: EntryOptions = NO_OPTIONS): Promise<T> {
    this.assertOpen();
    const prefix = this.runtime.prefix();
    const tags = fullTags(options.tags, prefix);
    const settings = entrySettings(options, this.runtime.options, 'getOrSet');
    const fullKey = this.fullKey(key, prefix);
    const caller = (this.directCaller ??= { method: 'getOrSet', counters: this.runtime.countersFor('getOrSet') });
    const hit = this.engine.tryHit(fullKey, caller, settings.earlyRefresh) as Promise<T> | undefined;
    return hit ?? this.engine.fetch(fullKey, new DirectCall(caller.counters, settings, loader, tags));
  }

  /** The fresh value under `key`, or `undefined` (a miss, or a cached `undefined`: use `has` to tell). */
  async get<T = unknown>(key: string): Promise<T | undefined> {
    this.assertOpen();
    const entry = await this.runtime.guard('get', this.runtime.store.get(this.fullKey(key, this.runtime.prefix())), undefined, key);
    return entry !== undefined && entry.expiresAt > Date.now() ? (entry.value as T) : undefined;
  }

  /** Stores `value` under `key` unconditionally. Store failures are logged, not thrown. */
  async set(key: string, value: unknown, options: EntryOptions = {}): Promise<void> {
    this.assertOpen();
    const prefix = this.runtime.prefix();
    const tags = fullTags(options.tags, prefix);
    await this.runtime.writeEntry(this.fullKey(key, prefix), value, { method: 'set', ...entrySettings(options, this.runtime.options, 'set'), tags: () => tags }, undefined);
  }

  /** True when `key` holds a fresh value (even `undefined` or `null`). */
  async has(key: string): Promise<boolean> {
    this.assertOpen();
    const entry = await this.runtime.guard('get', this.runtime.store.get(this.fullKey(key, this.runtime.prefix())), undefined, key);
    return entry !== undefined && entry.expiresAt > Date.now();
  }

  /** Deletes keys; resolves to how many existed. Loads begun before cannot write them back. Throws CacheStoreError if the store fails. */
  async delete(...keys: string[]): Promise<number> {
    this.assertOpen();
    const prefix = this.runtime.prefix();
    const full = keys.map((key) => this.fullKey(key, prefix));
    // The observed tag index emits the delete event (for @CacheEvict too).
    return this.runtime.strict('delete', this.runtime.tags.delete(this.runtime.store, full));
  }

  /** Deletes every entry carrying any of `tags`; resolves to how many. Throws CacheStoreError if the store fails. */
  async invalidateTags(tags: readonly string[]): Promise<number> {
    this.assertOpen();
    if (!Array.isArray(tags)) throw new CacheKeyError(`invalidateTags expects an array of tags, got ${typeof tags}.`);
    const prefix = this.runtime.prefix();
    const full = fullTags(tags, prefix);
    const count = await this.runtime.strict('invalidate', this.runtime.tags.invalidate(this.runtime.store, full));
    await this.runtime.store.onTagsInvalidated?.(full);
    return count;
  }

  /** Same as `invalidateTags([tag])`. */
  invalidateTag(tag: string): Promise<number> {
    return this.invalidateTags([tag]);
  }

  /**
   * Invalidates a resource declared with `@CacheResource`: the whole model
   * (tag `<name>`: every read, query and relation of it) or one record
   * (`<name>:<id>`: its read by id and every query and relation holding it).
   * Use it when the data changed outside the decorated methods.
   */
  async invalidateResource(name: string, id?: ResourceId): Promise<number> {
    return this.invalidateTags([id === undefined ? modelTag(name, 'invalidateResource') : recordTag(name, id, 'invalidateResource')]);
  }

  /**
   * Deletes every key matching a glob (`*`, `?`, `[…]`) relative to the
   * namespace, e.g. `revoke('users:user:*')`. Build patterns from user input
   * with `escapeKeyPart`. Uses SCAN, never KEYS.
   */
  async revoke(pattern: string): Promise<number> {
    this.assertOpen();
    if (typeof pattern !== 'string' || pattern.length === 0) throw new CacheKeyError(`revoke expects a non-empty glob pattern, got ${JSON.stringify(pattern)}.`);
    const glob = escapeGlob(this.runtime.prefix()) + toStoreGlob(pattern);
    // The observed tag index emits the invalidate event (for @CacheEvict allEntries too).
    const count = await this.runtime.strict('revoke', this.runtime.tags.revoke(this.runtime.store, glob));
    await this.runtime.store.onRevoked?.(glob);
    return count;
  }

  /** Keys (relative) currently recorded under `tag`. */
  async keysForTag(tag: string): Promise<string[]> {
    const prefix = this.runtime.prefix();
    return (await this.runtime.strict('keysForTag', this.runtime.tags.keysForTag(prefix + checkTag(tag)))).map((key) => this.runtime.relative(key, prefix));
  }

  /** Tags (relative) currently recorded for `key`. */
  async tagsForKey(key: string): Promise<string[]> {
    const prefix = this.runtime.prefix();
    return (await this.runtime.strict('tagsForKey', this.runtime.tags.tagsForKey(this.fullKey(key, prefix)))).map((tag) => this.runtime.relative(tag, prefix));
  }

  /** Every tag (relative) that has at least one entry in this namespace (and tenant). */
  async listTags(): Promise<string[]> {
    const prefix = this.runtime.prefix();
    return (await this.runtime.strict('listTags', this.runtime.tags.listTags(prefix))).map((tag) => this.runtime.relative(tag, prefix));
  }

  /** Removes everything in the store (its own prefix only) and the tag index, for every tenant. */
  async clear(): Promise<void> {
    this.assertOpen();
    await this.runtime.strict('clear', this.runtime.tags.clear(this.runtime.store));
  }

  /** Totals and per-method counters. */
  stats(): CacheStats {
    const methods: CacheStats['methods'] = {};
    for (const [method, counters] of this.runtime.counters) methods[method] = counters.snapshot();
    return { ...summarize([...this.runtime.counters.values(), this.runtime.providerCounters]), methods };
  }

  /** Sets every counter (and latency sample) back to zero. */
  resetStats(): void {
    // In place: decorated methods hold their counters object, so dropping it would lose their stats.
    for (const counters of this.runtime.counters.values()) counters.reset();
    this.runtime.providerCounters.reset();
  }

  /** A real round trip to the store, with its latency. */
  async health(): Promise<HealthReport> {
    const { store } = this.runtime;
    const started = performance.now();
    try {
      await this.runtime.strict('ping', store.ping ? store.ping() : store.get(`${this.namespace}:~health`).then(() => undefined));
      return { ok: true, stores: [{ name: store.name, ok: true, latencyMs: performance.now() - started }] };
    } catch (error) {
      return { ok: false, stores: [{ name: store.name, ok: false, latencyMs: performance.now() - started, error: describeError(error) }] };
    }
  }

  /** Listens to `hit | miss | set | delete | invalidate | stale | error`. Returns a function that stops listening. */
  on<E extends CacheEventName>(event: E, listener: CacheEventListener<E>): () => void {
    return this.runtime.events.on(event, listener);
  }

  /**
   * Calls the `@Cached` method `method` of `instance` once per argument list
   * (at most `concurrency` at a time) to fill the cache, e.g. at start-up:
   * `await cache.warm(users, 'getUser', ids.map((id) => [id]), { concurrency: 8 })`.
   * Resolves to `{ total, loaded, alreadyCached, skipped, failed, errors }`;
   * a failing call is counted, never thrown.
   */
  warm<T extends object, K extends MethodKey<T>>(instance: T, method: K, argsList: Iterable<MethodArgs<T[K]>>, options: WarmOptions = {}): Promise<WarmSummary> {
    this.assertOpen();
    return warmMethod(instance, method, argsList as Iterable<readonly unknown[]>, options, (error) => this.runtime.reportError('warm onProgress', error));
  }

  /**
   * Applies the `invalidateOn` rule of an application event, e.g.
   * `await cache.emit('user.updated', { id: '42' })` with
   * `invalidateOn: { 'user.updated': { tags: ['user:{id}'] } }`. Resolves to
   * how many entries were removed (0 for an event without a rule). Rejects with
   * CacheKeyError when the payload lacks a field a template needs, and with
   * CacheStoreError when the store fails (nothing is half-applied on a bad payload).
   */
  emit(event: string, payload: Readonly<Record<string, unknown>> = {}): Promise<number> {
    this.assertOpen();
    return this.invalidation.handle(event, payload);
  }

  /** Closes the tag index and the store (a store never closes a client you passed to it). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.runtime.closed = true;
    this.unsubscribeEvict?.();
    this.detachEvents?.();
    // Lease releases first (bounded, so close() stays within 1 s with Redis down): they need the store's connection.
    await this.runtime.drain(CLOSE_DRAIN_MS);
    await Promise.allSettled([this.runtime.tags.close(), this.runtime.store.close(), this.runtime.closeLock()]);
  }

  /**
   * `prefix + key`, remembered for short keys while no tenant varies the
   * prefix: a hit then looks up the same string object every time, whose hash
   * V8 has cached, instead of hashing a fresh concatenation (see KeyMemo).
   */
  private fullKey(key: unknown, prefix: string): string {
    if (this.runtime.options.context !== undefined) return prefix + checkKey(key);
    const known = this.keyMemo.get(key);
    if (known !== undefined) return known;
    const full = prefix + checkKey(key);
    this.keyMemo.set(key, full);
    return full;
  }

  private assertOpen(): void {
    if (this.closed) throw new CacheClosedError(`cachet provider '${this.name}'`);
  }
}

function checkKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0) throw new CacheKeyError(`a cache key must be a non-empty string, got ${JSON.stringify(key) ?? String(key)}.`);
  return key;
}

/** Full tags (prefixed), each checked. */
function fullTags(tags: readonly string[] | undefined, prefix: string): readonly string[] {
  return tags === undefined || tags.length === 0 ? NO_TAGS : tags.map((tag) => prefix + checkTag(tag));
}

function checkTag(tag: unknown): string {
  if (typeof tag !== 'string' || tag.length === 0) throw new CacheKeyError(`a tag must be a non-empty string, got ${JSON.stringify(tag) ?? String(tag)}.`);
  return tag;
}
