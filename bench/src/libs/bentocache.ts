import { BentoCache, bentostore } from 'bentocache';
import { memoryDriver } from 'bentocache/drivers/memory';
import { redisBusDriver, redisDriver } from 'bentocache/drivers/redis';
import { Redis } from 'ioredis';
import type { CacheUnderTest, Library, OpenContext } from './library.js';

function storeFor(ctx: OpenContext, redis: Redis) {
  const l1 = () => memoryDriver({ maxItems: ctx.capacity });
  if (ctx.backend === 'memory') return bentostore().useL1Layer(l1());
  if (ctx.backend === 'redis') return bentostore().useL2Layer(redisDriver({ connection: redis }));
  // bentocache's documented two-level setup: memory L1, Redis L2, Redis bus to keep the L1s coherent
  // (cachet's TieredStore also runs its bus by default, so both pay for one).
  return bentostore()
    .useL1Layer(l1())
    .useL2Layer(redisDriver({ connection: redis }))
    .useBus(redisBusDriver({ connection: redis.duplicate() }));
}

export const bentocache: Library = {
  async open(ctx): Promise<CacheUnderTest> {
    const redis = new Redis(ctx.redisUrl, { lazyConnect: true });
    const bento = new BentoCache({ default: 'cache', prefix: `${ctx.prefix}bento`, ttl: ctx.ttlMs, stores: { cache: storeFor(ctx, redis) } });
    return {
      get: (key) => bento.getOrSet({ key, factory: () => ctx.load(key) }),
      getTagged: (key, tags) => bento.getOrSet({ key, factory: () => ctx.load(key), tags: [...tags] }),
      invalidateTag: async (tag) => {
        await bento.deleteByTag({ tags: [tag] });
      },
      close: async () => {
        await bento.disconnectAll();
        redis.disconnect();
      },
    };
  },
};
