import type { CacheEntry } from '../contracts/cache-entry';
import type { WriteToken } from '../contracts/tag-index';
import type { ProviderRuntime } from './provider-runtime';
import { noteOutcome } from './outcome-probe';
import { Flight } from './flight';
import { waitForFlight } from './flight-wait';
import { GraceBackoff } from './grace-backoff';
import { xfetchDue } from './early-refresh';
import { loadWithLease } from './locked-load';
import { hitClock } from './hit-clock';
import { countHit, revived, type HitCaller, type ReadThroughCall } from './read-through-call';
import { NOT_FRESH, NOT_TIMED, READ_FAILED, afterBoth } from './store-read';

type StaleReason = 'grace' | 'stale-while-revalidate' | 'timeout';

/**
 * The read-through engine: hit → value; miss → one load per key per process
 * (single-flight; across processes too with `lock`), written with the write
 * token taken before the load began, so that an invalidation that completed
 * meanwhile is never undone. Store trouble never fails the call: it is
 * reported, and the call goes on without the cache. How callers wait for a
 * load (grace, timeouts) is in flight-wait.ts; a fresh hit does none of it.
 */
export class ReadThrough {
  private readonly inflight = new Map<string, Flight<unknown>>();
  /**
   * Store reads in flight, per key: concurrent callers of a cold key share one
   * read, so a burst of 1,000 callers costs one GET rather than 1,000 that
   * queue behind each other and miss storeTimeout before single-flight can merge them.
   */
  private readonly reads = new Map<string, Promise<CacheEntry | undefined | typeof READ_FAILED>>();
  /**
   * True while the store's last read failed (error or storeTimeout). Loads then
   * skip the write token: asking a store that just failed would only add
   * another storeTimeout before the method runs, and without a token nothing is
   * written anyway. The next successful read clears it.
   */
  private readsFailing = false;
  private readonly backoff = new GraceBackoff();
  /** Uniform random source of early refresh; tests replace it to make refreshes deterministic. */
  random: () => number = Math.random;

  constructor(private readonly runtime: ProviderRuntime) {}

  /** Number of loads in flight (for tests and health). */
  get loadsInFlight(): number {
    return this.inflight.size;
  }

  fetch<T>(key: string, call: ReadThroughCall<T>): Promise<T> {
    const { store } = this.runtime;
    if (store.getSync) {
      const now = Date.now();
      let entry: CacheEntry | undefined;
      try {
        entry = store.getSync(key, now);
      } catch (error) {
        this.runtime.reportError('get', error, key, call.method);
      }
      if (entry !== undefined && entry.expiresAt > now) return Promise.resolve(this.hit(key, call, entry, undefined));
      // A tier's L1 not holding the key says nothing about its L2: ask the whole store before loading.
      if (entry === undefined && store.partialGetSync) return this.fetchAsync(key, call);
      return this.afterMiss(key, call, entry, undefined);
    }
    return this.fetchAsync(key, call);
  }

  /**
   * The allocation-free hit path for stores that answer synchronously: a fresh
   * entry resolves at once; anything else (miss, stale, a store error, an
   * early refresh due) returns undefined and the caller takes `fetch`, which
   * reads again (with the exact clock) and reports a store error once.
   * Freshness is judged by `hitClock()`: one clock reading serves many hits.
   */
  tryHit(key: string, caller: HitCaller, earlyRefresh: number): Promise<unknown> | undefined {
    const { store } = this.runtime;
    // The value alone when the store offers it and nobody listens for hits (an event carries the entry's tags).
    // Kept this small so V8 inlines the store's read into it every time: with the entry path in the same
    // function, some processes were compiled without that inlining and ran W1 hits ~1.7× slower.
    if (store.getFreshValueSync === undefined || earlyRefresh > 0 || this.runtime.observer.wants('hit')) return this.tryHitEntry(key, caller, earlyRefresh);
    let value: unknown;
    try {
      value = store.getFreshValueSync(key, hitClock(), NOT_FRESH);
    } catch {
      return undefined; // `fetch` repeats the read and reports the failure.
    }
    if (value === NOT_FRESH) return undefined;
    countHit(caller);
    return Promise.resolve(revived(caller, value));
  }

  /** {@link tryHit} through the whole entry: for stores without `getFreshValueSync`, and for hit listeners. */
  private tryHitEntry(key: string, caller: HitCaller, earlyRefresh: number): Promise<unknown> | undefined {
    const { store } = this.runtime;
    if (store.getSync === undefined || earlyRefresh > 0) return undefined;
    const now = hitClock();
    let entry: CacheEntry | undefined;
    try {
      entry = store.getSync(key, now);
    } catch {
      return undefined; // `fetch` repeats the read and reports the failure.
    }
    if (entry === undefined || entry.expiresAt <= now) return undefined;
    return Promise.resolve(this.served(key, caller, entry, undefined));
  }

