import { collectScan, runStoreConformance, testEntry } from '@cachet/core/testing';
import type { Cluster } from 'ioredis';
import { RedisStore } from '@cachet/stores';
import { countPrefix, randomPrefix } from '../../../../test-support/redis';
import { startRedisCluster } from '../../../../test-support/redis-cluster';
import type { RedisClusterHarness } from '../../../../test-support/redis-cluster';

jest.setTimeout(60_000);

describe('RedisStore on a Redis Cluster (3 masters, 3 replicas)', () => {
  let harness: RedisClusterHarness | undefined;
  let client: Cluster;

  beforeAll(async () => {
    harness = await startRedisCluster();
    client = harness.connect();
  });

  afterAll(async () => {
    // Stop the servers even when the client or a test failed.
    try {
      await client?.quit();
    } finally {
      await harness?.stop();
    }
  });

  describe('conformance', () => {
    runStoreConformance(it, ({ prefix }) => new RedisStore({ client, prefix }));
  });

  it('reads, writes, scans and clears keys spread over every master without CROSSSLOT', async () => {
    const prefix = randomPrefix('cluster');
    const store = new RedisStore({ client, prefix, batchSize: 50 });
    const keys = Array.from({ length: 600 }, (_, i) => `ns:k${i}`);
    await store.setMany(keys.map((key) => [key, testEntry(key, { tags: ['t'] })] as const));
    const perMaster = await Promise.all(client.nodes('master').map((node) => node.dbsize()));
    expect(perMaster.every((n) => n > 0)).toBe(true);
    expect((await store.getMany(keys)).map((e) => e?.value)).toEqual(keys);
    expect(await collectScan(store.scan('ns:k1*'))).toEqual(keys.filter((k) => k.startsWith('ns:k1')).sort());
    expect(await store.delete(keys.slice(0, 100))).toBe(100);
    const other = new RedisStore({ client, prefix: randomPrefix('cluster-other') });
    await other.set('ns:keep', testEntry('kept'));
    await store.clear();
    expect(await countPrefix(client, prefix)).toBe(0);
    expect((await other.get('ns:keep'))?.value).toBe('kept');
    await other.clear();
  });
});
