import type { CacheStore } from '@cachet/core';
import { MemoryStore } from '../memory/memory.store';
import { RedisStore } from '../redis/redis-store';
import { TieredStore } from '../tiered/tiered-store';
import type { ConfigBackend } from './config-schema';

/** What a backend needs, already validated. */
export interface StoreSettings {
  readonly backend: ConfigBackend;
  readonly maxEntries: number;
  readonly redisUrl: string;
  readonly redisPrefix: string | undefined;
}

/**
 * Builds the store of a backend. Redis connections are opened from the URL,
 * so the stores own them and `provider.close()` closes them.
 */
export function buildStore(settings: StoreSettings): CacheStore {
  const memory = (): MemoryStore => new MemoryStore({ maxEntries: settings.maxEntries });
  const redis = (): RedisStore => new RedisStore({ url: settings.redisUrl, ...(settings.redisPrefix === undefined ? {} : { prefix: settings.redisPrefix }) });
  switch (settings.backend) {
    case 'memory':
      return memory();
    case 'redis':
      return redis();
    case 'tiered':
      return new TieredStore({ l1: memory(), l2: redis() });
  }
}