  /** Counts and reports a hit, and returns its value as the caller expects it (revived). */
  private served(key: string, caller: HitCaller, entry: CacheEntry, durationMs: number | undefined): unknown {
    countHit(caller);
    if (this.runtime.observer.wants('hit')) this.emitHit(key, caller, entry, durationMs);
    return revived(caller, entry.value);
  }

  /** Kept out of `served` so the hit path stays small enough for V8 to inline whole. */
  private emitHit(key: string, caller: HitCaller, entry: CacheEntry, durationMs: number | undefined): void {
    const prefix = this.runtime.prefix();
    this.runtime.observer.emit('hit', { key: this.runtime.relative(key, prefix), method: caller.method, tags: entry.tags.map((tag) => this.runtime.relative(tag, prefix)), durationMs });
  }

  /**
   * Not async, and no `.then` of its own for the shared read's bookkeeping:
   * each would add a promise to every Redis hit (W2 profile: ~12 promises per hit).
   */
  private fetchAsync<T>(key: string, call: ReadThroughCall<T>): Promise<T> {
    const running = this.inflight.get(key) as Flight<T> | undefined;
    if (running) return this.join(key, call, running);
    // Read durations go only into hit and miss events: no clock reading per Redis hit without a listener.
    const { observer } = this.runtime;
    const started = observer.wants('hit') || observer.wants('miss') ? performance.now() : NOT_TIMED;
    // One store read per key at a time: concurrent callers of a key share the first one's read.
    const shared = this.reads.get(key);
    if (shared !== undefined) return shared.then((read) => this.afterRead(key, call, read, started));
    // A miss loads next, and a load takes a write token first: an index whose tokens cost a round trip
    // asks for one now, sent before the read. The read is answered once the token is at hand too (it was
    // sent first, so that costs a few µs, once per token), so a load starts in the same turn as its miss,
    // ahead of the reactions of everyone who joined the read (W4 Redis: ~1 ms for 1,000 callers).
    const prepared = this.readsFailing ? undefined : this.runtime.tags.prepare?.();
    let pending: Promise<CacheEntry | undefined>;
    try {
      pending = this.runtime.store.get(key);
    } catch (error) {
      return Promise.reject(error); // as when this was an async function: a store that throws synchronously rejects the call
    }
    if (prepared !== undefined) pending = afterBoth(pending, prepared);
    // `guard` never rejects: every caller gets an entry, undefined or READ_FAILED.
    const read = this.runtime.guard<CacheEntry | undefined | typeof READ_FAILED>('get', pending, READ_FAILED, key, call);
    this.reads.set(key, read);
    // The read's first reaction (joiners come later): the shared read is gone before any of them runs.
    return read.then((result) => {
      if (this.reads.get(key) === read) this.reads.delete(key);
      return this.afterRead(key, call, result, started);
    });
  }

  private afterRead<T>(key: string, call: ReadThroughCall<T>, read: CacheEntry | undefined | typeof READ_FAILED, started: number): T | Promise<T> {
    // A failed read is a miss for the caller; the flag spares the load a write token the store cannot give.
    this.readsFailing = read === READ_FAILED;
    const entry = read === READ_FAILED ? undefined : read;
    const readMs = started === NOT_TIMED ? undefined : performance.now() - started;
    if (entry !== undefined && entry.expiresAt > Date.now()) return this.hit(key, call, entry, readMs);
    return this.afterMiss(key, call, entry, readMs);
  }

  /** A caller that found a load in flight before reading the store. */
  private join<T>(key: string, call: ReadThroughCall<T>, flight: Flight<T>): Promise<T> {
    const current = flight.stale;
    // An early refresh runs while its entry is still fresh: for this caller that is a hit.
    if (current !== undefined && current.expiresAt > Date.now()) return Promise.resolve(this.hit(key, call, current, undefined));
    call.counters.misses++;
    call.counters.dedupedLoads++;
    noteOutcome('joined');
    return this.answer(key, call, flight, current);
  }

  private hit<T>(key: string, call: ReadThroughCall<T>, entry: CacheEntry, durationMs: number | undefined): T {
    const value = this.served(key, call, entry, durationMs) as T;
    // Opt-in: one comparison when off. On, a random draw and no allocation unless it fires.
    if (call.earlyRefresh > 0 && !this.inflight.has(key) && xfetchDue(Date.now(), entry.expiresAt, call.counters.lastLoadMs, call.earlyRefresh, this.random)) {
      // Nobody waits for it: callers keep getting the fresh entry, and a failure is only reported.
      this.start(key, call, entry).abandoned = true;
    }
    return value;
  }

