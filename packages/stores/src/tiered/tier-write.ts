import type { CacheEntry, CacheStore } from '@cachet/core';
import type { WriteAnnouncement } from '@cachet/tags';
import type { TierParts } from './tier-parts';

/** Writes L2 with `writeL2` (false: it refused, nothing written), then L1, then tells peers; resolves to whether L2 took it. */
export async function writeTiers(parts: TierParts, items: ReadonlyArray<readonly [string, CacheEntry]>, writeL2: (l2: CacheStore) => Promise<boolean | void>, announcement?: WriteAnnouncement): Promise<boolean> {
  const { l1, l2 } = parts;
  const keys = items.map(([key]) => key);
  // Taken before L2 is written: a peer's invalidation arriving meanwhile must stop the L1 copy.
  const tickets = l1 && keys.map((key) => l1.gate.begin(key));
  let written = false;
  let taken = true;
  try {
    if (l2) taken = (await writeL2(l2)) !== false;
    written = true;
    if (l1 && tickets) {
      const copy = taken && (l2 === undefined || parts.options.writeThrough);
      await Promise.all(
        items.map(async ([key, entry], i) => {
          if (!copy) await l1.drop([key]);
          else if (!(await l1.fill(key, entry, tickets[i], true))) parts.counts.fillsSkipped++;
        }),
      );
    }
  } finally {
    tickets?.forEach((ticket) => l1?.gate.end(ticket));
    // L2 failed: it may hold the old value or the new one, so no L1 copy is safe.
    if (!written && l1) await l1.drop(keys);
    if (announcement?.outcome === 'published') parts.link?.publishedElsewhere();
    else if (announcement?.outcome === 'unneeded') parts.link?.unannounced();
    else await parts.link?.publish('keys', keys);
  }
  return taken;
}
