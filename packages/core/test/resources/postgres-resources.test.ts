import { CacheModule, type CacheStore } from '@cachet/core';
import { MemoryStore, RedisStore } from '@cachet/stores';
import type Redis from 'ioredis';
import { newRedis, randomPrefix, removePrefix } from '../../../../test-support/redis';
import { makeRepositories, TestDatabase, type Order, type User } from './pg-repositories';
import { ContractModel, seeded } from './workload-oracle';

/**
 * Resource caching against the real PostgreSQL and Redis: a seeded sequence
 * of 10,000 operations mixing reads by id, queries, relation loads, creates, updates,
 * deletes and batch updates. Every read is compared with a direct SQL read
 * (0 stale reads allowed), and reads that no mutation touched since they were
 * cached must be hits (measured, > 90%).
 */
jest.setTimeout(60_000);

/** The full sequence runs on Redis (the production setup); the memory store, which shares every code path above the store, runs a shorter one. */
const REDIS_OPERATIONS = 10_000;
const MEMORY_OPERATIONS = 4_000;
let db: TestDatabase | undefined;
let skipReason: string | undefined;

beforeAll(async () => {
  const opened = await TestDatabase.open();
  if (typeof opened === 'string') {
    skipReason = opened;
    console.warn(`SKIPPED postgres resource tests: ${skipReason}`);
    return;
  }
  db = opened;
  await db.create();
});

afterAll(async () => {
  await db?.drop();
});

interface Outcome {
  reads: number;
  stale: number;
  unaffected: number;
  unaffectedHits: number;
  mutations: Record<string, number>;
}

async function runSequence(database: TestDatabase, seed: number, operations: number): Promise<Outcome> {
  const { users, orders } = makeRepositories(database);
  const model = new ContractModel();
  const next = seeded(seed);
  const int = (max: number) => 1 + Math.floor(next() * max);
  const cities = Array.from({ length: 8 }, (_, i) => `c${i}`);
  const truth = async <T>(sql: string, params: unknown[]) => (await database.pool.query(sql, params)).rows as T[];
  let maxUser = (await truth<{ m: number }>('SELECT max(id) AS m FROM users', []))[0].m;
  let maxOrder = (await truth<{ m: number }>('SELECT max(id) AS m FROM orders', []))[0].m;
  const outcome: Outcome = { reads: 0, stale: 0, unaffected: 0, unaffectedHits: 0, mutations: {} };
  const mutated = (kind: string, ...tags: string[]) => {
    model.invalidated(...tags);
    outcome.mutations[kind] = (outcome.mutations[kind] ?? 0) + 1;
  };

  /** Runs one read, checks it against the database, and scores it as a hit or a load. */
  const read = async <T>(name: string, load: () => Promise<T>, direct: () => Promise<T>, remember: (value: T) => void) => {
    const unaffected = model.isUnaffected(name);
    const call = { queries: 0 };
    // Reads run side by side between mutations (as requests do), and nothing mutates while they run, so the direct read may overlap too.
    const [value, expected] = await Promise.all([database.perCall.run(call, load), direct()]);
    const hit = call.queries === 0;
    if (JSON.stringify(value) !== JSON.stringify(expected)) outcome.stale++;
    outcome.reads++;
    if (unaffected) {
      outcome.unaffected++;
      if (hit) outcome.unaffectedHits++;
    }
    remember(value);
  };

  const pending: Array<() => Promise<void>> = [];
  const flush = async () => void (await Promise.all(pending.splice(0).map((run) => run())));
  const schedule = async (run: () => Promise<void>) => {
    pending.push(run);
    if (pending.length >= 8) await flush();
  };

  for (let op = 0; op < operations; op++) {
    const roll = next();
    const userId = int(maxUser);
    // Every mutation waits for the reads before it, and reads wait for it: the oracle always sees one state.
    if (roll >= 0.75) await flush();
    if (roll < 0.35) {
      await schedule(() => read(`user:${userId}`, () => users.findById(userId), async () => (await truth<User>('SELECT id, name, city FROM users WHERE id = $1', [userId]))[0] ?? null, () => model.userRead(userId)));
    } else if (roll < 0.47) {
      const city = cities[int(8) - 1];
      await schedule(() => read(`city:${city}`, () => users.findByCity(city), () => truth<User>('SELECT id, name, city FROM users WHERE city = $1 ORDER BY id', [city]), (rows) => model.queryRead(city, rows.map((u) => u.id))));
    } else if (roll < 0.65) {
      await schedule(() => read(`orders-of:${userId}`, () => orders.forUser(userId), () => truth<Order>('SELECT id, user_id AS "userId", amount FROM orders WHERE user_id = $1 ORDER BY id', [userId]), (rows) => model.relationRead(userId, rows.map((o) => o.id))));
    } else if (roll < 0.75) {
      const orderId = int(maxOrder);
      await schedule(() => read(`order:${orderId}`, () => orders.findById(orderId), async () => (await truth<Order>('SELECT id, user_id AS "userId", amount FROM orders WHERE id = $1', [orderId]))[0] ?? null, () => model.orderRead(orderId)));
    } else if (roll < 0.81) {
      await users.rename(userId, `renamed ${op}`);
      mutated('update', `user:${userId}`);
    } else if (roll < 0.84) {
      await users.relocate(userId, cities[int(8) - 1]);
      mutated('update (queries)', `user:${userId}`, 'user:queries');
    } else if (roll < 0.87) {
      const ids = [userId, int(maxUser), int(maxUser)];
      await users.renameMany(ids, `batch ${op}`);
      mutated('batch update', ...ids.map((id) => `user:${id}`));
    } else if (roll < 0.89) {
      const created = await users.create(`new ${op}`, cities[int(8) - 1]);
      maxUser = Math.max(maxUser, created.id);
      mutated('create', `user:${created.id}`, 'user:queries');
    } else if (roll < 0.9) {
      const orderIds = await users.delete(userId);
      mutated('delete (cascade)', `user:${userId}`, 'user:queries', ...orderIds.map((id) => `order:${id}`), 'order:queries');
    } else if (roll < 0.94) {
      const order = await orders.create(userId, op);
      if (order !== undefined) maxOrder = Math.max(maxOrder, order.id);
      mutated('create child', ...(order ? [`order:${order.id}`, 'order:queries', `user:${userId}:~order`] : []));
    } else if (roll < 0.97) {
      const ids = [int(maxOrder), int(maxOrder)];
      await orders.setAmounts(ids, op);
      mutated('batch update children', ...ids.map((id) => `order:${id}`));
    } else {
      const orderId = int(maxOrder);
      await orders.delete(orderId);
      mutated('delete child', `order:${orderId}`, 'order:queries');
    }
  }
  await flush();
  return outcome;
}

