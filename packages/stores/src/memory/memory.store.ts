import { LRUCache } from 'lru-cache';
import { CacheClosedError, CacheConfigError, globToRegExp } from '@cachet/core';
import type { CacheEntry, CacheStore, TagIndex } from '@cachet/core';
import { MemoryTagIndex } from '@cachet/tags';
import { resolveOptions } from './memory-store.options';
import type { EntrySizer, MemoryStoreOptions } from './memory-store.options';
import { CopiedEntry } from './copied-entry';
import { EntryPacker } from './entry-packer';
import { flatKey } from './flat-key';
import { StoredEntry } from './stored-entry';
import { bareEntry, bareTtl } from './bare-value';

/** Keys per batch yielded by `scan`. */
const SCAN_BATCH = 1_000;

/**
 * An in-process store on lru-cache: bounded by entry count and/or size, least
 * recently used out first, each entry kept until its `staleUntil`.
 *
 * Reads are synchronous underneath (`getSync`), so the provider can answer a
 * hit without a promise hop. Measured on Node 20 (x64) with 10,000 entries of
 * a six-field user object: a `getSync` hit ≈ 0.2–0.3 µs and a `get` hit
 * ≈ 0.4–0.5 µs with `clone: false`; ≈ 1.1–1.4 µs with `clone: true` (one deep
 * copy per hit; writes pay one more).
 *
 * With `clone: false` (the default) the cached object is shared with every
 * reader and with the writer: mutating it changes the cache. `clone: true`
 * trades the copies above for isolation.
 *
 * Memory: besides lru-cache's own slots, an entry costs its key (kept as one
 * flat string) and, without `clone`: nothing more when it has no tags and no
 * grace (its value is kept bare, its times in lru-cache's TTL slots, 16 bytes;
 * see bare-value.ts), else a 48-byte compact record (see CompactEntry). Each
 * read returns a fresh plain `CacheEntry`, so readers never see either form.
 * W6 (100,000 small records, Node 20 x64): ≈ 220 bytes per entry in all,
 * of which ≈ 165 are the record itself and lru-cache.
 *
 * @example
 * const store = new MemoryStore({ maxEntries: 10_000 });
 * const bySize = new MemoryStore({ maxEntries: 0, maxSize: 64 * 1024 * 1024 }); // ~64 MB, estimated
 */
export class MemoryStore implements CacheStore {
  /** `'memory'`. */
  readonly name = 'memory';

  /** Values: a bare value (see bare-value.ts) or a {@link StoredEntry}; `undefined` is never stored. */
  /** Replaced, not cleared, by `clear()` and `close()` (see there). */
  #lru: LRUCache<string, NonNullable<unknown>>;
  readonly #lruOptions: LRUCache.Options<string, NonNullable<unknown>, unknown>;
  readonly #clone: boolean;
  readonly #sizeOf: EntrySizer | undefined;
  /** Without `clone`, entries are kept compact (see CompactEntry): ~64 bytes less per entry. */
  readonly #packer = new EntryPacker();
  readonly #evictListeners = new Set<(key: string) => void>();
  /**
   * The clock lru-cache judges bare values by: the reading of the operation in
   * progress, floored to a whole millisecond (see bare-value.ts). Set before
   * every lru-cache call that may look at a TTL.
   */
  #clock = 0;
  /** Filled by lru-cache on `getSync` with the start and TTL of a bare value. */
  readonly #times: LRUCache.Status<string, NonNullable<unknown>, unknown> = {};
  readonly #withTimes: LRUCache.GetOptions<string, NonNullable<unknown>, unknown> = { status: this.#times };
  /** Options of the hit path's read: none, but one object, not a new `{}` per call (lru-cache's default). */
  readonly #plainGet: LRUCache.GetOptions<string, NonNullable<unknown>, unknown> = {};
  #closed = false;

