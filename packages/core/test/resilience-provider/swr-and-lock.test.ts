import { CacheProvider, type DistributedLock, type LockLease } from '@cachet/core';
import { ChaosStore } from '@cachet/core/testing';
import { MemoryStore } from '@cachet/stores';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const quiet = { level: 'error', debug: () => undefined, info: () => undefined, warn: jest.fn(), error: jest.fn() };

/** An in-memory DistributedLock shared by several providers: stands in for Redis between "processes". */
class SharedLock implements DistributedLock {
  readonly name = 'shared';
  readonly leases = new Map<string, { token: string; until: number }>();
  acquires = 0;
  private next = 0;
  async acquire(key: string, leaseMs: number): Promise<LockLease | undefined> {
    this.acquires++;
    const held = this.leases.get(key);
    if (held && held.until > Date.now()) return undefined;
    const token = String(++this.next);
    this.leases.set(key, { token, until: Date.now() + leaseMs });
    return { key, token };
  }
  async release(lease: LockLease): Promise<boolean> {
    if (this.leases.get(lease.key)?.token !== lease.token) return false;
    return this.leases.delete(lease.key);
  }
  async wait(key: string, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const held = this.leases.get(key);
      if (!held || held.until <= Date.now()) return true;
      if (Date.now() >= deadline) return false;
      await sleep(5);
    }
  }
}

describe('stale-while-revalidate under concurrency', () => {
  it.each(['sync (MemoryStore)', 'async (ChaosStore over MemoryStore)'])('%s: 1,000 concurrent callers of a stale key get the stale value at once and one refresh runs', async (kind) => {
    const memory = new MemoryStore({ maxEntries: 100 });
    const store = kind.startsWith('sync') ? memory : new ChaosStore(memory);
    const cache = new CacheProvider({ store, logger: quiet });
    let loads = 0;
    const load = async () => {
      loads++;
      await sleep(100);
      return loads;
    };
    expect(await cache.getOrSet('k', load, { ttl: 50, staleWhileRevalidate: '1m' })).toBe(1);
    await sleep(70);
    const started = performance.now();
    const values = await Promise.all(Array.from({ length: 1_000 }, () => cache.getOrSet('k', load, { ttl: 5_000, staleWhileRevalidate: '1m' })));
    const ms = performance.now() - started;
    console.log(`swr ${kind}: 1,000 callers answered in ${ms.toFixed(1)} ms with ${new Set(values).size} distinct value(s)`);
    expect(new Set(values)).toEqual(new Set([1]));
    await sleep(150);
    expect(loads).toBe(2); // one background refresh for all of them
    expect(await cache.getOrSet('k', load, { ttl: 5_000, staleWhileRevalidate: '1m' })).toBe(2);
    expect(cache.stats().staleServed).toBe(1_000);
    await cache.close();
  });
});

describe('lock: cross-provider single-flight (two providers on one store stand for two processes)', () => {
  it('one provider loads; the other waits for the lease and reads the stored value', async () => {
    const store = new MemoryStore({ maxEntries: 100 });
    const lock = new SharedLock();
    const a = new CacheProvider({ store, distributedLock: lock, lock: { lease: '2s' }, logger: quiet }, 'a');
    const b = new CacheProvider({ store, distributedLock: lock, lock: { lease: '2s' }, logger: quiet }, 'b');
    let calls = 0;
    const load = async () => {
      calls++;
      await sleep(100);
      return 'v';
    };
    const results = await Promise.all([...Array.from({ length: 50 }, () => a.getOrSet('k', load)), ...Array.from({ length: 50 }, () => b.getOrSet('k', load))]);
    expect(results.every((v) => v === 'v')).toBe(true);
    expect(calls).toBe(1);
    expect(a.stats().loads + b.stats().loads).toBe(1);
    expect(lock.leases.size).toBe(0); // released after the write
    await Promise.all([a.close(), b.close()]);
  });

  it('a holder that never releases (died) blocks others only until its lease expires', async () => {
    const store = new MemoryStore({ maxEntries: 100 });
    const lock = new SharedLock();
    await lock.acquire('cachet:k', 300); // the dead holder
    const cache = new CacheProvider({ store, distributedLock: lock, lock: { lease: 300, wait: '2s' }, logger: quiet });
    const started = Date.now();
    expect(await cache.getOrSet('k', async () => 'mine')).toBe('mine');
    const waited = Date.now() - started;
    console.log(`lock: dead holder's 300 ms lease; loaded here after ${waited} ms`);
    expect(waited).toBeGreaterThanOrEqual(280);
    await cache.close();
  });

  it('lock failures fail open: the load runs, the failure is logged and counted', async () => {
    const broken: DistributedLock = {
      name: 'broken',
      acquire: () => Promise.reject(new Error('lock backend down')),
      release: () => Promise.resolve(false),
      wait: () => Promise.resolve(true),
    };
    const warn = jest.fn();
    const cache = new CacheProvider({ store: new MemoryStore({ maxEntries: 10 }), distributedLock: broken, lock: true, logger: { ...quiet, warn } });
    expect(await cache.getOrSet('k', async () => 42)).toBe(42);
    expect(cache.stats().methods.getOrSet.errors).toBe(1);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ operation: 'lock acquire' }), expect.stringContaining('lock backend down'));
    await cache.close();
  });

  it('without lock the distributed lock is never asked', async () => {
    const lock = new SharedLock();
    const cache = new CacheProvider({ store: new MemoryStore({ maxEntries: 10 }), distributedLock: lock, logger: quiet });
    await cache.getOrSet('k', async () => 1);
    expect(lock.acquires).toBe(0);
    await cache.getOrSet('k2', async () => 1, { lock: true });
    expect(lock.acquires).toBe(1);
    await cache.close();
  });
});
