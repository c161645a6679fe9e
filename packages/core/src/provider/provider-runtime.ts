import type { CacheEntry } from '../contracts/cache-entry';
import type { CacheStore } from '../contracts/cache-store';
import type { TagIndex, WriteToken } from '../contracts/tag-index';
import type { CacheLogger } from '../contracts/logger';
import type { DistributedLock } from '../lock/distributed-lock';
import { escapeKeyPart } from '../keys/escape';
import { CacheEvents } from './cache-events';
import { Observer } from './observer';
import { ObservedTagIndex } from './observed-tag-index';
import { MethodCounters } from './cache-stats';
import { describeError, raceDeadline, withDeadline } from './store-guard';
import type { ResolvedProviderOptions } from './resolve-provider-options';

/** The method name of whatever is calling, for error accounting. */
interface CallerInfo {
  readonly method: string;
}

/**
 * What every part of a provider shares: the store, the tag index, events,
 * counters, the key prefix, and the one place where store errors are turned
 * into fail-open behaviour (logged, counted, emitted — never swallowed).
 */
export class ProviderRuntime {
  readonly store: CacheStore;
  readonly tags: TagIndex;
  readonly events: CacheEvents;
  /** Builds events and debug lines only when wanted; redacts keys when configured. */
  readonly observer: Observer;
  /** Called with every load's method and latency (ms): feeds metrics histograms. */
  readonly loadObservers = new Set<(method: string, ms: number) => void>();
  readonly logger: CacheLogger;
  /** Counters per `'Class.method'`. */
  readonly counters = new Map<string, MethodCounters>();
  /** Counters of provider-level work (evictions, admin errors). */
  readonly providerCounters = new MethodCounters();
  private readonly basePrefix: string;
  /** Set by `close()`: loads still running then return their value but no longer write it. */
  closed = false;

  constructor(
    readonly providerName: string,
    readonly options: ResolvedProviderOptions,
  ) {
    this.store = options.store;
    this.logger = options.logger;
    this.basePrefix = `${options.namespace}:`;
    this.events = new CacheEvents((event, error) => {
      this.providerCounters.errors++;
      this.logger.error({ err: error, event, provider: providerName }, `cachet: a '${event}' listener threw; the call went on`);
    });
    this.observer = new Observer(this.events, this.logger, options.redactKeys, providerName);
    // Every removal goes through the index, so wrapping it gives delete / invalidate events for @CacheEvict too.
    this.tags = new ObservedTagIndex(options.tags, this);
  }

  /** Not created yet (`null`), or the lock behind `lock: true` (`undefined`: the store needs none). */
  private lockInstance: DistributedLock | undefined | null = null;

  /** The lock of cross-process single-flight: `distributedLock`, else the store's, made on first use. */
  get lock(): DistributedLock | undefined {
    if (this.lockInstance === null) {
      try {
        this.lockInstance = this.options.distributedLock ?? this.store.createLock?.();
      } catch (error) {
        // Fail open like any store trouble: loads go on per process.
        this.reportError('createLock', error);
        this.lockInstance = undefined;
      }
    }
    return this.lockInstance;
  }

  /** Work that must reach the store even though no caller awaits it (lease releases). */
  private readonly unawaited = new Set<Promise<unknown>>();

  /** Keeps `work` until it settles, so that `close()` can let it finish. */
  track(work: Promise<unknown>): void {
    this.unawaited.add(work);
    void work.finally(() => this.unawaited.delete(work));
  }

