import { AsyncLocalStorage } from 'node:async_hooks';
import Redis from 'ioredis';
import { CacheModule, CacheProvider, Cached } from '@cachet/core';
import { RedisStore } from '@cachet/stores';
import { randomPrefix, removePrefix } from '../../../../test-support/redis';
import { startRedisProcess } from '../../../../test-support/redis-process';
import type { RedisProcess } from '../../../../test-support/redis-process';
import { invalidateDuringSlowLoad, raceLoadsAgainstInvalidations } from '../../../../test-support/scenarios/stale-write-back.scenario';
import { ISOLATED, twoTenantsSameIds } from '../../../../test-support/scenarios/tenants.scenario';
import { fuzzRevoke } from '../../../../test-support/scenarios/revoke-fuzz.scenario';

/**
 * The provider and decorators on a real Redis: the default tag index is the
 * Redis one, invalidations never lose to older loads, revoke never widens,
 * tenants never meet, classes come back as classes.
 */
/**
 * A private redis-server: the revoke fuzz SCANs the whole keyspace a thousand times, so on a shared
 * Redis holding many keys of other programs it would take minutes.
 */
let server: RedisProcess;
let client: Redis;
let prefix: string;
const providers: CacheProvider[] = [];

function redisProvider(options: Partial<ConstructorParameters<typeof CacheProvider>[0]> = {}, name = 'default'): CacheProvider {
  const provider = CacheModule.register(name, { store: new RedisStore({ client, prefix }), ...options });
  providers.push(provider);
  return provider;
}

beforeAll(async () => {
  server = await startRedisProcess();
  client = new Redis(server.url);
  prefix = randomPrefix('provider');
  // Connected before any test: the stores give a first connection at most commandTimeout (1 s), and on a
  // loaded machine the race tests' 1,000 loads can hold the event loop longer than that while it connects.
  await client.ping();
});
afterEach(async () => {
  await CacheModule.reset();
  await removePrefix(client, prefix);
});
afterAll(async () => {
  await client.quit();
  await server.stop();
});

describe('CacheProvider on RedisStore', () => {
  it('uses a Redis tag index by default: tags written by one client are seen and invalidated by another', async () => {
    const writer = redisProvider();
    const otherClient = new Redis(server.url);
    try {
      const reader = new CacheProvider({ store: new RedisStore({ client: otherClient, prefix }) }, 'reader');
      await writer.set('users:1', { id: 1 }, { tags: ['users'] });
      expect(await reader.keysForTag('users')).toEqual(['users:1']);
      expect(await reader.invalidateTags(['users'])).toBe(1);
      expect(await writer.has('users:1')).toBe(false);
      await reader.close();
    } finally {
      await otherClient.quit();
    }
  });

  it('a 300 ms load, invalidated 100 ms in, is not written back', async () => {
    expect(await invalidateDuringSlowLoad(redisProvider())).toEqual({ first: 1, next: 2, loads: 2 });
  });

  it.each(['tag', 'delete', 'revoke', 'evict'] as const)('1,000 racing loads and %s invalidations with random timings: 0 stale reads', async (kind) => {
    // A patient store: on a starved CI machine the default deadlines and breaker would (rightly) refuse some
    // invalidations, which would make this a resilience test; here every invalidation must happen.
    const patient = new RedisStore({ client, prefix, commandTimeout: '30s', stallTimeout: '30s', breaker: false });
    const cache = CacheModule.register('default', { store: patient, storeTimeout: '30s' });
    providers.push(cache);
    const seed = 77 + kind.length;
    expect({ seed, stale: await raceLoadsAgainstInvalidations(cache, kind, seed) }).toEqual({ seed, stale: 0 });
  });

  it('1,000 revoke patterns from user-like input remove exactly the intended entries', async () => {
    const cache = redisProvider();
    const seed = 9001;
    expect({ seed, wrong: await fuzzRevoke(cache, seed) }).toEqual({ seed, wrong: 0 });
  });

  it('2 tenants × 1,000 ids: 0 cross-tenant hits; a tag invalidation stays within its tenant', async () => {
    const requestContext = new AsyncLocalStorage<{ tenant: string }>();
    // 1,000 concurrent calls on a loaded test machine: a generous deadline keeps reads from failing open, which would turn hits into misses.
    const cache = redisProvider({ context: () => requestContext.getStore(), storeTimeout: '5s' });
    expect(await twoTenantsSameIds(cache, requestContext)).toEqual(ISOLATED);
  });

  it('revives class instances (class-transformer) and keeps Date, BigInt, Map and Set', async () => {
    redisProvider();
    class Invoice {
      id = 0;
      issued = new Date(0);
      total = 0n;
      lines = new Map<string, number>();
      labels = new Set<string>();
      summary() {
        return `#${this.id} ${this.issued.toISOString().slice(0, 10)} ${this.total} (${this.lines.size} lines, ${[...this.labels].join('+')})`;
      }
    }
    let loads = 0;
    class Billing {
      @Cached({ type: () => Invoice })
      async invoice(id: number) {
        loads++;
        return Object.assign(new Invoice(), { id, issued: new Date('2026-11-22T00:00:00Z'), total: 12345678901234567890n, lines: new Map([['a', 1]]), labels: new Set(['paid', 'eu']) });
      }
      @Cached({ type: () => [Invoice] })
      async invoices() {
        loads++;
        return [Object.assign(new Invoice(), { id: 1 }), Object.assign(new Invoice(), { id: 2 })];
      }
    }
    const billing = new Billing();
    const fresh = await billing.invoice(7);
    const cached = await billing.invoice(7);
    expect(loads).toBe(1);
    expect(cached).toBeInstanceOf(Invoice);
    expect(cached.summary()).toBe(fresh.summary());
    await billing.invoices();
    const list = await billing.invoices();
    expect(loads).toBe(2);
    expect(list.map((i) => i instanceof Invoice && i.summary())).toEqual(['#1 1970-01-01 0 (0 lines, )', '#2 1970-01-01 0 (0 lines, )']);
  });
});