  /** @throws CacheConfigError for invalid options, or an unbounded store */
  constructor(options?: MemoryStoreOptions) {
    const { maxEntries, maxSize, sizeOf, clone } = resolveOptions(options);
    this.#clone = clone;
    this.#sizeOf = sizeOf;
    // No default `ttl`: a bare value carries its own (start, ttl) from its entry's times, and lru-cache
    // judges it by `#clock`, the caller's reading, not by its own clock: that is exact, follows jest fake
    // timers (lru-cache's clock hides behind a 1 ms timer, which fake timers freeze or skew) and reads no
    // clock per get. Wrapped entries are judged by their `staleUntil` here. Dead entries go when next
    // touched, or by LRU order.
    this.#lruOptions = {
      max: maxEntries,
      maxSize,
      perf: { now: () => this.#clock },
      ttlResolution: 0,
      // Not `noDisposeOnSet`: besides skipping overwrites, it defers the disposeAfter queue of the
      // evictions a set causes. Overwrites arrive with reason 'set' and are ignored below.
      // Listeners run after lru-cache has finished the operation, so one that throws cannot corrupt it.
      disposeAfter: (_entry, key, reason) => {
        // 'expire': lru-cache found a bare value past its TTL on a read.
        if (reason === 'evict' || reason === 'expire') this.#notifyEvicted(key);
      },
    };
    this.#lru = new LRUCache(this.#lruOptions);
  }

  /** Entries held, including expired ones not reclaimed yet. */
  get size(): number {
    return this.#lru.size;
  }

  /**
   * The live entry for `key`, synchronously; counts as a use for LRU order.
   * `now` is the caller's clock reading when it has one.
   */
  getSync(key: string, now = Date.now()): CacheEntry | undefined {
    this.#assertOpen();
    this.#clock = Math.floor(now);
    const stored = this.#lru.get(key, this.#withTimes);
    if (stored === undefined) return undefined;
    if (stored instanceof StoredEntry) {
      if (stored.staleUntil > now) return stored.read();
      this.#expire(key);
      return undefined;
    }
    const { start = 0, ttl = 0 } = this.#times;
    this.#times.value = undefined; // lru-cache leaves the value in the status; it must not pin it
    return bareEntry(stored, start, ttl);
  }

  /** The value under `key` if fresh at `now`, else `miss`; as `getSync` without building the entry (the provider's hit path). */
  getFreshValueSync(key: string, now: number, miss: unknown): unknown {
    // lru-cache's options passed rather than defaulted: this is the memory hit, and it stays small enough
    // for V8 to inline it into the provider's hit path in every process.
    if (this.#closed) throw new CacheClosedError('MemoryStore');
    this.#clock = Math.floor(now);
    const stored = this.#lru.get(key, this.#plainGet);
    if (stored === undefined) return miss;
    if (!(stored instanceof StoredEntry)) return stored; // bare: fresh for as long as it lives
    if (stored.staleUntil <= now) return this.#expired(key, miss);
    return stored.expiresAt > now ? stored.readValue() : miss;
  }

  /** Reclaims an expired wrapped entry found by a read (kept out of the hit path); answers `miss`. */
  #expired(key: string, miss: unknown): unknown {
    this.#expire(key);
    return miss;
  }

  /** The live entry for `key`, or `undefined`. */
  async get(key: string): Promise<CacheEntry | undefined> {
    return this.getSync(key);
  }

  /** Entries for `keys`, in order. */
  async getMany(keys: readonly string[]): Promise<Array<CacheEntry | undefined>> {
    return keys.map((key) => this.getSync(key));
  }

  /** Stores `entry` until its `staleUntil` (a copy of it with `clone: true`). */
  async set(key: string, entry: CacheEntry): Promise<void> {
    this.#write(key, entry, Date.now());
  }

  /** Stores every entry, each until its own `staleUntil`. */
  async setMany(items: ReadonlyArray<readonly [key: string, entry: CacheEntry]>): Promise<void> {
    const now = Date.now();
    for (const [key, entry] of items) this.#write(key, entry, now);
  }

