import type { CacheEntry } from '@cachet/core';
import { CoherenceGate } from './coherence-gate';
import type { GateTicket } from './coherence-gate';
import { LocalTagMap } from './local-tag-map';
import type { LocalStore } from './tiered-store.options';

/**
 * The L1 side of a TieredStore: copies of entries in an in-process store,
 * their tags, and the coherence rules.
 *
 * L1 holds each entry wrapped in a record whose own `staleUntil` is the copy's
 * L1 deadline, with the entry itself, untouched, as the record's value: the
 * in-process store drops the copy at its deadline, while readers get exactly
 * the entry L2 holds (same `expiresAt`, `staleUntil`, tags). A record is fresh
 * for exactly as long as it lives, so a store's `getFreshValueSync` (a
 * MemoryStore's) hands that value out without building the record.
 *
 * While suspended (the bus cannot promise delivery) L1 is neither read nor
 * filled; `resume` flushes it first, since messages may have been lost.
 */
export class L1Tier {
  /** Coherence of fills against invalidations; see {@link CoherenceGate}. */
  readonly gate = new CoherenceGate();
  private readonly tags = new LocalTagMap();
  private readonly stopListening: () => void;
  private suspended: boolean;
  /** Advanced by every suspend / resume, so a resume overtaken by a later suspend leaves L1 suspended. */
  private epoch = 0;

  /**
   * @param store the in-process store, used by this tier alone
   * @param fraction share of an entry's remaining lifetime its copy lives; `undefined` for all of it (no L2)
   * @param suspended start suspended (until the bus first confirms delivery)
   */
  constructor(
    private readonly store: LocalStore,
    private readonly fraction: number | undefined,
    suspended: boolean,
  ) {
    this.suspended = suspended;
    this.stopListening = store.onEvict((key) => this.tags.remove(key));
  }

  /** False while L1 is bypassed because the bus may be missing messages. */
  get serving(): boolean {
    return !this.suspended;
  }

  /** The entry copied under `key`, synchronously; `undefined` when not here (or suspended). */
  read(key: string, now = Date.now()): CacheEntry | undefined {
    return this.suspended ? undefined : this.copyOf(key, now);
  }

  /**
   * The copy under `key` even while L1 is suspended: the last resort when L2
   * cannot be read. A copy that survived the suspension was made before the
   * bus went down and still lives within its L1 deadline; `resume` flushes it.
   */
  readFallback(key: string): CacheEntry | undefined {
    return this.copyOf(key, Date.now());
  }

  private copyOf(key: string, now: number): CacheEntry | undefined {
    // The record's value (the entry) without building the record first, where the store can: every L1 hit passes here.
    // No record holds undefined, so it serves as the miss.
    if (this.store.getFreshValueSync !== undefined) return this.store.getFreshValueSync(key, now, undefined) as CacheEntry | undefined;
    return (this.store.getSync(key, now) as CacheEntry<CacheEntry> | undefined)?.value;
  }

  /**
   * Copies `entry` into L1 unless an invalidation came after `ticket` was taken.
   * A `write` also supersedes reads in flight, and drops the old copy when it
   * cannot make a new one. Resolves to true when the copy was made.
   */
  async fill(key: string, entry: CacheEntry, ticket: GateTicket, write: boolean): Promise<boolean> {
    const now = Date.now();
    const until = this.fraction === undefined ? entry.staleUntil : Math.floor(now + (entry.staleUntil - now) * this.fraction);
    const allowed = !this.suspended && (write ? this.gate.claim(ticket) : this.gate.isCurrent(ticket));
    if (!allowed || until - now < 1) {
      if (write) await this.drop([key]);
      return false;
    }
    const record: CacheEntry<CacheEntry> = { value: entry, expiresAt: until, staleUntil: until, tags: entry.tags, createdAt: now };
    // Tags first: a tag invalidation arriving while an asynchronous L1 writes must find the key.
    this.tags.set(key, entry.tags);
    await this.store.set(key, record);
    if (this.gate.isCurrent(ticket) && !this.suspended) return true;
    // An invalidation slipped in while the store wrote: it may have run before the copy landed.
    this.tags.remove(key);
    await this.store.delete([key]);
    return false;
  }

  /** Drops the copies of `keys`; resolves to how many were live. */
  async drop(keys: readonly string[]): Promise<number> {
    this.gate.invalidateKeys(keys);
    for (const key of keys) this.tags.remove(key);
    return this.store.delete(keys);
  }

  /** Drops every copy carrying any of `tags`; resolves to how many were live. */
  async dropTags(tags: readonly string[]): Promise<number> {
    this.gate.invalidateAll();
    const keys = this.tags.keysFor(tags);
    keys.forEach((key) => this.tags.remove(key));
    return keys.length === 0 ? 0 : this.store.delete(keys);
  }

  /** Drops every copy whose key matches the glob `pattern`; resolves to how many were live. */
  async dropPattern(pattern: string): Promise<number> {
    this.gate.invalidateAll();
    let dropped = 0;
    for await (const batch of this.store.scan(pattern)) {
      batch.forEach((key) => this.tags.remove(key));
      dropped += await this.store.delete(batch);
    }
    return dropped;
  }

  /** Drops every copy. */
  async flush(): Promise<void> {
    this.gate.invalidateAll();
    this.tags.clear();
    await this.store.clear();
  }

  /** Stops serving and filling L1 (and voids fills in flight) until `resume`. */
  suspend(): void {
    this.epoch++;
    this.suspended = true;
    this.gate.invalidateAll();
  }

  /** Flushes L1, then serves it again. */
  async resume(): Promise<void> {
    const epoch = ++this.epoch;
    this.suspended = true;
    await this.flush();
    if (epoch === this.epoch) this.suspended = false;
  }

  /** Stops listening to the store's evictions. */
  detach(): void {
    this.stopListening();
    this.tags.clear();
  }
}
