import { CacheProvider } from '@cachet/core';
import { RedisStore } from '@cachet/stores';
import { RedisTagIndex } from '@cachet/tags';
import { randomPrefix, useRedisClient } from '../../../../test-support/redis';

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
});
