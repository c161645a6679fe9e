import { runStoreConformance } from '@cachet/core/testing';
import { RedisStore } from '@cachet/stores';
import { redisUrl, useRedisClient } from '../../../../test-support/redis';

describe('RedisStore conformance (standalone Redis)', () => {
  const redis = useRedisClient();

  runStoreConformance(it, ({ prefix }) => new RedisStore({ client: redis.client, prefix: redis.track(prefix) }));
});

describe('RedisStore conformance (compression on, created from a url)', () => {
  // The stores make their own connections; this client only cleans up after them.
  const redis = useRedisClient();

  runStoreConformance(it, ({ prefix }) => new RedisStore({ url: redisUrl(), prefix: redis.track(prefix), compressAbove: 64 }));
});
