import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import type { Cluster } from 'ioredis';

/**
 * Shared helpers for tests against the real Redis. Only loopback servers are
 * ever used: a REDIS_URL pointing elsewhere is refused.
 */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const LOOPBACK = /^rediss?:\/\/(?:[^@/]*@)?(?:127\.\d+\.\d+\.\d+|localhost|\[::1\])(?::\d+)?(?:\/\d*)?$/;

/** REDIS_URL, checked to be a loopback address. */
export function redisUrl(): string {
  if (!LOOPBACK.test(REDIS_URL)) throw new Error(`REDIS_URL must point at a loopback address (127.0.0.0/8, localhost, [::1]); got ${REDIS_URL}`);
  return REDIS_URL;
}

/** A fresh client on REDIS_URL (the caller quits it). */
export function newRedis(): Redis {
  return new Redis(redisUrl(), { maxRetriesPerRequest: 2 });
}

/** A random prefix for one test file or case: `cachet-test:<hex>:`. */
export function randomPrefix(label = 'test'): string {
  return `cachet-${label}:${randomBytes(6).toString('hex')}:`;
}

/** Removes every key under `prefix` with SCAN + UNLINK (every master of a Cluster). Resolves to how many were removed. */
export async function removePrefix(client: Redis | Cluster, prefix: string): Promise<number> {
  const nodes = client.isCluster ? (client as Cluster).nodes('master') : [client as Redis];
  const match = `${prefix.replace(/[\\*?[\]]/g, '\\$&')}*`;
  let removed = 0;
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', match, 'COUNT', 1000);
      cursor = next;
      if (keys.length === 0) continue;
      // Single-key UNLINKs in a pipeline: a Cluster node holds keys of many slots.
      const pipeline = node.pipeline();
      for (const key of keys) pipeline.unlink(key);
      for (const [error, n] of (await pipeline.exec()) ?? []) {
        if (error) throw error;
        removed += Number(n);
      }
    } while (cursor !== '0');
  }
  return removed;
}

/** Counts keys under `prefix` (SCAN, every master). */
export async function countPrefix(client: Redis | Cluster, prefix: string): Promise<number> {
  const nodes = client.isCluster ? (client as Cluster).nodes('master') : [client as Redis];
  const match = `${prefix.replace(/[\\*?[\]]/g, '\\$&')}*`;
  let count = 0;
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', match, 'COUNT', 1000);
      cursor = next;
      count += keys.length;
    } while (cursor !== '0');
  }
  return count;
}

/** One Redis client shared by a test file, and the prefixes its tests used. */
export interface RedisTestClient {
  /** The client (available from `beforeAll` on). */
  readonly client: Redis;
  /** Records a prefix to remove after the file; returns it. */
  track(prefix: string): string;
}

/**
 * Registers jest hooks that open one client before the file's tests and,
 * after them, remove every tracked prefix (SCAN + UNLINK) and quit.
 */
export function useRedisClient(): RedisTestClient {
  let client: Redis | undefined;
  const prefixes: string[] = [];
  beforeAll(() => {
    client = newRedis();
  });
  afterAll(async () => {
    if (client === undefined) return;
    for (const prefix of prefixes) await removePrefix(client, prefix);
    await client.quit();
  });
  return {
    get client(): Redis {
      if (client === undefined) throw new Error('useRedisClient: the client is available from beforeAll on');
      return client;
    },
    track(prefix: string): string {
      prefixes.push(prefix);
      return prefix;
    },
  };
}
