import type { CacheEntry } from '@cachet/core';
import { CompactEntry, Lifetime, TaggedCompactEntry } from './compact-entry';
import { KeptEntry } from './stored-entry';
import type { StoredEntry } from './stored-entry';

/**
 * Offsets stay within ±(2^30 - 1) ms (≈ 12 days) of their lifetime's base, so
 * they are small integers on every V8 build (31-bit with pointer compression).
 * Further away, a new lifetime starts.
 */
const MAX_OFFSET = 2 ** 30 - 1;

/**
 * Distinct lifetimes remembered for sharing. Past it the table starts over
 * (entries keep theirs), so a caller whose every entry has its own TTL costs
 * one lifetime per entry, about what a plain entry costs, and no more.
 */
const MAX_LIFETIMES = 256;

/**
 * Repacks entries into {@link CompactEntry} for one store, sharing a
 * {@link Lifetime} between entries of the same durations. One per store, so
 * the table dies with it.
 */
export class EntryPacker {
  /** fresh → life → lifetime. */
  readonly #lifetimes = new Map<number, Map<number, Lifetime>>();
  #count = 0;

  /**
   * The compact form of `entry`, or `entry` as given when its times are not
   * whole milliseconds (`Infinity` included): the compact form could not give
   * them back exactly.
   */
  pack(entry: CacheEntry): StoredEntry {
    const { createdAt, expiresAt, staleUntil } = entry;
    if (!Number.isSafeInteger(createdAt) || !Number.isSafeInteger(expiresAt) || !Number.isSafeInteger(staleUntil)) return new KeptEntry(entry);
    const fresh = expiresAt - createdAt;
    const life = staleUntil - createdAt;
    if (!Number.isSafeInteger(fresh) || !Number.isSafeInteger(life)) return new KeptEntry(entry);
    const lifetime = this.#lifetimeFor(fresh, life, createdAt);
    const offset = createdAt - lifetime.base;
    const tags = entry.tags;
    return tags.length === 0 ? new CompactEntry(entry.value, lifetime, offset) : new TaggedCompactEntry(entry.value, lifetime, offset, tags);
  }

  #lifetimeFor(fresh: number, life: number, createdAt: number): Lifetime {
    let byLife = this.#lifetimes.get(fresh);
    const known = byLife?.get(life);
    if (known !== undefined && Math.abs(createdAt - known.base) <= MAX_OFFSET) return known;
    if (known === undefined && this.#count >= MAX_LIFETIMES) {
      this.#lifetimes.clear();
      this.#count = 0;
      byLife = undefined;
    }
    if (byLife === undefined) this.#lifetimes.set(fresh, (byLife = new Map()));
    if (known === undefined) this.#count++;
    // A known lifetime too far from `createdAt` is replaced: later entries sit near the new base.
    const lifetime = new Lifetime(createdAt, fresh, life);
    byLife.set(life, lifetime);
    return lifetime;
  }
}
