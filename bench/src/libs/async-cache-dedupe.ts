import { createCache } from 'async-cache-dedupe';
import { Redis } from 'ioredis';
import type { CacheUnderTest, Library } from './library.js';

interface TaggedArgs {
  readonly key: string;
  readonly tags: readonly string[];
}

export const asyncCacheDedupe: Library = {
  async open(ctx): Promise<CacheUnderTest> {
    const ttl = Math.round(ctx.ttlMs / 1000); // seconds; its default 0 means "dedupe only, no cache"
    const redis = ctx.backend === 'redis' ? new Redis(ctx.redisUrl) : undefined;
    // Its Redis storage has no key prefix: function names and references carry ours instead.
    const storage = redis
      ? { type: 'redis' as const, options: { client: redis, invalidation: { referencesTTL: ttl } } }
      : { type: 'memory' as const, options: { size: ctx.capacity } };
    const cache = createCache({ ttl, storage })
      .define(`${ctx.prefix}get`, async (key: string) => ctx.load(key))
      .define(
        `${ctx.prefix}getTagged`,
        {
          serialize: (args: TaggedArgs) => args.key,
          // References are its tags: invalidateAll(reference) drops every entry stored with it.
          references: (args: TaggedArgs) => args.tags.map((tag) => `${ctx.prefix}${tag}`),
        },
        async (args: TaggedArgs) => ctx.load(args.key),
      );
    const fns = cache as unknown as Record<string, (arg: unknown) => Promise<unknown>>;
    const get = fns[`${ctx.prefix}get`];
    const getTagged = fns[`${ctx.prefix}getTagged`];
    return {
      get: (key) => get(key),
      getTagged: redis ? (key, tags) => getTagged({ key, tags }) : undefined,
      // Its storage argument names a storage registered by define(), not a type: the default one is ours.
      invalidateTag: redis ? (tag) => cache.invalidateAll(`${ctx.prefix}${tag}`) : undefined,
      close: async () => {
        redis?.disconnect();
      },
    };
  },
};
