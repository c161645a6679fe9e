import { runTagIndexConformance } from '@cachet/core/testing';
import { MemoryStore, RedisStore } from '@cachet/stores';
import { RedisTagIndex } from '@cachet/tags';
import { useRedisClient } from '../../../../test-support/redis';

describe('RedisTagIndex conformance', () => {
  const redis = useRedisClient();

  describe('with a RedisStore on the same client (atomic Lua path)', () => {
    runTagIndexConformance(it, ({ prefix }) => {
      const store = new RedisStore({ client: redis.client, prefix: redis.track(prefix) });
      return { store, index: store.createTagIndex() };
    });
  });

  describe('with a store outside Redis (stepwise path)', () => {
    runTagIndexConformance(it, ({ prefix }) => {
      return { store: new MemoryStore(), index: new RedisTagIndex({ client: redis.client, prefix: redis.track(prefix) }) };
    });
  });
});
