import { CacheModule, Cached, CacheConfigError, CacheTimeoutError } from '@cachet/core';
import { DECORATOR_MODE } from '../decorator-mode';
import { configureMemory, sleep } from '../fixtures';

afterEach(() => CacheModule.reset());

describe(`soft timeout and hardTimeout (${DECORATOR_MODE} decorators)`, () => {
  it('issue test 6: a 2 s method with a 100 ms soft timeout answers 100 stale callers within 120 ms (p99) and stores the fresh value within 2.1 s', async () => {
    const cache = configureMemory();
    let version = 1;
    class Report {
      @Cached({ key: 'report', ttl: 50, grace: '1m', timeout: 100 })
      async build(): Promise<number> {
        await sleep(version === 1 ? 0 : 2_000);
        return version;
      }
    }
    const report = new Report();
    expect(await report.build()).toBe(1);
    await sleep(80); // expired, within grace
    version = 2;
    let storedAt = Number.NaN;
    cache.on('set', () => (storedAt = performance.now() - t0));
    const t0 = performance.now();
    // A plain 100 ms timer started with the callers: how late this machine's timers fire right now.
    const probe = new Promise<number>((resolve) => setTimeout(() => resolve(performance.now() - t0), 100));
    const values: number[] = [];
    const latencies = await Promise.all(
      Array.from({ length: 100 }, async () => {
        const started = performance.now();
        values.push(await report.build());
        return performance.now() - started; // assertions come after: jest's expect is slow enough to skew the timings
      }),
    );
    expect(values).toEqual(Array.from({ length: 100 }, () => 1));
    const timerMs = await probe;
    latencies.sort((a, b) => a - b);
    const p50 = latencies[49];
    const p99 = latencies[98];
    while (Number.isNaN(storedAt) && performance.now() - t0 < 4_000) await sleep(10);
    console.log(
      `[${DECORATOR_MODE}] soft timeout 100 ms, method 2 s: 100 stale callers p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${latencies[99].toFixed(1)} ms ` +
        `(a bare 100 ms timer fired after ${timerMs.toFixed(1)} ms); fresh value stored after ${storedAt.toFixed(0)} ms`,
    );
    // The promise is 120 ms. On a loaded machine a timer itself can fire late; then allow cachet's own 20 ms over that timer, no more.
    expect(p99).toBeLessThanOrEqual(Math.max(120, timerMs + 20));
    expect(storedAt).toBeLessThanOrEqual(Math.max(2_100, 2_000 + (timerMs - 100) + 100));
    expect(await report.build()).toBe(2);
    expect(cache.stats().methods['Report.build'].staleServed).toBe(100);
  });

  it('without a stale value and without hardTimeout, the caller waits for the method', async () => {
    configureMemory();
    class Slow {
      @Cached({ timeout: 20 })
      async load(): Promise<string> {
        await sleep(120);
        return 'done';
      }
    }
    const started = Date.now();
    expect(await new Slow().load()).toBe('done');
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('hardTimeout fails callers without a value with CacheTimeoutError; the load still stores its result (fake timers)', async () => {
    jest.useFakeTimers({ now: 5_000_000 });
    try {
      const cache = configureMemory();
      let calls = 0;
      class Slow {
        @Cached({ key: 'slow', timeout: 50, hardTimeout: 200 })
        async load(): Promise<string> {
          calls++;
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          return 'late';
        }
      }
      const slow = new Slow();
      const first = slow.load();
      const second = slow.load();
      const settled = Promise.allSettled([first, second]);
      await jest.advanceTimersByTimeAsync(199);
      expect(await Promise.race([settled.then(() => 'settled'), Promise.resolve('pending')])).toBe('pending');
      await jest.advanceTimersByTimeAsync(1);
      const [a, b] = await settled;
      expect(a.status).toBe('rejected');
      expect(b.status).toBe('rejected');
      const error = (a as PromiseRejectedResult).reason as CacheTimeoutError;
      expect(error).toBeInstanceOf(CacheTimeoutError);
      expect(error.code).toBe('CACHET_TIMEOUT');
      expect(error.message).toMatch(/Slow\.load.*hardTimeout \(200 ms\)/);
      expect(calls).toBe(1);
      await jest.advanceTimersByTimeAsync(800);
      expect(await cache.get('Slow:slow')).toBe('late');
      expect(await slow.load()).toBe('late');
      expect(calls).toBe(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it('hardTimeout alone serves the stale value when there is one', async () => {
    jest.useFakeTimers({ now: 7_000_000 });
    try {
      configureMemory();
      let version = 0;
      class Slow {
        @Cached({ ttl: 100, grace: '1m', hardTimeout: 300 })
        async load(): Promise<number> {
          version++;
          if (version > 1) await new Promise((resolve) => setTimeout(resolve, 1_000));
          return version;
        }
      }
      const slow = new Slow();
      expect(await slow.load()).toBe(1);
      jest.setSystemTime(Date.now() + 500);
      const answer = slow.load();
      await jest.advanceTimersByTimeAsync(300);
      expect(await answer).toBe(1);
      await jest.advanceTimersByTimeAsync(700);
      expect(await slow.load()).toBe(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it('validates the options when the decorator is applied', () => {
    const apply = (options: object) => {
      class Svc {
        @Cached(options)
        async m(): Promise<number> {
          return 1;
        }
      }
      return Svc;
    };
    expect(() => apply({ timeout: 500, hardTimeout: 100 })).toThrow(CacheConfigError);
    expect(() => apply({ timeout: 500, hardTimeout: 500 })).toThrow(/hardTimeout \(500 ms\) must be longer than timeout \(500 ms\)/);
    expect(() => apply({ hardTimeout: 0 })).toThrow(/hardTimeout/);
    expect(() => apply({ hardTimeout: 'soon' })).toThrow(/hardTimeout/);
    expect(() => apply({ graceBackoff: 0 })).toThrow(/graceBackoff/);
    expect(() => apply({ earlyRefresh: -1 })).toThrow(/earlyRefresh must be true, false or a beta > 0/);
    expect(() => apply({ earlyRefresh: 'yes' })).toThrow(/earlyRefresh/);
    expect(() => apply({ lock: 'yes' })).toThrow(/lock must be true, false or \{ lease\?, wait\? \}/);
    expect(() => apply({ lock: { lease: 0 } })).toThrow(/lock\.lease/);
    expect(() => apply({ lock: { leese: '1s' } })).toThrow(/unknown lock option 'leese'/);
    expect(() => apply({ timeout: 100, hardTimeout: '1s', graceBackoff: '2s', earlyRefresh: 2, lock: { lease: '5s', wait: '6s' } })).not.toThrow();
  });
});
