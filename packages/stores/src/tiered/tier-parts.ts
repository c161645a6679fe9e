import type { CacheStore } from '@cachet/core';
import { BusLink } from './bus-link';
import { createReporter } from './error-reporter';
import { defaultBus, l1Handlers } from './l1-bus-wiring';
import { L1Tier } from './l1-tier';
import { RedisInvalidationBus } from './redis-invalidation-bus';
import { resolveOptions } from './tiered-store.options';
import type { ResolvedTieredStoreOptions, TieredStoreOptions } from './tiered-store.options';
import type { TieredStoreStats } from './tiered-stats';

/** What a TieredStore counts of its reads and L1 copies: `TieredStoreStats` without the bus. */
export type TierCounts = Omit<TieredStoreStats, 'bus'>;

/**
 * The working parts of a TieredStore, built once from its options. The store
 * keeps each in a field of its own, so its hot paths (an L1 hit) read them
 * without a hop; its L2 read and write helpers (l2-read.ts, tier-write.ts)
 * take them all at once.
 */
export interface TierParts {
  readonly options: ResolvedTieredStoreOptions;
  readonly l1: L1Tier | undefined;
  readonly l2: CacheStore | undefined;
  readonly link: BusLink | undefined;
  /** The channel of the default bus, on L2's own Redis: a tag index's write may publish there itself (see `writeThrough`). */
  readonly announceOn: string | undefined;
  readonly counts: TierCounts;
  /** Reports L2 read failures that an L1 copy answered (nobody else hears of them: the caller got a value). */
  readonly reportFallback: (error: unknown, operation: string) => void;
}

/**
 * L1, L2 and the bus link wired together as `given` asks.
 * @throws CacheConfigError for invalid options (see `TieredStoreOptions`)
 */
export function buildTierParts(given: TieredStoreOptions): TierParts {
  const options = resolveOptions(given);
  const { l1, l2, bus, l1TtlFraction } = options;
  const chosen = bus === false ? undefined : (bus ?? defaultBus(given.l2));
  // Without L2, L1 is the only copy and keeps entries for their whole life.
  const tier = l1 && new L1Tier(l1, l2 ? l1TtlFraction : undefined, chosen !== undefined);
  const handlers = tier && l1Handlers(tier);
  const report = createReporter(options.onError);
  const announceOn = bus === undefined && chosen instanceof RedisInvalidationBus ? chosen.channel : undefined;
  const link = chosen && new BusLink(chosen, bus === undefined, handlers, options.maxPendingMessages, report);
  const counts = { l1Hits: 0, l2Hits: 0, misses: 0, promotions: 0, l1Fallbacks: 0, fillsSkipped: 0 };
  return { options, l1: tier, l2, link, announceOn, counts, reportFallback: report };
}
