import 'reflect-metadata';
import { Cacheable } from '@type-cacheable/core';
import { useAdapter as useIoRedis } from '@type-cacheable/ioredis-adapter';
import { useAdapter as useLru } from '@type-cacheable/lru-cache-adapter';
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { CacheUnderTest, Library, OpenContext } from './library.js';

let source: OpenContext['load'] = () => undefined;
let prefix = '';

/** As its README writes it: a key builder over the arguments; the client is the global one set by `useAdapter`. */
class UserService {
  @Cacheable({ cacheKey: (args: unknown[]) => `${prefix}user:${String(args[0])}`, ttlSeconds: 300 })
  async get(id: string): Promise<unknown> {
    return source(id);
  }
}

export const typeCacheable: Library = {
  async open(ctx): Promise<CacheUnderTest> {
    source = ctx.load;
    prefix = ctx.prefix;
    let redis: Redis | undefined;
    // The adapter's types name lru-cache's CommonJS declarations, ours its ESM ones: same class at run time.
    type AdapterLru = Parameters<typeof useLru>[0];
    if (ctx.backend === 'memory') useLru(new LRUCache<string, object>({ max: ctx.capacity }) as unknown as AdapterLru);
    else useIoRedis((redis = new Redis(ctx.redisUrl)));
    const users = new UserService();
    return {
      get: (key) => users.get(key),
      close: async () => {
        redis?.disconnect();
      },
    };
  },
};
