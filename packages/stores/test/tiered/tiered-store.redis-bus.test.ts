import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { testEntry } from '@cachet/core/testing';
import { MemoryStore, RedisInvalidationBus, RedisStore, TieredStore } from '@cachet/stores';
import { randomPrefix, redisUrl, removePrefix } from '../../../../test-support/redis';

describe('TieredStore on Redis: the default pub/sub bus', () => {
  const name = `cachet-tiered-bus-${randomBytes(4).toString('hex')}`;
  const prefix = randomPrefix('tiered-bus');
  let client: Redis;

  /** Subscriber connections named like our client (a duplicate inherits the name). */
  const subscribers = async () => String(await client.call('CLIENT', 'LIST', 'TYPE', 'pubsub')).split('\n').filter((line) => line.includes(` name=${name} `)).length;
  /** The server notices a closed socket a moment after the client has: poll for it. */
  const subscribersSettleAt = async (expected: number) => {
    for (let i = 0; i < 100 && (await subscribers()) !== expected; i++) await new Promise((r) => setTimeout(r, 10));
    return subscribers();
  };

  beforeAll(() => {
    client = new Redis(redisUrl(), { connectionName: name, maxRetriesPerRequest: 2 });
  });

  afterAll(async () => {
    await removePrefix(client, prefix);
    await client.quit();
  });

  it('subscribes on a duplicate of the L2 client, on channel <prefix>~bus', async () => {
    const store = new TieredStore({ l1: new MemoryStore(), l2: new RedisStore({ client, prefix }) });
    await store.ready();
    expect(await subscribers()).toBe(1);
    const channels = (await client.call('PUBSUB', 'CHANNELS', `${prefix}~bus`)) as string[];
    expect(channels).toEqual([`${prefix}~bus`]);
    await store.set('k', testEntry('v'));
    expect(store.stats().bus).toMatchObject({ state: 'up', published: 1 });
    await store.close();
    // close() closed the subscriber it created, and left the client it was given open.
    expect(await subscribersSettleAt(0)).toBe(0);
    expect(await client.ping()).toBe('PONG');
  });

  it('bus: false opens no subscriber; a RedisInvalidationBus you pass is unsubscribed by close()', async () => {
    const quiet = new TieredStore({ l1: new MemoryStore(), l2: new RedisStore({ client, prefix }), bus: false });
    expect(quiet.stats().bus.state).toBe('off');
    expect(await subscribersSettleAt(0)).toBe(0);
    await quiet.close();
    const bus = new RedisInvalidationBus({ client, channel: `${prefix}custom` });
    const store = new TieredStore({ l1: new MemoryStore(), l2: new RedisStore({ client, prefix }), bus });
    await store.ready();
    expect(await subscribers()).toBe(1);
    await store.close();
    expect(await subscribersSettleAt(0)).toBe(0);
    await bus.close(); // yours to close; nothing left to do
  });

  it.each([
    ['a store that opened its own connection (url)', () => new RedisStore({ url: redisUrl(), prefix })],
    ['a lazyConnect client', () => new RedisStore({ client: new Redis(redisUrl(), { lazyConnect: true, enableOfflineQueue: false }), prefix })],
  ])('starts the bus on %s without reporting an error', async (_name, makeL2) => {
    const errors: string[] = [];
    const l2 = makeL2();
    const store = new TieredStore({ l1: new MemoryStore(), l2, onError: (error, { operation }) => errors.push(`${operation}: ${error.message}`) });
    await store.ready();
    expect(store.stats().bus.state).toBe('up');
    await store.close();
    await l2.close();
    expect(errors).toEqual([]);
  });
});
