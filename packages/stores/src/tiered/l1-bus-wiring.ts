import type { CacheStore } from '@cachet/core';
import type { RedisBackedStore } from '@cachet/tags';
import type { BusLinkHandlers } from './bus-link';
import type { InvalidationMessage } from './bus-message';
import type { InvalidationBus } from './invalidation-bus';
import type { L1Tier } from './l1-tier';
import { RedisInvalidationBus } from './redis-invalidation-bus';

/** What the bus does to a TieredStore's L1: apply peers' messages, and suspend / resume it with delivery. */
export function l1Handlers(l1: L1Tier): BusLinkHandlers {
  return {
    apply: (message) => applyToL1(l1, message),
    down: () => l1.suspend(),
    up: () => l1.resume(),
  };
}

/** Applies a peer's message: only ever drops L1 copies. */
async function applyToL1(l1: L1Tier, { op, items }: InvalidationMessage): Promise<void> {
  if (op === 'keys') await l1.drop(items);
  else if (op === 'tags') await l1.dropTags(items);
  else if (op === 'patterns') for (const pattern of items) await l1.dropPattern(pattern);
  else await l1.flush();
}

/** A Redis pub/sub bus when L2 lives in Redis (`RedisStore`), on channel `<prefix>~bus`. */
export function defaultBus(l2: CacheStore): InvalidationBus | undefined {
  const target = (l2 as Partial<RedisBackedStore>).redisTarget;
  return target ? new RedisInvalidationBus({ client: target.client, channel: `${target.prefix}~bus` }) : undefined;
}
