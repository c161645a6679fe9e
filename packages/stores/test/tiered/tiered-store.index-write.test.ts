import { CacheProvider } from '@cachet/core';
import { testEntry } from '@cachet/core/testing';
import { MemoryStore, RedisInvalidationBus, RedisStore, TieredStore } from '@cachet/stores';
import { newRedis, randomPrefix, useRedisClient } from '../../../../test-support/redis';

/**
 * storeTimeout of the providers here: these tests count commands and look at L1 after each write, so a
 * write that the default 100 ms gave up on (a stall of the machine while the whole suite runs) would fail
 * them for a reason they do not test.
 */
const PATIENT = '10s';

/** Polls `check` (5 ms apart, at most 2 s). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
}

/**
 * A tag index's writes on a TieredStore (every load and `set` of a provider):
 * the RedisTagIndex writes L2 in its one script, which also publishes the bus
 * message when the write replaced an entry, and the tier copies the entry into L1.
 */
describe('TieredStore: writes of its tag index', () => {
  const redis = useRedisClient();

  function tier(prefix: string, bus?: RedisInvalidationBus) {
    const l2 = new RedisStore({ client: redis.client, prefix: redis.track(prefix) });
    return { l2, store: new TieredStore({ l1: new MemoryStore(), l2, ...(bus ? { bus } : {}) }) };
  }

  it('are one round trip with the default bus, and still drop peers’ L1 copies', async () => {
    const prefix = randomPrefix('tier-write');
    const [a, b] = [tier(prefix), tier(prefix)];
    await Promise.all([a.store.ready(), b.store.ready()]);
    const [pa, pb] = [new CacheProvider({ store: a.store, namespace: 'app', storeTimeout: PATIENT }), new CacheProvider({ store: b.store, namespace: 'app', storeTimeout: PATIENT })];
    await pa.set('k', 'v1'); // also measures the server clock (one TIME) for later writes
    expect(await pb.getOrSet('k', () => 'unused')).toBe('v1');
    expect(b.store.getSync('app:k')?.value).toBe('v1'); // b holds an L1 copy

    const sent = a.l2.stats().commands.sent;
    const published = a.store.stats().bus.published;
    await pa.set('k', 'v2');
    expect(a.l2.stats().commands.sent - sent).toBe(1); // the write script, which also published
    expect(a.store.stats().bus.published - published).toBe(1);
    expect(a.store.getSync('app:k')?.value).toBe('v2'); // written through to L1

    await until(() => b.store.getSync('app:k') === undefined);
    expect(b.store.getSync('app:k')).toBeUndefined();
    expect(await pb.getOrSet('k', () => 'unused')).toBe('v2');
    await Promise.all([pa.close(), pb.close()]);
  });

  it('send no bus message when they fill an empty key, and one when they replace an entry', async () => {
    const prefix = randomPrefix('tier-write');
    const [a, b] = [tier(prefix), tier(prefix)];
    await Promise.all([a.store.ready(), b.store.ready()]);
    // What actually goes out on the channel, heard by a subscriber of its own.
    const listener = newRedis();
    const heard: string[] = [];
    listener.on('message', (_channel: string, message: string) => heard.push(message));
    await listener.subscribe(`${prefix}~bus`);
    const [pa, pb] = [new CacheProvider({ store: a.store, namespace: 'app', storeTimeout: PATIENT }), new CacheProvider({ store: b.store, namespace: 'app', storeTimeout: PATIENT })];
    try {
      // Misses of one turn: their fills share one script, and none of them publishes.
      const keys = ['k1', 'k2', 'k3', 'k4', 'k5'];
      expect(await Promise.all(keys.map((key) => pa.getOrSet(key, () => `${key}-v1`)))).toEqual(keys.map((key) => `${key}-v1`));
      expect(a.store.stats().bus).toMatchObject({ published: 0, unannounced: 5 });
      expect(await pb.getOrSet('k1', () => 'unused')).toBe('k1-v1');
      expect(b.store.getSync('app:k1')?.value).toBe('k1-v1'); // b holds an L1 copy

      // One replacement among fills, in one turn: only the replacement publishes, and b drops its copy.
      await Promise.all([pa.set('k1', 'k1-v2'), pa.set('k6', 'k6-v1')]);
      expect(a.store.stats().bus).toMatchObject({ published: 1, unannounced: 6 });
      await until(() => b.store.getSync('app:k1') === undefined);
      expect(b.store.getSync('app:k1')).toBeUndefined();
      expect(await pb.getOrSet('k1', () => 'unused')).toBe('k1-v2');
      await until(() => heard.length >= 1);
      expect(heard).toHaveLength(1);
      expect(JSON.parse(heard[0])).toMatchObject({ op: 'keys', items: ['app:k1'] });
    } finally {
      await Promise.all([pa.close(), pb.close()]);
      listener.disconnect();
    }
  });

  it('publish separately with a bus of your own', async () => {
    const prefix = randomPrefix('tier-write');
    const { l2, store } = tier(prefix, new RedisInvalidationBus({ client: redis.client, channel: `${prefix}~own-bus` }));
    await store.ready();
    const provider = new CacheProvider({ store, namespace: 'app', storeTimeout: PATIENT });
    await provider.set('k', 'v1');
    const sent = l2.stats().commands.sent;
    await provider.set('k', 'v2');
    expect(l2.stats().commands.sent - sent).toBe(1); // the write script alone: your bus publishes on its own client
    expect(store.stats().bus.published).toBe(2); // one PUBLISH per write, by the tier
    expect(store.getSync('app:k')?.value).toBe('v2');
    await provider.close();
    await store.close();
  });

  it('leave no copy in either tier when the write guard refuses them', async () => {
    const { store } = tier(randomPrefix('tier-write'));
    await store.ready();
    const index = store.createTagIndex();
    expect(await index.write(store, 'k', testEntry('old', { tags: ['t'] }))).toBe(true);
    expect(store.getSync('k')?.value).toBe('old');
    const token = await index.begin();
    await index.invalidate(store, ['t']);
    expect(await index.write(store, 'k', testEntry('stale', { tags: ['t'] }), token)).toBe(false);
    expect(store.getSync('k')).toBeUndefined();
    expect(await store.get('k')).toBeUndefined();
    await index.close();
    await store.close();
  });
});
