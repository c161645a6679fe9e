import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { CacheUnderTest, Library, OpenContext } from './library.js';

/**
 * The floors: what a cache cannot beat. Each is read-through like the
 * libraries (a miss loads and stores), with nothing else on its hit path.
 */

export const mapFloor: Library = {
  async open(ctx): Promise<CacheUnderTest> {
    const map = new Map<string, unknown>();
    return {
      get(key) {
        let value = map.get(key);
        if (value === undefined) map.set(key, (value = ctx.load(key)));
        return value; // synchronous: the floor of every memory hit
      },
      close: async () => map.clear(),
    };
  },
};

export const lruFloor: Library = {
  async open(ctx): Promise<CacheUnderTest> {
    const lru = new LRUCache<string, object>({ max: ctx.capacity });
    return {
      get(key) {
        let value = lru.get(key);
        if (value === undefined) lru.set(key, (value = ctx.load(key) as object));
        return value;
      },
      close: async () => lru.clear(),
    };
  },
};

/** What a `@Cached` method costs without the cache: an async method call, awaited. */
export const asyncCallFloor: Library = {
  async open(ctx): Promise<CacheUnderTest> {
    const service = {
      async get(key: string): Promise<unknown> {
        return ctx.load(key);
      },
    };
    return { get: (key) => service.get(key), close: async () => undefined };
  },
};

/** Raw GET: no serialization on the hit path (the value stays a string), so it is a true floor. */
function rawRedis(enableAutoPipelining: boolean): Library {
  return {
    async open(ctx: OpenContext): Promise<CacheUnderTest> {
      const redis = new Redis(ctx.redisUrl, { enableAutoPipelining });
      return {
        async get(key) {
          const redisKey = `${ctx.prefix}raw:${key}`;
          const hit = await redis.get(redisKey);
          if (hit !== null) return hit;
          const value = JSON.stringify(ctx.load(key));
          await redis.set(redisKey, value, 'PX', ctx.ttlMs);
          return value;
        },
        close: async () => redis.disconnect(),
      };
    },
  };
}

export const ioredisFloor = rawRedis(false);
export const ioredisPipelinedFloor = rawRedis(true);

/** The tier a team writes by hand: lru-cache in front of ioredis, JSON between them, no bus, no single-flight. */
export const handRolledTier: Library = {
  async open(ctx): Promise<CacheUnderTest> {
    const lru = new LRUCache<string, object>({ max: ctx.capacity, ttl: ctx.ttlMs });
    const redis = new Redis(ctx.redisUrl);
    return {
      async get(key) {
        const local = lru.get(key);
        if (local !== undefined) return local;
        const redisKey = `${ctx.prefix}tier:${key}`;
        const shared = await redis.get(redisKey);
        if (shared !== null) {
          const value = JSON.parse(shared) as object;
          lru.set(key, value);
          return value;
        }
        const value = (await ctx.load(key)) as object;
        await redis.set(redisKey, JSON.stringify(value), 'PX', ctx.ttlMs);
        lru.set(key, value);
        return value;
      },
      close: async () => redis.disconnect(),
    };
  },
};