function expectCorrect(outcome: Outcome): void {
  const ratio = outcome.unaffectedHits / outcome.unaffected;
  console.log(`${outcome.reads} reads, ${outcome.stale} stale, unaffected-read hit ratio ${(ratio * 100).toFixed(2)}% (${outcome.unaffectedHits}/${outcome.unaffected}); mutations ${JSON.stringify(outcome.mutations)}`);
  expect(outcome.stale).toBe(0);
  expect(outcome.unaffected).toBeGreaterThan(500);
  expect(ratio).toBeGreaterThan(0.9);
  for (const kind of ['update', 'update (queries)', 'batch update', 'create', 'delete (cascade)', 'create child', 'batch update children', 'delete child']) {
    expect(outcome.mutations[kind]).toBeGreaterThan(0);
  }
}

describe('resources against PostgreSQL: every mutation invalidates exactly what it affects', () => {
  it('on MemoryStore: 0 stale reads in 4,000 seeded operations; unaffected reads stay cached', async () => {
    if (db === undefined) return console.warn(`skipped: ${skipReason}`);
    CacheModule.configure({ store: new MemoryStore({ maxEntries: 20_000 }), namespace: 'pgtest', ttl: '10m' });
    try {
      expectCorrect(await runSequence(db, 42, MEMORY_OPERATIONS));
    } finally {
      await CacheModule.reset();
    }
  });

  it('on RedisStore: 0 stale reads in 10,000 seeded operations with the Redis tag index; unaffected reads stay cached', async () => {
    if (db === undefined) return console.warn(`skipped: ${skipReason}`);
    const client: Redis = newRedis();
    const prefix = randomPrefix('resources');
    const store: CacheStore = new RedisStore({ client, prefix });
    CacheModule.configure({ store, namespace: 'pgtest', ttl: '10m' });
    try {
      expectCorrect(await runSequence(db, 7, REDIS_OPERATIONS));
    } finally {
      await CacheModule.reset();
      await removePrefix(client, prefix);
      await client.quit();
    }
  });
});
