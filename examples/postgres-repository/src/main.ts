import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { CacheModule, type CacheProvider, type CacheStore } from '@cachet/core';
import { MemoryStore, RedisStore } from '@cachet/stores';
import { Database, DATABASE_URL } from './database';
import { UserRepository } from './user.repository';
import { OrderRepository } from './order.repository';
import { runWorkload, type WorkloadResult } from './workload';
import { showInvalidation } from './invalidation-demo';
import { printTable, ms } from '@cachet/example-support';

const USERS = 500;
const ORDERS_PER_USER = 5;

/** `--redis`: cache in Redis (REDIS_URL, default redis://127.0.0.1:6379) instead of memory. */
function makeStore(): { store: CacheStore; label: string; close: () => Promise<void> } {
  if (!process.argv.includes('--redis')) return { store: new MemoryStore({ maxEntries: 50_000 }), label: 'MemoryStore', close: async () => {} };
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const client = new Redis(url, { maxRetriesPerRequest: 2 });
  const store = new RedisStore({ client, prefix: `cachet-example:${randomBytes(4).toString('hex')}:` });
  return { store, label: `RedisStore (${url})`, close: async () => void (await client.quit()) };
}

function row(label: string, result: WorkloadResult, cache?: CacheProvider): unknown[] {
  return [
    label,
    result.operations.toLocaleString('en'),
    result.sqlQueries.toLocaleString('en'),
    (result.sqlQueries / result.operations).toFixed(2),
    ms(result.p50),
    ms(result.p95),
    ms(result.totalMs),
    cache ? `${(cache.stats().hitRatio * 100).toFixed(1)}%` : '-',
  ];
}

async function main(): Promise<void> {
  const db = new Database();
  const { store, label, close } = makeStore();
  console.log(`cachet resource caching in front of PostgreSQL (${DATABASE_URL.replace(/\/\/[^@/]*@/, '//')}), schema ${db.schema}, cache: ${label}`);
  await db.create(USERS, ORDERS_PER_USER);
  try {
    const users = new UserRepository(db);
    const orders = new OrderRepository(db);

    // 1. The same workload without and with the cache.
    CacheModule.configure({ store: new MemoryStore(), enabled: false });
    const without = await runWorkload(db, users, orders, USERS);
    await CacheModule.reset();
    const cache = CacheModule.configure({ store, namespace: 'shop', ttl: '10m' });
    const withCache = await runWorkload(db, users, orders, USERS);
    printTable(`Read-heavy workload: ${USERS} users, ${USERS * ORDERS_PER_USER} orders, 5% writes, 20 requests at a time`, ['run', 'operations', 'SQL queries', 'queries/op', 'p50', 'p95', 'total', 'hit ratio'], [
      row('without cachet', without),
      row('with cachet', withCache, cache),
    ]);
    console.log(`  cachet sent ${(without.sqlQueries / withCache.sqlQueries).toFixed(1)}× fewer queries to PostgreSQL.`);

    // 2. Every kind of write invalidates what it changed, and only that.
    await showInvalidation(db, cache, users, orders);
    await cache.clear();
  } finally {
    await CacheModule.reset();
    await close();
    await db.drop();
    console.log(`\nDropped schema ${db.schema}.`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
