import { runStoreConformance } from '@cachet/core/testing';
import type Redis from 'ioredis';
import { RedisStore } from '@cachet/stores';
import { newRedis, removePrefix } from '../../../../test-support/redis';

describe('RedisStore conformance (standalone Redis)', () => {
  let client: Redis;
  const prefixes: string[] = [];

  beforeAll(() => {
    client = newRedis();
  });

  afterAll(async () => {
    for (const prefix of prefixes) await removePrefix(client, prefix);
    await client.quit();
  });

  runStoreConformance(it, ({ prefix }) => {
    prefixes.push(prefix);
    return new RedisStore({ client, prefix });
  });
});

describe('RedisStore conformance (compression on, created from a url)', () => {
  const prefixes: string[] = [];
  afterAll(async () => {
    const client = newRedis();
    for (const prefix of prefixes) await removePrefix(client, prefix);
    await client.quit();
  });

  runStoreConformance(it, ({ prefix }) => {
    prefixes.push(prefix);
    return new RedisStore({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix, compressAbove: 64 });
  });
});
