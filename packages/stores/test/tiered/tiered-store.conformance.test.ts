import { CacheProvider } from '@cachet/core';
import { runStoreConformance, runTagIndexConformance } from '@cachet/core/testing';
import { MemoryStore, RedisStore, TieredStore } from '@cachet/stores';
import { RedisTagIndex } from '@cachet/tags';
import { randomPrefix, useRedisClient } from '../../../../test-support/redis';

describe('TieredStore', () => {
  const redis = useRedisClient();

  function tiered(prefix: string): TieredStore {
    return new TieredStore({ l1: new MemoryStore(), l2: new RedisStore({ client: redis.client, prefix: redis.track(prefix) }) });
  }

  describe('store conformance (MemoryStore over RedisStore, Redis bus)', () => {
    runStoreConformance(it, async ({ prefix }) => {
      const store = tiered(prefix);
      // Until the bus confirms its subscription L1 is bypassed, and getSync() (L1 only) would miss.
      await store.ready();
      return store;
    });
  });

  describe('store conformance (L2 disabled: L1 only)', () => {
    runStoreConformance(it, () => new TieredStore({ l1: new MemoryStore(), l2: new MemoryStore(), enableL2: false, bus: false }));
  });

  describe('tag index conformance: the RedisTagIndex from createTagIndex() over a TieredStore', () => {
    runTagIndexConformance(it, ({ prefix }) => {
      const store = tiered(prefix);
      const index = store.createTagIndex();
      expect(index).toBeInstanceOf(RedisTagIndex);
      return { store, index };
    });
  });

  describe('a provider over a TieredStore', () => {
    it('invalidates by tag, in L1 and L2, and reloads', async () => {
      const store = tiered(randomPrefix('tiered'));
      const provider = new CacheProvider({ store, namespace: 'app', ttl: '1m' });
      await store.ready();
      let source = 'v1';
      const load = () => provider.getOrSet('user:1', () => source, { tags: ['users', 'user:1'] });
      expect(await load()).toBe('v1');
      expect(await load()).toBe('v1');
      expect(store.stats().l1Hits).toBeGreaterThanOrEqual(1);
      source = 'v2';
      expect(await provider.invalidateTags(['user:1'])).toBe(1);
      expect(await load()).toBe('v2');
      expect(await provider.keysForTag('users')).toEqual(['user:1']);
      await provider.close();
    });

    it('answers an L1 miss from L2 without running the loader (partialGetSync)', async () => {
      const prefix = randomPrefix('tiered');
      const [storeA, storeB] = [tiered(prefix), tiered(prefix)];
      const [a, b] = [new CacheProvider({ store: storeA, namespace: 'app' }), new CacheProvider({ store: storeB, namespace: 'app' })];
      await Promise.all([storeA.ready(), storeB.ready()]);
      expect(await a.getOrSet('k', () => 'from-a')).toBe('from-a');
      // a's write tells b to drop 'k'; let that land first, or it would drop the copy b is about to promote.
      for (let i = 0; i < 400 && storeB.stats().bus.applied < 1; i++) await new Promise((r) => setTimeout(r, 5));
      const loader = jest.fn(() => 'from-b');
      expect(await b.getOrSet('k', loader)).toBe('from-a'); // L1 miss on b, L2 hit
      expect(await b.getOrSet('k', loader)).toBe('from-a'); // now an L1 hit
      expect(loader).not.toHaveBeenCalled();
      expect(storeB.stats()).toMatchObject({ l2Hits: 1, promotions: 1 });
      expect(storeB.stats().l1Hits).toBeGreaterThanOrEqual(1);
      await Promise.all([a.close(), b.close()]);
    });

    it('keeps a second instance on the same Redis coherent (tags, delete, revoke, clear)', async () => {
      const prefix = randomPrefix('tiered');
      const [storeA, storeB] = [tiered(prefix), tiered(prefix)];
      const [a, b] = [new CacheProvider({ store: storeA, namespace: 'app' }), new CacheProvider({ store: storeB, namespace: 'app' })];
      await Promise.all([storeA.ready(), storeB.ready()]);
      const source = new Map<string, string>([['k1', 'one'], ['k2', 'two']]);
      const read = (p: CacheProvider, key: string) => p.getOrSet(key, () => source.get(key), { tags: [`t:${key}`] });
      const settle = async (check: () => Promise<boolean>) => {
        // Messages arrive asynchronously; the multi-process test measures how fast.
        for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 5));
      };
      for (const [op, change] of [
        ['tags', () => a.invalidateTags(['t:k1'])],
        ['delete', () => a.delete('k1')],
        ['revoke', () => a.revoke('k*')],
        ['clear', () => a.clear()],
      ] as const) {
        expect(await read(b, 'k1')).toBe(source.get('k1'));
        expect(await read(b, 'k1')).toBe(source.get('k1')); // now an L1 hit on B
        source.set('k1', `after-${op}`);
        await change();
        await settle(async () => (await read(b, 'k1')) === `after-${op}`);
        expect(await read(b, 'k1')).toBe(`after-${op}`);
      }
      expect(storeB.stats().bus.applied).toBeGreaterThan(0);
      await Promise.all([a.close(), b.close()]);
    });
  });
});
