import { createKeyv as createRedisKeyv } from '@keyv/redis';
import { createCache } from 'cache-manager';
import { Keyv } from 'keyv';
import type { CacheUnderTest, Library, OpenContext } from './library.js';

/** cache-manager 7 stores are Keyv instances, first = fastest; its default is one in-memory Keyv (a Map, unbounded). */
function stores(ctx: OpenContext): Keyv[] | undefined {
  const redis = () => createRedisKeyv(ctx.redisUrl, { namespace: `${ctx.prefix}cm` });
  if (ctx.backend === 'memory') return undefined;
  if (ctx.backend === 'redis') return [redis()];
  return [new Keyv(), redis()];
}

export const cacheManager: Library = {
  async open(ctx): Promise<CacheUnderTest> {
    const cache = createCache({ ttl: ctx.ttlMs, stores: stores(ctx) });
    return {
      get: (key) => cache.wrap(key, () => ctx.load(key)),
      close: async () => {
        await cache.disconnect();
      },
    };
  },
};