  /** Removes `keys`; resolves to how many were live. Not reported to `onEvict` listeners. */
  async delete(keys: readonly string[]): Promise<number> {
    this.#assertOpen();
    const now = this.#tick();
    let live = 0;
    for (const key of keys) {
      // peek answers undefined for a bare value past its TTL.
      const stored = this.#lru.peek(key);
      if (this.#lru.delete(key) && stored !== undefined && (!(stored instanceof StoredEntry) || stored.staleUntil > now)) live++;
    }
    return live;
  }

  /** True when `get(key)` would hit; does not count as a use. */
  async has(key: string): Promise<boolean> {
    this.#assertOpen();
    const now = this.#tick();
    const stored = this.#lru.peek(key);
    if (stored === undefined) return false;
    if (!(stored instanceof StoredEntry) || stored.staleUntil > now) return true;
    this.#expire(key);
    return false;
  }

  /**
   * Live keys matching the glob `pattern`, in batches of up to 1,000. The
   * matches are collected in one synchronous pass before the first batch, so
   * deleting while iterating (as `revoke` does) is safe.
   */
  async *scan(pattern: string): AsyncIterable<string[]> {
    this.#assertOpen();
    const regexp = globToRegExp(pattern);
    const now = this.#tick();
    const matches: string[] = [];
    const dead: string[] = [];
    // lru-cache skips bare values past their TTL; they go when next read, or by LRU order.
    for (const [key, stored] of this.#lru.entries()) {
      if (stored instanceof StoredEntry && stored.staleUntil <= now) dead.push(key);
      else if (regexp.test(key)) matches.push(key);
    }
    // Reclaimed after the pass, not during it: lru-cache's iterator must not see its list change.
    for (const key of dead) this.#expire(key);
    for (let i = 0; i < matches.length; i += SCAN_BATCH) yield matches.slice(i, i + SCAN_BATCH);
  }

  /** Removes every entry (a memory store owns all it holds). Not reported to `onEvict` listeners. */
  async clear(): Promise<void> {
    this.#assertOpen();
    // Not lru-cache's clear(): see close(). An empty store keeps its cache (a new one allocates `maxEntries` slots).
    if (this.#lru.size > 0) this.#lru = new LRUCache(this.#lruOptions);
  }

  /** Drops every entry and listener; later calls throw `CacheClosedError`. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#evictListeners.clear();
    // A new, empty cache rather than lru-cache's clear(): with a disposeAfter it queues every entry
    // and drains the queue with Array#shift, quadratic in the entries (100,000 took 7.6 s).
    this.#lru = new LRUCache(this.#lruOptions);
  }

  /**
   * Calls `listener` with each key dropped for capacity or expiry (not for
   * `delete`, `clear` or an overwrite). A listener that throws makes the store
   * call that caused the eviction reject with its error; the call's own work
   * is done by then.
   */
  onEvict(listener: (key: string) => void): () => void {
    this.#evictListeners.add(listener);
    return () => this.#evictListeners.delete(listener);
  }

  /**
   * A fresh `MemoryTagIndex`. The provider wires `onEvict` to its `forget`;
   * wire it yourself when using the pair without a provider.
   */
  createTagIndex(): TagIndex {
    return new MemoryTagIndex();
  }

  /** Resolves while the store is open. */
  async ping(): Promise<void> {
    this.#assertOpen();
  }

  #write(key: string, entry: CacheEntry, now: number): void {
    this.#assertOpen();
    this.#clock = now;
    if (entry.staleUntil <= now) {
      // Already past its life: storing it would only delay the miss. Whatever was there is replaced by nothing.
      this.#lru.delete(key);
      return;
    }
    const size = this.#sizeOf ? measure(this.#sizeOf, entry, key) : undefined;
    const ttl = this.#clone ? 0 : bareTtl(entry);
    if (ttl > 0) {
      this.#lru.set(flatKey(key), entry.value as NonNullable<unknown>, { ttl, start: entry.createdAt, size });
      return;
    }
    const stored = this.#clone ? new CopiedEntry(entry, key) : this.#packer.pack(entry);
    // ttl 0 clears the TTL slot a bare value may have left under this key.
    this.#lru.set(flatKey(key), stored, { ttl: 0, size });
  }

  /** Reads the clock for an operation and hands it to lru-cache too. */
  #tick(): number {
    const now = Date.now();
    this.#clock = now;
    return now;
  }

  /** The entry outlived its `staleUntil`: drop it and tell listeners, as for a capacity eviction. */
  #expire(key: string): void {
    this.#lru.delete(key);
    this.#notifyEvicted(key);
  }

  #notifyEvicted(key: string): void {
    const failures: unknown[] = [];
    for (const listener of this.#evictListeners) {
      try {
        listener(key);
      } catch (error) {
        failures.push(error); // keep telling the other listeners, then surface every failure
      }
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new AggregateError(failures, `MemoryStore: ${failures.length} onEvict listeners failed for key '${key}'`);
  }

  #assertOpen(): void {
    if (this.#closed) throw new CacheClosedError('MemoryStore');
  }
}

/** Runs the user's `sizeOf`, turning a bad answer into an error that names it (lru-cache would throw a bare TypeError). */
function measure(sizeOf: EntrySizer, entry: CacheEntry, key: string): number {
  const size = sizeOf(entry, key);
  if (typeof size !== 'number' || !Number.isFinite(size) || size <= 0) {
    throw new CacheConfigError(`MemoryStore sizeOf returned ${String(size)} for key '${key}'; it must return a positive, finite number.`);
  }
  return Math.ceil(size);
}
