import { CacheProvider } from '@cachet/core';
import { RedisStore } from '@cachet/stores';
import { RedisTagIndex } from '@cachet/tags';
import { randomPrefix, useRedisClient } from '../../../../test-support/redis';
import { sleep } from '../../../../test-support/scenarios/random';

/** A RedisTagIndex whose token prefetch (`prepare`) settles only when the test says so. */
class HeldPrepareIndex extends RedisTagIndex {
  held: Promise<void> | undefined;
  release: () => void = () => undefined;

  hold(): void {
    this.held = new Promise((resolve) => (this.release = resolve));
  }

  override prepare(): Promise<void> | undefined {
    return this.held;
  }
}

const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('the write token asked for alongside a store read (TagIndex.prepare)', () => {
  const redis = useRedisClient();

  it('a hit does not wait for it; a miss starts its load only once it is at hand', async () => {
    const { client } = redis;
    const prefix = redis.track(randomPrefix('prefetch'));
    const index = new HeldPrepareIndex({ client, prefix });
    const provider = new CacheProvider({ store: new RedisStore({ client, prefix }), tags: index });
    try {
      await provider.set('k', 'stored');
      index.hold();
      let hit: unknown = 'pending';
      void provider.getOrSet('k', () => 'loaded').then((value) => (hit = value));
      await turns(20);
      expect(hit).toBe('stored');

      let loads = 0;
      const miss = provider.getOrSet('m', () => ++loads);
      await turns(20);
      expect(loads).toBe(0);
      index.release();
      expect(await miss).toBe(1);
    } finally {
      index.release();
      await provider.close();
    }
  });

  it('is asked for only while loads take the tokens: hits alone send no token requests', async () => {
    const { client } = redis;
    const prefix = redis.track(randomPrefix('prefetch'));
    const store = new RedisStore({ client, prefix });
    const provider = new CacheProvider({ store, storeTimeout: '10s' });
    try {
      let loads = 0;
      expect(await provider.getOrSet('k', () => `v${++loads}`)).toBe('v1');
      const sent = () => store.stats().commands.sent;

      // 20 hits spread over ~6 token reuse windows: one GET each, and at most the one token asked for
      // right after the load, which no load took.
      const before = sent();
      for (let i = 0; i < 20; i++) {
        expect(await provider.getOrSet('k', () => `v${++loads}`)).toBe('v1');
        await sleep(2);
      }
      expect(sent() - before).toBeLessThanOrEqual(21);

      // A miss takes a token again (its own round trip), and the reads right after ask ahead again.
      const beforeMiss = sent();
      expect(await provider.getOrSet('m', () => `v${++loads}`)).toBe('v2');
      await sleep(10);
      expect(await provider.getOrSet('m2', () => `v${++loads}`)).toBe('v3');
      expect(sent() - beforeMiss).toBe(6); // per miss: a GET, a token (asked ahead or by the load), the write script
      expect(loads).toBe(3);
    } finally {
      await provider.close();
    }
  });
});
