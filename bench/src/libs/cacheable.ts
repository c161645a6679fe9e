import { createKeyv as createRedisKeyv } from '@keyv/redis';
import { Cacheable, createKeyv as createMemoryKeyv } from 'cacheable';
import type { CacheUnderTest, Library, OpenContext } from './library.js';

/** cacheable's layering: `primary` is in-memory by default, `secondary` the shared store. */
function layers(ctx: OpenContext) {
  const memory = () => createMemoryKeyv({ lruSize: ctx.capacity });
  const redis = () => createRedisKeyv(ctx.redisUrl, { namespace: `${ctx.prefix}cacheable` });
  if (ctx.backend === 'memory') return { primary: memory() };
  if (ctx.backend === 'redis') return { primary: redis() };
  return { primary: memory(), secondary: redis() };
}

export const cacheable: Library = {
  async open(ctx): Promise<CacheUnderTest> {
    const cache = new Cacheable({ ttl: ctx.ttlMs, ...layers(ctx) });
    return {
      get: (key) => cache.getOrSet(key, async () => ctx.load(key)),
      close: () => cache.disconnect(),
    };
  },
};
