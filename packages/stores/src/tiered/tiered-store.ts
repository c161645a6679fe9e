import { CacheClosedError, CacheConfigError } from '@cachet/core';
import type { CacheEntry, CacheStore, DistributedLock, Serializer, TagIndex } from '@cachet/core';
import type { LayeredStore, WriteAnnouncement } from '@cachet/tags';
import type { BusLink } from './bus-link';
import { countAndPromote, fallbackFor, readL2 } from './l2-read';
import type { L1Tier } from './l1-tier';
import { buildTierParts } from './tier-parts';
import type { TierCounts, TierParts } from './tier-parts';
import { writeTiers } from './tier-write';
import type { ResolvedTieredStoreOptions, TieredStoreOptions } from './tiered-store.options';
import { newBusCounters } from './tiered-stats';
import type { TieredStoreStats } from './tiered-stats';

/**
 * Two tiers: a fast in-process L1 (a `MemoryStore`) in front of a shared L2
 * (a `RedisStore`), kept coherent across every instance by an invalidation bus.
 *
 * Reads try L1, then L2; an L2 hit is copied into L1 for `l1TtlFraction` of its
 * remaining lifetime. An L1 hit never touches L2, and `getSync` answers it
 * without a promise. Writes go to L2, then L1. Every write, delete, tag
 * invalidation, revoke and clear is published on the bus (keys, tags or
 * patterns — never values), and every other instance drops the affected L1
 * copies; a write the tag index's script makes into an empty L2 key is not
 * (no peer can hold a copy of it, see the README). While the bus cannot
 * promise delivery, L1 is bypassed, and it is flushed before it is used
 * again; until then its copies only answer reads that L2 fails
 * (`fallbackToL1`), so a Redis outage does not empty the cache.
 *
 * @example
 * const redis = new Redis();
 * const store = new TieredStore({ l1: new MemoryStore({ maxEntries: 10_000 }), l2: new RedisStore({ client: redis }) });
 * CacheModule.configure({ store }); // tag index: a RedisTagIndex (the L2's)
 */
export class TieredStore implements LayeredStore {
  /** `'tiered'`. */
  readonly name = 'tiered';
  /** `getSync` reads L1 only: its `undefined` sends the provider to `get` (L2), not to the loader. */
  readonly partialGetSync = true;
  private readonly options: ResolvedTieredStoreOptions;
  private readonly l1: L1Tier | undefined;
  private readonly l2: CacheStore | undefined;
  private readonly link: BusLink | undefined;
  /** The channel of the default bus, on L2's own Redis: a tag index's write may publish there itself (see `writeThrough`). */
  private readonly announceOn: string | undefined;
  private readonly counts: TierCounts;
  /** Options, tiers, link and counts as one object, for the L2 read and write helpers (l2-read.ts, tier-write.ts). */
  private readonly parts: TierParts;
  private closed = false;

  /** @throws CacheConfigError for invalid options (see `TieredStoreOptions`) */
  constructor(options: TieredStoreOptions) {
    const parts = buildTierParts(options);
    this.parts = parts;
    this.options = parts.options;
    this.l1 = parts.l1;
    this.l2 = parts.l2;
    this.link = parts.link;
    this.announceOn = parts.announceOn;
    this.counts = parts.counts;
  }

  /** The serializer of the tier that holds the truth (L2, or L1 when L2 is disabled). */
  get serializer(): Serializer | undefined {
    return this.truth.serializer;
  }

  /** The L1 copy of `key`, synchronously; `undefined` means "not in L1" (see `partialGetSync`). */
  getSync(key: string, now?: number): CacheEntry | undefined {
    this.assertOpen();
    // The caller's clock reading (the provider's hit clock), so an L1 hit reads the clock no more than a memory hit does.
    const entry = this.l1?.read(key, now);
    if (entry !== undefined) this.counts.l1Hits++;
    return entry;
  }

  /**
   * The value of L1's copy when it is fresh at `now`, else `miss`; L2 is not
   * read (see `partialGetSync`). Every plain L1 hit comes here: no CacheEntry
   * is handed out, and the provider skips its entry checks.
   */
  getFreshValueSync(key: string, now: number, miss: unknown): unknown {
    this.assertOpen();
    const entry = this.l1?.read(key, now);
    if (entry === undefined || entry.expiresAt <= now) return miss;
    this.counts.l1Hits++;
    return entry.value;
  }

