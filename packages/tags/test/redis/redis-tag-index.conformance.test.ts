import { runTagIndexConformance } from '@cachet/core/testing';
import type Redis from 'ioredis';
import { MemoryStore } from '@cachet/stores';
import { RedisStore } from '@cachet/stores';
import { RedisTagIndex } from '@cachet/tags';
import { newRedis, removePrefix } from '../../../../test-support/redis';

describe('RedisTagIndex conformance', () => {
  let client: Redis;
  const prefixes: string[] = [];

  beforeAll(() => {
    client = newRedis();
  });

  afterAll(async () => {
    for (const prefix of prefixes) await removePrefix(client, prefix);
    await client.quit();
  });

  describe('with a RedisStore on the same client (atomic Lua path)', () => {
    runTagIndexConformance(it, ({ prefix }) => {
      prefixes.push(prefix);
      const store = new RedisStore({ client, prefix });
      return { store, index: store.createTagIndex() };
    });
  });

  describe('with a store outside Redis (stepwise path)', () => {
    runTagIndexConformance(it, ({ prefix }) => {
      prefixes.push(prefix);
      return { store: new MemoryStore(), index: new RedisTagIndex({ client, prefix }) };
    });
  });
});
