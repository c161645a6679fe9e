import type { CacheEntry, CacheStore } from '@cachet/core';
import type { RedisClient } from '../lua/script';
import { rawClient } from './gated-client';

/**
 * What a Redis-backed store tells a RedisTagIndex so that the index can write
 * and delete its entries inside its own Lua scripts (atomically with the index
 * on a standalone server). `RedisStore` implements it.
 */
export interface RedisEntryTarget {
  /** The connection the entries live on. */
  readonly client: RedisClient;
  /** Prefix of every entry key (`<prefix><key>`). */
  readonly prefix: string;
  /** The exact bytes the store would write for `entry` (an entry frame). */
  encode(entry: CacheEntry): Promise<string | Buffer>;
}

/** A store that exposes its Redis layout. */
export interface RedisBackedStore extends CacheStore {
  /** See {@link RedisEntryTarget}. */
  readonly redisTarget: RedisEntryTarget;
}

/** The store's Redis target when it lives on `client` under `prefix`, else undefined (the index then goes through the store's methods). */
export function matchingTarget(store: CacheStore, client: RedisClient, prefix: string): RedisEntryTarget | undefined {
  const target = (store as Partial<RedisBackedStore>).redisTarget;
  // Compared under any command gate: a store and an index on one connection match even when each gates it.
  return target && rawClient(target.client) === rawClient(client) && target.prefix === prefix ? target : undefined;
}