  /**
   * L1, else L2 (copied into L1 when `promote`). `getMany` for one key, but
   * with L2's own `get`: every provider read of a key L1 lacks comes here,
   * and a batch of one cost an MGET with its slot grouping and a dozen promises.
   */
  async get(key: string): Promise<CacheEntry | undefined> {
    this.assertOpen();
    const { l1, l2 } = this;
    const local = l1?.read(key);
    if (local !== undefined) {
      this.counts.l1Hits++;
      return local;
    }
    if (l2 === undefined) {
      this.counts.misses++;
      return undefined;
    }
    const ticket = l1?.gate.begin(key);
    try {
      let entry: CacheEntry | undefined;
      try {
        entry = await l2.get(key);
      } catch (error) {
        return fallbackFor(this.parts, [key], error)[0];
      }
      await countAndPromote(this.parts, key, entry, ticket);
      return entry;
    } finally {
      if (ticket) l1?.gate.end(ticket);
    }
  }

  /** Entries for `keys`: L1 first, one `getMany` on L2 for the rest. */
  async getMany(keys: readonly string[]): Promise<Array<CacheEntry | undefined>> {
    this.assertOpen();
    const { l1, l2 } = this;
    const result = keys.map((key) => l1?.read(key));
    const missing = keys.flatMap((_, i) => (result[i] === undefined ? [i] : []));
    this.counts.l1Hits += keys.length - missing.length;
    if (l2 === undefined || missing.length === 0) {
      this.counts.misses += missing.length;
      return result;
    }
    const tickets = l1 && missing.map((i) => l1.gate.begin(keys[i]));
    try {
      const { entries: found, fromL1 } = await readL2(this.parts, l2, missing.map((i) => keys[i]));
      if (fromL1) {
        found.forEach((entry, j) => (result[missing[j]] = entry));
        return result;
      }
      await Promise.all(
        found.map((entry, j) => {
          result[missing[j]] = entry;
          return countAndPromote(this.parts, keys[missing[j]], entry, tickets?.[j]);
        }),
      );
      return result;
    } finally {
      tickets?.forEach((ticket) => l1?.gate.end(ticket));
    }
  }

  /** True when `get(key)` would return an entry (without copying anything into L1). */
  async has(key: string): Promise<boolean> {
    this.assertOpen();
    if (this.l1?.read(key) !== undefined) return true;
    return this.l2 ? this.l2.has(key) : false;
  }

  /** Writes L2, then L1 (`writeThrough`; else drops the L1 copy), then tells peers to drop theirs. */
  async set(key: string, entry: CacheEntry): Promise<void> {
    this.assertOpen();
    await writeTiers(this.parts, [[key, entry]], (l2) => l2.set(key, entry));
  }

  /** L2, for a tag index that writes it itself (see `writeThrough`); undefined without L2. */
  get storeBeneath(): CacheStore | undefined {
    return this.l2;
  }

  /**
   * A tag index's write: `write` puts the entry into L2 (a RedisTagIndex in
   * one script, which also publishes the bus message when the default bus is
   * on that Redis), then L1 and the bus follow as for `set`; a write the index
   * refused (false) leaves no L1 copy.
   */
  async writeThrough(key: string, entry: CacheEntry, write: (announcement: WriteAnnouncement | undefined) => Promise<boolean>): Promise<boolean> {
    this.assertOpen();
    const payload = this.announceOn === undefined ? undefined : this.link?.payloadFor('keys', [key]);
    const announcement = payload === undefined || this.announceOn === undefined ? undefined : { channel: this.announceOn, payload, outcome: undefined };
    return writeTiers(this.parts, [[key, entry]], () => write(announcement), announcement);
  }

  /** `set` for many entries, with one `setMany` on L2. */
  async setMany(items: ReadonlyArray<readonly [key: string, entry: CacheEntry]>): Promise<void> {
    this.assertOpen();
    await writeTiers(this.parts, items, (l2) => l2.setMany(items));
  }