  private afterMiss<T>(key: string, call: ReadThroughCall<T>, entry: CacheEntry | undefined, durationMs: number | undefined): Promise<T> {
    call.counters.misses++;
    const { observer } = this.runtime;
    if (observer.wants('miss')) observer.emit('miss', { key: this.runtime.relative(key), method: call.method, durationMs });
    const now = Date.now();
    const stale = entry !== undefined && entry.staleUntil > now ? entry : undefined;
    // The source failed a moment ago: a key with a servable stale value gets it without calling the method again.
    if (stale !== undefined && this.backoff.blocks(key, now)) {
      const inWindow = now < stale.expiresAt + call.staleWhileRevalidate;
      if (inWindow || call.grace > 0) return Promise.resolve(this.serveStale(key, call, stale, inWindow ? 'stale-while-revalidate' : 'grace'));
    }
    let flight = this.inflight.get(key) as Flight<T> | undefined;
    if (flight !== undefined) {
      call.counters.dedupedLoads++;
      noteOutcome('joined');
    } else {
      noteOutcome('loaded');
      flight = this.start(key, call, stale);
    }
    return this.answer(key, call, flight, stale ?? flight.stale);
  }

  /** Answers one caller of a load in flight: stale at once within stale-while-revalidate, else as flight-wait.ts says. */
  private answer<T>(key: string, call: ReadThroughCall<T>, flight: Flight<T>, stale: CacheEntry | undefined): Promise<T> {
    const now = Date.now();
    const usable = stale !== undefined && stale.staleUntil > now ? stale : undefined;
    if (usable !== undefined && call.staleWhileRevalidate > 0 && now < usable.expiresAt + call.staleWhileRevalidate) {
      flight.abandoned = true;
      return Promise.resolve(this.serveStale(key, call, usable, 'stale-while-revalidate'));
    }
    return waitForFlight(flight, call, usable, (entry, reason) => this.serveStale(key, call, entry, reason));
  }

  /** Starts the one load of `key` in this process. */
  private start<T>(key: string, call: ReadThroughCall<T>, stale: CacheEntry | undefined): Flight<T> {
    const flight = new Flight<T>(this.runLoad(key, call, stale), stale);
    this.inflight.set(key, flight as Flight<unknown>);
    const done = () => {
      if (this.inflight.get(key) === flight) this.inflight.delete(key);
    };
    flight.result.then(done, (error: unknown) => {
      done();
      // Every caller already has its answer (stale, early refresh, timeout): the failure would go unseen.
      if (flight.abandoned) this.runtime.reportError('refresh', error, key, call.method);
    });
    return flight;
  }

  private runLoad<T>(key: string, call: ReadThroughCall<T>, stale: CacheEntry | undefined): Promise<T> {
    const lock = call.lock === undefined ? undefined : this.runtime.lock;
    if (lock === undefined || call.lock === undefined) return this.loadHere(key, call, stale);
    return loadWithLease(this.runtime, lock, key, { method: call.method, counters: call.counters, lock: call.lock, revive: call.revive && ((value) => call.revive?.(value)), loadHere: () => this.loadHere(key, call, stale) });
  }

  /** Runs the method in this process and stores its result. */
  private async loadHere<T>(key: string, call: ReadThroughCall<T>, stale: CacheEntry | undefined): Promise<T> {
    // Taken before the loader starts: an invalidation that lands during the load makes the write a no-op.
    const taken = this.readsFailing ? undefined : this.takeToken(key, call);
    const token = typeof taken === 'object' ? await taken : taken;
    const started = performance.now();
    let value: T;
    try {
      value = await call.load();
    } catch (error) {
      // Only keys with a stale value back off; callers of a key without one must see every failure.
      if (stale !== undefined) this.backoff.failed(key, call.graceBackoff);
      throw error;
    }
    this.backoff.succeeded(key);
    this.runtime.recordLoad(call, performance.now() - started);
    if (call.unless?.(value)) return value;
    if (token === undefined) return value; // the index is unreachable: storing now could resurrect invalidated data
    await this.runtime.writeEntry(key, value, call, token);
    return value;
  }

  /**
   * The write token for a load. A token the index has at hand comes back
   * without a promise hop, so the load starts in this turn: when a thousand
   * callers joined the read, their reactions are queued and would otherwise
   * all run first (W4 Redis: ~1 ms).
   */
  private takeToken(key: string, call: ReadThroughCall<unknown>): WriteToken | undefined | Promise<WriteToken | undefined> {
    let token: WriteToken | Promise<WriteToken>;
    try {
      token = this.runtime.tags.begin();
    } catch (error) {
      token = Promise.reject(error);
    }
    return typeof token === 'number' ? token : this.runtime.guard<WriteToken | undefined>('begin', token, undefined, key, call);
  }

  private serveStale<T>(key: string, call: ReadThroughCall<T>, entry: CacheEntry, reason: StaleReason): T {
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
