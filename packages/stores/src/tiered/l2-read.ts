import type { CacheEntry, CacheStore } from '@cachet/core';
import type { GateTicket } from './coherence-gate';
import type { TierParts } from './tier-parts';

/** Counts what L2 answered for `key` and, for a hit, copies it into L1 (`promote`) unless an invalidation overtook `ticket`. */
export async function countAndPromote(parts: TierParts, key: string, entry: CacheEntry | undefined, ticket: GateTicket | undefined): Promise<void> {
  const { counts, l1 } = parts;
  if (entry === undefined) {
    counts.misses++;
    return;
  }
  counts.l2Hits++;
  if (l1 === undefined || ticket === undefined || !parts.options.promote) return;
  if (await l1.fill(key, entry, ticket, false)) counts.promotions++;
  else counts.fillsSkipped++;
}

/**
 * `l2.getMany(keys)`; when it fails and every key has an L1 copy (kept even
 * while L1 is suspended), those copies, `fromL1` (`fallbackToL1`). A batch
 * with a key lacking a copy fails as a whole: the caller's fail-open path
 * then runs, and the error is not hidden.
 */
export async function readL2(parts: TierParts, l2: CacheStore, keys: readonly string[]): Promise<{ entries: Array<CacheEntry | undefined>; fromL1: boolean }> {
  try {
    return { entries: await l2.getMany(keys), fromL1: false };
  } catch (error) {
    return { entries: fallbackFor(parts, keys, error), fromL1: true };
  }
}

/** The L1 copies of `keys` after L2 failed with `error` (`fallbackToL1`); rethrows `error` unless every key has one. */
export function fallbackFor(parts: TierParts, keys: readonly string[], error: unknown): CacheEntry[] {
  const l1 = parts.l1;
  if (!parts.options.fallbackToL1 || l1 === undefined) throw error;
  const copies = keys.map((key) => l1.readFallback(key));
  if (!copies.every((copy) => copy !== undefined)) throw error;
  parts.counts.l1Fallbacks += copies.length;
  parts.reportFallback(error, 'l2.read');
  return copies;
}