  /** Deletes from both tiers and tells peers; resolves to how many existed (in L2, or L1 without L2). */
  async delete(keys: readonly string[]): Promise<number> {
    this.assertOpen();
    let count = 0;
    try {
      if (this.l2) count = await this.l2.delete(keys);
    } finally {
      // Even when L2 failed: it may have deleted some, and a copy that outlives its L2 entry is the one thing L1 must never hold.
      const local = this.l1 ? await this.l1.drop(keys) : 0;
      if (this.l2 === undefined) count = local;
      await this.link?.publish('keys', keys);
    }
    return count;
  }

  /** Keys matching `pattern` in the tier that holds the truth (L2; L1 when L2 is disabled). */
  scan(pattern: string): AsyncIterable<string[]> {
    this.assertOpen();
    return this.truth.scan(pattern);
  }

  /** Clears both tiers (each its own prefix only) and tells every peer to flush its L1. */
  async clear(): Promise<void> {
    this.assertOpen();
    try {
      await this.l2?.clear();
    } finally {
      await this.l1?.flush();
      await this.link?.publish('flush', []);
    }
  }

  /** Drops local L1 copies carrying any of `tags` (no L2 round trip) and tells every peer to do the same. */
  async onTagsInvalidated(tags: readonly string[]): Promise<void> {
    this.assertOpen();
    await this.l1?.dropTags(tags);
    await this.l2?.onTagsInvalidated?.(tags);
    await this.link?.publish('tags', tags);
  }

  /** Drops local L1 copies whose keys match `pattern` and tells every peer to do the same. */
  async onRevoked(pattern: string): Promise<void> {
    this.assertOpen();
    await this.l1?.dropPattern(pattern);
    await this.l2?.onRevoked?.(pattern);
    await this.link?.publish('patterns', [pattern]);
  }

  /**
   * Reports keys the tier holding the truth dropped by itself (L2, or L1 when
   * L2 is disabled). L1 evictions of copies are not reported: L2 still holds
   * those entries, so the tag index must keep them.
   */
  onEvict(listener: (key: string) => void): () => void {
    return this.truth.onEvict?.(listener) ?? (() => undefined);
  }

  /**
   * The tag index of the tier holding the truth: a `RedisTagIndex` for a
   * `RedisStore` L2. It writes and deletes through this store, so both tiers
   * and the bus see every change.
   * @throws CacheConfigError when that tier has no tag index of its own
   */
  createTagIndex(): TagIndex {
    const tier = this.truth;
    if (tier.createTagIndex === undefined) throw new CacheConfigError(`TieredStore: its tier '${tier.name}' has no default tag index; pass { tags } to the provider.`);
    return tier.createTagIndex();
  }

  /** The lock of the tier holding the truth (a `RedisLock` for a `RedisStore` L2); none for memory only. */
  createLock(): DistributedLock | undefined {
    return this.truth.createLock?.();
  }

  /** A round trip to L2 (L1 when L2 is disabled). */
  async ping(): Promise<void> {
    this.assertOpen();
    const tier = this.truth;
    if (tier.ping) await tier.ping();
    else await tier.get('~tiered:ping');
  }

  /**
   * Resolves once the bus confirms delivery and L1 has been flushed (at once
   * without a bus). Until then L1 is bypassed: reads go to L2.
   */
  ready(): Promise<void> {
    return this.link?.whenUp() ?? Promise.resolve();
  }

  /** Counters of both tiers and the bus (a snapshot). */
  stats(): TieredStoreStats {
    const link = this.link;
    const bus = link ? { ...link.counters, state: link.state, queued: link.queued } : { ...newBusCounters(), state: 'off' as const, queued: 0 };
    return { ...this.counts, bus };
  }

  /**
   * Stops the bus (closing the subscriber connection it created; a bus you
   * passed is unsubscribed, not closed), then closes both tiers — each
   * releases only what it created (a `RedisStore` never quits a client you
   * passed). No timer is left behind.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.link?.close();
    this.l1?.detach();
    const results = await Promise.allSettled(this.options.given.map((store) => store.close()));
    const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
    if (failures.length > 0) throw new AggregateError(failures, `TieredStore: closing ${failures.length} tier(s) failed`);
  }

  /** L2, or L1 when L2 is disabled. */
  private get truth(): CacheStore {
    return this.l2 ?? this.options.given[0];
  }

  private assertOpen(): void {
    if (this.closed) throw new CacheClosedError('TieredStore');
  }
}
