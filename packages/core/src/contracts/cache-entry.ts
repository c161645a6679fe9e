/**
 * What a store keeps for one key. Times are absolute epoch milliseconds so that
 * an entry read back from a shared store means the same on every instance.
 */
export interface CacheEntry<T = unknown> {
  /** The cached value; `undefined` and `null` are valid cached values. */
  readonly value: T;
  /** Epoch ms at which the value stops being fresh. */
  readonly expiresAt: number;
  /**
   * Epoch ms until which the store keeps the entry (≥ `expiresAt`). Between the
   * two the entry is stale: served only under grace or stale-while-revalidate.
   * Stores use it as the physical TTL.
   */
  readonly staleUntil: number;
  /** Tags the entry was written with (full, namespaced tag names). */
  readonly tags: readonly string[];
  /** Epoch ms at which the entry was written. */
  readonly createdAt: number;
}

/** Milliseconds a store should keep `entry` from `now`: never ≤ 0 for a live entry. */
export function physicalTtl(entry: Pick<CacheEntry, 'staleUntil'>, now = Date.now()): number {
  return Math.max(1, Math.ceil(entry.staleUntil - now));
}
