import Redis from 'ioredis';
import { CacheProvider } from '@cachet/core';
import { MemoryStore, RedisStore } from '@cachet/stores';
import { newRedis, randomPrefix } from '../../../../test-support/redis';

describe('health()', () => {
  const opened: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((p) => p.close()));
  });

  it('reports a real round trip to a memory store', async () => {
    const cache = new CacheProvider({ store: new MemoryStore({ maxEntries: 10 }) });
    opened.push(cache);
    const report = await cache.health();
    expect(report).toEqual({ ok: true, stores: [{ name: 'memory', ok: true, latencyMs: expect.any(Number) }] });
  });

  it('reports ok against the real Redis', async () => {
    const client = newRedis();
    const cache = new CacheProvider({ store: new RedisStore({ client, prefix: randomPrefix('health') }) });
    opened.push(cache, { close: async () => void (await client.quit()) });
    const report = await cache.health();
    expect(report.ok).toBe(true);
    expect(report.stores[0]).toMatchObject({ name: 'redis', ok: true });
  });

  it('reports the error when Redis cannot be reached, without throwing', async () => {
    // Port 1 on loopback: nothing listens, and the offline queue is off so commands fail at once.
    const client = new Redis({ host: '127.0.0.1', port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    const cache = new CacheProvider({ store: new RedisStore({ client, prefix: randomPrefix('health') }) });
    opened.push(cache, { close: async () => void client.disconnect() });
    const report = await cache.health();
    expect(report.ok).toBe(false);
    expect(report.stores[0]).toMatchObject({ name: 'redis', ok: false, error: expect.any(String) });
  });
});
