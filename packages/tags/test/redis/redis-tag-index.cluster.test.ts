import { randomId } from '../../../core/src/testing/kit';
import { runTagIndexConformance, testEntry } from '@cachet/core/testing';
import { RedisStore } from '@cachet/stores';
import { countPrefix, randomPrefix } from '../../../../test-support/redis';
import { useRedisCluster } from '../../../../test-support/redis-cluster';

jest.setTimeout(60_000);

describe('RedisTagIndex on a Redis Cluster (3 masters, 3 replicas)', () => {
  const cluster = useRedisCluster();

  describe('conformance, keys spread over slots (per-slot scripts)', () => {
    runTagIndexConformance(it, ({ prefix }) => {
      const store = new RedisStore({ client: cluster.client, prefix });
      return { store, index: store.createTagIndex() };
    });
  });

  describe('conformance, hash-tagged prefix (one slot, atomic scripts)', () => {
    runTagIndexConformance(it, ({ prefix }) => {
      const store = new RedisStore({ client: cluster.client, prefix: `{${prefix}}` });
      return { store, index: store.createTagIndex() };
    });
  });

  it('invalidates, revokes and clears thousands of keys over every master', async () => {
    const prefix = randomPrefix('cluster-tags');
    const store = new RedisStore({ client: cluster.client, prefix });
    const index = store.createTagIndex();
    const ns = `n${randomId()}`;
    const writes = Array.from({ length: 2_000 }, (_, i) =>
      index.write(store, `${ns}:k${i}`, testEntry(i, { tags: [i % 2 === 0 ? 'even' : 'odd', 'all'] })),
    );
    expect((await Promise.all(writes)).every(Boolean)).toBe(true);
    expect(await index.invalidate(store, ['even'])).toBe(1_000);
    expect((await index.keysForTag('all')).length).toBe(1_000);
    expect(await index.revoke(store, `${ns}:k1*`)).toBe(556);
    expect(await index.keysForTag('odd')).toHaveLength(1_000 - 556);
    const token = await index.begin();
    await index.clear(store);
    expect(await index.write(store, `${ns}:late`, testEntry('stale', { tags: ['all'] }), token)).toBe(false);
    expect(await index.listTags()).toEqual([]);
    // Only the guard marks remain (they expire after the guard window).
    const left = await countPrefix(cluster.client, prefix);
    expect(left).toBeLessThanOrEqual(await countPrefix(cluster.client, `${prefix}~g:`));
  });
});
