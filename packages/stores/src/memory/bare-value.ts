import type { CacheEntry } from '@cachet/core';
import { NO_TAGS } from './compact-entry';

/**
 * Why most entries are kept as their bare value: with no tags and no grace
 * (`expiresAt === staleUntil`, the provider's default) an entry is its value
 * plus two numbers, and lru-cache has slots for exactly those two — a start
 * and a TTL per entry, 16 bytes in two preallocated arrays. Keeping the value
 * itself in the cache and the times in those slots saves the 48-byte
 * {@link CompactEntry} per entry (W6: 100,000 small entries, Node 20 x64).
 *
 * lru-cache's rule is "stale once `now - start > ttl`"; an entry lives while
 * `now < staleUntil`. With whole-millisecond times and the clock floored to a
 * whole millisecond, `ttl = life - 1` makes the two the same.
 */

/**
 * The lru-cache TTL that keeps `entry` exactly as a bare value, or 0 when it
 * cannot be kept bare: it has tags or a grace period, its times are not whole
 * milliseconds, it lives less than 2 ms (lru-cache reads a TTL or start of 0
 * as "no TTL"), or its value is `undefined` (lru-cache reads a set of
 * `undefined` as a delete).
 */
export function bareTtl(entry: CacheEntry): number {
  const { createdAt, staleUntil } = entry;
  if (entry.tags.length !== 0 || entry.expiresAt !== staleUntil || entry.value === undefined) return 0;
  if (!Number.isSafeInteger(createdAt) || !Number.isSafeInteger(staleUntil) || createdAt <= 0) return 0;
  const life = staleUntil - createdAt;
  return life >= 2 && Number.isSafeInteger(life) ? life - 1 : 0;
}

/** The entry a bare value stands for, from the start and TTL lru-cache kept for it. */
export function bareEntry(value: unknown, start: number, ttl: number): CacheEntry {
  const staleUntil = start + ttl + 1;
  // Same property order as the provider's entries, so both share one hidden class.
  return { value, createdAt: start, expiresAt: staleUntil, staleUntil, tags: NO_TAGS };
}
