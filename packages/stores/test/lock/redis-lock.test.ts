import type Redis from 'ioredis';
import { CacheProvider } from '@cachet/core';
import type { DistributedLock } from '@cachet/core';
import { RedisLock, RedisStore } from '@cachet/stores';
import { newRedis, randomPrefix, removePrefix } from '../../../../test-support/redis';

let redis: Redis;
let prefix: string;
beforeAll(() => {
  redis = newRedis();
});
beforeEach(() => {
  prefix = randomPrefix('lock');
});
afterEach(() => removePrefix(redis, prefix));
afterAll(() => redis.quit());

describe('RedisLock', () => {
  it('SET NX PX: one holder at a time; the lease key carries a random token and the lease TTL', async () => {
    const lock = new RedisLock({ client: redis, prefix });
    const lease = await lock.acquire('k', 5_000);
    expect(lease?.token).toMatch(/^[0-9a-f]{32}$/);
    expect(await lock.acquire('k', 5_000)).toBeUndefined();
    expect(await redis.get(`${prefix}~lock:k`)).toBe(lease?.token);
    const ttl = await redis.pttl(`${prefix}~lock:k`);
    expect(ttl).toBeGreaterThan(4_000);
    expect(ttl).toBeLessThanOrEqual(5_000);
  });

  it('release is compare-and-delete: a lease that expired and was taken by another holder is left alone', async () => {
    const lock = new RedisLock({ client: redis, prefix });
    const old = await lock.acquire('k', 50);
    await new Promise((resolve) => setTimeout(resolve, 80));
    const current = await lock.acquire('k', 5_000);
    expect(current).toBeDefined();
    expect(await lock.release(old!)).toBe(false);
    expect(await redis.get(`${prefix}~lock:k`)).toBe(current?.token);
    expect(await lock.release(current!)).toBe(true);
    expect(await redis.exists(`${prefix}~lock:k`)).toBe(0);
  });

  it('wait resolves true on release or expiry, false on timeout', async () => {
    const lock = new RedisLock({ client: redis, prefix, pollInterval: 5 });
    const lease = await lock.acquire('k', 5_000);
    expect(await lock.wait('k', 30)).toBe(false);
    setTimeout(() => void lock.release(lease!), 40);
    expect(await lock.wait('k', 2_000)).toBe(true);
    await lock.acquire('k', 60);
    const started = Date.now();
    expect(await lock.wait('k', 2_000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('RedisStore.createLock() shares the store prefix; lease keys stay out of scans and revokes', async () => {
    const store = new RedisStore({ client: redis, prefix });
    const cache = new CacheProvider({ store, lock: true, namespace: 'app' });
    let calls = 0;
    expect(await cache.getOrSet('k', async () => ++calls)).toBe(1);
    const lock = store.createLock();
    await lock.acquire('app:other', 5_000);
    const scanned: string[] = [];
    for await (const batch of store.scan('*')) scanned.push(...batch);
    expect(scanned).toEqual(['app:k']);
    await cache.close();
  });

  it('close() right after a locked load still releases the lease, so other instances do not wait it out', async () => {
    // The holder's own connection, dropped the moment close() resolves, as a process shutting down would.
    const own = newRedis();
    const lock = new RedisLock({ client: own, prefix });
    // A release that takes a moment to go out (a busy event loop, a slow connection): forced, the rest is real.
    const slowRelease: DistributedLock = {
      name: lock.name,
      acquire: (key, leaseMs) => lock.acquire(key, leaseMs),
      release: async (lease) => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        return lock.release(lease);
      },
      wait: (key, timeoutMs) => lock.wait(key, timeoutMs),
    };
    const cache = new CacheProvider({ store: new RedisStore({ client: own, prefix }), lock: { lease: '30s' }, distributedLock: slowRelease, namespace: 'app' });
    expect(await cache.getOrSet('k', async () => 'v')).toBe('v');
    await cache.close();
    own.disconnect();
    expect(await redis.exists(`${prefix}~lock:app:k`)).toBe(0);
  });

  it('rejects bad options', () => {
    expect(() => new RedisLock({ client: undefined as unknown as Redis })).toThrow(/needs \{ client \}/);
    expect(() => new RedisLock({ client: redis, pollInterval: 0 })).toThrow(/pollInterval/);
  });
});
