import type { CacheEntry } from '../contracts/cache-entry';
import type { WriteToken } from '../contracts/tag-index';
import type { MethodCounters } from './cache-stats';
import type { ProviderRuntime } from './provider-runtime';
import { noteOutcome } from './outcome-probe';

/** What one cached call hands the engine. Built by the decorators and by `getOrSet`. */
export interface ReadThroughCall<T> {
  /** `'Class.method'`, or `'getOrSet'` for direct calls. */
  readonly method: string;
  readonly counters: MethodCounters;
  /** Milliseconds the value stays fresh. */
  readonly ttl: number;
  /** Milliseconds an expired value may still be served when the loader fails. */
  readonly grace: number;
  /** Milliseconds after expiry during which the stale value is served while one refresh runs. */
  readonly staleWhileRevalidate: number;
  /** Produces the value on a miss. */
  load(): T | Promise<T>;
  /** Full tags of the entry for a loaded value. */
  tags(value: T): readonly string[];
  /** True: return the value but do not store it. */
  unless?(value: T): boolean;
  /** Turns a value read from the store back into what the caller expects (class revival). */
  revive?(value: unknown): unknown;
}

/**
 * The read-through engine: hit → value; miss → one load per key per process
 * (single-flight), written with the write token taken before the load began, so
 * that an invalidation that completed meanwhile is never undone. Store trouble
 * never fails the call: it is reported, and the call goes on without the cache.
 */
export class ReadThrough {
  private readonly inflight = new Map<string, Promise<unknown>>();

  constructor(private readonly runtime: ProviderRuntime) {}

  /** Number of loads in flight (for tests and health). */
  get loadsInFlight(): number {
    return this.inflight.size;
  }

  fetch<T>(key: string, call: ReadThroughCall<T>): Promise<T> {
    const { store } = this.runtime;
    if (store.getSync) {
      let entry: CacheEntry | undefined;
      try {
        entry = store.getSync(key);
      } catch (error) {
        this.runtime.reportError('get', error, key, call.method);
      }
      if (entry !== undefined && entry.expiresAt > Date.now()) return Promise.resolve(this.hit(key, call, entry, undefined));
      // A tier's L1 not holding the key says nothing about its L2: ask the whole store before loading.
      if (entry === undefined && store.partialGetSync) return this.fetchAsync(key, call);
      return this.afterMiss(key, call, entry, undefined);
    }
    return this.fetchAsync(key, call);
  }

  private async fetchAsync<T>(key: string, call: ReadThroughCall<T>): Promise<T> {
    const running = this.inflight.get(key) as Promise<T> | undefined;
    if (running) {
      call.counters.misses++;
      call.counters.dedupedLoads++;
      noteOutcome('joined');
      return running;
    }
    const started = performance.now();
    const entry = await this.runtime.guard('get', this.runtime.store.get(key), undefined, key, call);
    const readMs = performance.now() - started;
    if (entry !== undefined && entry.expiresAt > Date.now()) return this.hit(key, call, entry, readMs);
    return this.afterMiss(key, call, entry, readMs);
  }

  private hit<T>(key: string, call: ReadThroughCall<T>, entry: CacheEntry, durationMs: number | undefined): T {
    call.counters.hits++;
    noteOutcome('hit');
    const { observer } = this.runtime;
    if (observer.wants('hit')) {
      const prefix = this.runtime.prefix();
      observer.emit('hit', { key: this.runtime.relative(key, prefix), method: call.method, tags: entry.tags.map((tag) => this.runtime.relative(tag, prefix)), durationMs });
    }
    return (call.revive ? call.revive(entry.value) : entry.value) as T;
  }

  private afterMiss<T>(key: string, call: ReadThroughCall<T>, stale: CacheEntry | undefined, durationMs: number | undefined): Promise<T> {
    call.counters.misses++;
    const { observer } = this.runtime;
    if (observer.wants('miss')) observer.emit('miss', { key: this.runtime.relative(key), method: call.method, durationMs });
    const now = Date.now();
    const usable = stale !== undefined && stale.staleUntil > now ? stale : undefined;
    if (usable && call.staleWhileRevalidate > 0 && now < usable.expiresAt + call.staleWhileRevalidate) {
      this.load(key, call, undefined).catch((error: unknown) => this.runtime.reportError('refresh', error, key, call.method));
      return Promise.resolve(this.serveStale(key, call, usable, 'stale-while-revalidate'));
    }
    return this.load(key, call, usable);
  }

  private load<T>(key: string, call: ReadThroughCall<T>, stale: CacheEntry | undefined): Promise<T> {
    const running = this.inflight.get(key) as Promise<T> | undefined;
    if (running) {
      call.counters.dedupedLoads++;
      noteOutcome('joined');
      return running;
    }
    noteOutcome('loaded');
    const loading = this.runLoad(key, call, stale);
    this.inflight.set(key, loading);
    const done = () => {
      if (this.inflight.get(key) === loading) this.inflight.delete(key);
    };
    loading.then(done, done);
    return loading;
  }

  private async runLoad<T>(key: string, call: ReadThroughCall<T>, stale: CacheEntry | undefined): Promise<T> {
    // Taken before the loader starts: an invalidation that lands during the load makes the write a no-op.
    const token = await this.runtime.guard<WriteToken | undefined>('begin', Promise.resolve(this.runtime.tags.begin()), undefined, key, call);
    const started = performance.now();
    let value: T;
    try {
      value = await call.load();
    } catch (error) {
      if (stale && call.grace > 0 && stale.staleUntil > Date.now()) return this.serveStale(key, call, stale, 'grace');
      throw error;
    }
    this.runtime.recordLoad(call, performance.now() - started);
    if (call.unless?.(value)) return value;
    if (token === undefined) return value; // the index is unreachable: storing now could resurrect invalidated data
    await this.runtime.writeEntry(key, value, call, token);
    return value;
  }

  private serveStale<T>(key: string, call: ReadThroughCall<T>, entry: CacheEntry, reason: 'grace' | 'stale-while-revalidate'): T {
    call.counters.staleServed++;
    noteOutcome('hit');
    const { observer } = this.runtime;
    if (observer.wants('stale')) {
      const prefix = this.runtime.prefix();
      observer.emit('stale', { key: this.runtime.relative(key, prefix), method: call.method, reason, tags: entry.tags.map((tag) => this.runtime.relative(tag, prefix)) });
    }
    return (call.revive ? call.revive(entry.value) : entry.value) as T;
  }
}