  /**
   * Waits for tracked work, at most `maxMs`: a lease released after its
   * holder's write must reach Redis even when the process closes right away,
   * or the other instances wait out the whole lease (`lock.wait`) for nothing.
   */
  async drain(maxMs: number): Promise<void> {
    if (this.unawaited.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const giveUp = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, maxMs);
      timer.unref();
    });
    await Promise.race([Promise.allSettled([...this.unawaited]), giveUp]);
    clearTimeout(timer);
  }

  /** Closes the lock if one was made (never a `distributedLock` passed in: its owner closes it). */
  async closeLock(): Promise<void> {
    if (this.lockInstance && this.lockInstance !== this.options.distributedLock) await this.lockInstance.close?.();
  }

  /** `<namespace>:[<tenant>:]` for the current call. */
  prefix(): string {
    const context = this.options.context;
    if (context === undefined) return this.basePrefix;
    const tenant = context()?.tenant;
    return tenant === undefined || tenant === '' ? this.basePrefix : `${this.basePrefix}${escapeKeyPart(tenant)}:`;
  }

  /** A full key or tag made relative to the current call's prefix (for events and listings). */
  relative(full: string, prefix = this.prefix()): string {
    return full.startsWith(prefix) ? full.slice(prefix.length) : full;
  }

  countersFor(method: string): MethodCounters {
    let counters = this.counters.get(method);
    if (counters === undefined) {
      counters = new MethodCounters();
      this.counters.set(method, counters);
    }
    return counters;
  }

  /**
   * Awaits a store operation under `storeTimeout`. On failure reports it and
   * resolves to `fallback`: the fail-open rule in one place.
   */
  guard<T>(operation: string, pending: Promise<T>, fallback: T, key?: string, caller?: CallerInfo, deadlineMs = this.options.storeTimeout): Promise<T> {
    // One promise and one queued deadline: this runs on every store read of a Redis hit, where
    // `await withDeadline(…)` inside an async function cost two more promises and a microtask turn.
    return new Promise<T>((resolve, reject) => {
      raceDeadline(pending, deadlineMs, this.store.name, operation, resolve, (error) => {
        try {
          this.reportError(operation, error, key, caller?.method);
        } catch (reportFailure) {
          reject(reportFailure); // a logger or listener that throws is the caller's to see, as it always was
          return;
        }
        resolve(fallback);
      });
    });
  }

  /** Awaits a management operation under `operationTimeout`, rejecting with a CacheStoreError (for explicit calls). */
  strict<T>(operation: string, pending: Promise<T>): Promise<T> {
    return withDeadline(pending, this.options.operationTimeout, this.store.name, operation);
  }

  /** Logs, counts (per method when known) and emits a failure the provider goes on from. */
  reportError(operation: string, error: unknown, key?: string, method?: string): void {
    (method === undefined ? this.providerCounters : this.countersFor(method)).errors++;
    const relativeKey = key === undefined ? undefined : this.observer.show(this.relative(key));
    this.logger.warn(
      { err: error, operation, key: relativeKey, method, provider: this.providerName, store: this.store.name },
      `cachet: ${operation} failed (${describeError(error)}); the call went on without the cache`,
    );
    // Already redacted above: emit straight to the listeners.
    if (this.events.has('error')) this.events.emit('error', { error, operation, key: relativeKey, method });
  }

  /** Records a finished load with its latency, for stats and metrics observers. */
  recordLoad(call: CallerInfo & { readonly counters: MethodCounters }, ms: number): void {
    call.counters.recordLoad(ms);
    if (this.loadObservers.size === 0) return;
    for (const observe of this.loadObservers) {
      try {
        observe(call.method, ms);
      } catch (error) {
        this.reportError('observe-load', error, undefined, call.method);
      }
    }
  }

  /** Builds the entry for a loaded or put value and writes it through the tag index; fails open. */
  async writeEntry(
    key: string,
    value: unknown,
    call: CallerInfo & { ttl: number; grace: number; staleWhileRevalidate: number; tags(value: never): readonly string[] },
    token: WriteToken | undefined,
  ): Promise<boolean> {
    if (this.closed) return false;
    let tags: readonly string[];
    try {
      tags = call.tags(value as never);
    } catch (error) {
      this.reportError('tags', error, key, call.method);
      return false;
    }
    const now = Date.now();
    const expiresAt = now + call.ttl;
    const entry: CacheEntry = { value, createdAt: now, expiresAt, staleUntil: expiresAt + Math.max(call.grace, call.staleWhileRevalidate), tags };
    const started = performance.now();
    const written = await this.guard('set', this.tags.write(this.store, key, entry, token), false, key, call);
    if (written && this.observer.wants('set')) {
      const prefix = this.prefix();
      this.observer.emit('set', {
        key: this.relative(key, prefix),
        method: call.method,
        tags: tags.map((tag) => this.relative(tag, prefix)),
        durationMs: performance.now() - started,
      });
    }
    return written;
  }
}
