import { CacheModule, Cached } from '@cachet/core';
import { DECORATOR_MODE } from './decorator-mode';
import { configureMemory, sleep } from './fixtures';

afterEach(() => CacheModule.reset());

describe(`single-flight (${DECORATOR_MODE} decorators)`, () => {
  it('runs the method once for 10,000 concurrent callers of one key, and they all get the result', async () => {
    configureMemory();
    let calls = 0;
    class Slow {
      @Cached()
      async load(id: string) {
        calls++;
        await sleep(50);
        return { id, at: calls };
      }
    }
    const slow = new Slow();
    const results = await Promise.all(Array.from({ length: 10_000 }, () => slow.load('hot')));
    expect(calls).toBe(1);
    expect(new Set(results).size).toBe(1);
    expect(results[9_999]).toEqual({ id: 'hot', at: 1 });
    const stats = CacheModule.get().stats().methods['Slow.load'];
    expect(stats.loads).toBe(1);
    expect(stats.dedupedLoads).toBe(9_999);
  });

  it('gives every waiting caller the same error, and the next call runs again', async () => {
    configureMemory();
    let calls = 0;
    const failure = new Error('boom');
    class Flaky {
      @Cached()
      async load() {
        calls++;
        await sleep(20);
        if (calls === 1) throw failure;
        return 'ok';
      }
    }
    const flaky = new Flaky();
    const settled = await Promise.allSettled(Array.from({ length: 100 }, () => flaky.load()));
    expect(calls).toBe(1);
    expect(settled.every((r) => r.status === 'rejected' && r.reason === failure)).toBe(true);
    expect(await flaky.load()).toBe('ok');
    expect(calls).toBe(2);
  });
});
