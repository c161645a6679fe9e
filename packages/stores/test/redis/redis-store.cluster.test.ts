import { collectScan, runStoreConformance, testEntry } from '@cachet/core/testing';
import { RedisStore } from '@cachet/stores';
import { countPrefix, randomPrefix } from '../../../../test-support/redis';
import { useRedisCluster } from '../../../../test-support/redis-cluster';

jest.setTimeout(60_000);

describe('RedisStore on a Redis Cluster (3 masters, 3 replicas)', () => {
  const cluster = useRedisCluster();

  describe('conformance', () => {
    runStoreConformance(it, ({ prefix }) => new RedisStore({ client: cluster.client, prefix }));
  });

  it('reads, writes, scans and clears keys spread over every master without CROSSSLOT', async () => {
    const prefix = randomPrefix('cluster');
    const store = new RedisStore({ client: cluster.client, prefix, batchSize: 50 });
    const keys = Array.from({ length: 600 }, (_, i) => `ns:k${i}`);
    await store.setMany(keys.map((key) => [key, testEntry(key, { tags: ['t'] })] as const));
    const perMaster = await Promise.all(cluster.client.nodes('master').map((node) => node.dbsize()));
    expect(perMaster.every((n) => n > 0)).toBe(true);
    expect((await store.getMany(keys)).map((e) => e?.value)).toEqual(keys);
    // Single-key reads of one turn are batched per hash slot, each answer to its own caller.
    expect((await Promise.all(keys.map((key) => store.get(key)))).map((e) => e?.value)).toEqual(keys);
    expect(await collectScan(store.scan('ns:k1*'))).toEqual(keys.filter((k) => k.startsWith('ns:k1')).sort());
    expect(await store.delete(keys.slice(0, 100))).toBe(100);
    const other = new RedisStore({ client: cluster.client, prefix: randomPrefix('cluster-other') });
    await other.set('ns:keep', testEntry('kept'));
    await store.clear();
    expect(await countPrefix(cluster.client, prefix)).toBe(0);
    expect((await other.get('ns:keep'))?.value).toBe('kept');
    await other.clear();
  });
});
