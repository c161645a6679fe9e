import 'reflect-metadata';
import { CacheModule, Cached } from '@cachet/core';
import type { CacheStore } from '@cachet/core';
import { MemoryStore, RedisStore, TieredStore } from '@cachet/stores';
import type { Backend, CacheUnderTest, Library, OpenContext } from './library.js';

/** The source the decorated methods call on a miss; set by `open` (one case per process). */
let source: OpenContext['load'] = () => undefined;

/** A service as a user writes it (README quick start): key template, everything else from the provider. */
class UserService {
  @Cached({ key: 'user:{0}' })
  async get(id: string): Promise<unknown> {
    return source(id);
  }

  /** No `key`: the default `<method>:<stable encoding of the arguments>`. */
  @Cached()
  async getByDefaultKey(id: string): Promise<unknown> {
    return source(id);
  }

  /** Tags come in as an argument so one method serves both W5 tag sizes. */
  @Cached({ key: 'user:{0}', tags: (_id: string, tags: readonly string[]) => [...tags] })
  async getTagged(id: string, _tags: readonly string[]): Promise<unknown> {
    return source(id);
  }
}

function storeFor(backend: Backend, ctx: OpenContext): CacheStore {
  const redis = () => new RedisStore({ url: ctx.redisUrl, prefix: `${ctx.prefix}cachet:` });
  if (backend === 'memory') return new MemoryStore({ maxEntries: ctx.capacity });
  if (backend === 'redis') return redis();
  // Default TieredStore options: write-through, promotion, and the Redis invalidation bus.
  return new TieredStore({ l1: new MemoryStore({ maxEntries: ctx.capacity }), l2: redis() });
}

async function openProvider(ctx: OpenContext) {
  source = ctx.load;
  // The provider's default tag index follows the store: memory index for memory, RedisTagIndex for Redis.
  // Cross-process single-flight is opt-in (`lock: true`): on for the distributed stampede only.
  return CacheModule.configure({ store: storeFor(ctx.backend, ctx), ttl: ctx.ttlMs, namespace: 'bench', ...(ctx.distributed ? { lock: true } : {}) });
}

const close = () => CacheModule.reset();
const invalidateTag = async (tag: string): Promise<void> => {
  await CacheModule.get().invalidateTags([tag]);
};

export const cachetDecorator: Library = {
  async open(ctx): Promise<CacheUnderTest> {
    await openProvider(ctx);
    const users = new UserService();
    return { get: (key) => users.get(key), getTagged: (key, tags) => users.getTagged(key, tags), invalidateTag, close };
  },
};

export const cachetDecoratorDefaultKey: Library = {
  async open(ctx): Promise<CacheUnderTest> {
    await openProvider(ctx);
    const users = new UserService();
    return { get: (key) => users.getByDefaultKey(key), close };
  },
};

export const cachetGetOrSet: Library = {
  async open(ctx): Promise<CacheUnderTest> {
    const provider = await openProvider(ctx);
    return {
      get: (key) => provider.getOrSet(key, () => ctx.load(key)),
      getTagged: (key, tags) => provider.getOrSet(key, () => ctx.load(key), { tags }),
      invalidateTag,
      close,
    };
  },
};
