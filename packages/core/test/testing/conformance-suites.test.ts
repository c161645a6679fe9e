import type { ConformanceTest, StoreFactory } from '@cachet/core/testing';
import { runStoreConformance } from '@cachet/core/testing';
import { MapStore } from './map-store';

/** Registers the suite into a list instead of a runner, so it can be run and judged here. */
function collectCases(factory: StoreFactory): Map<string, () => Promise<void>> {
  const cases = new Map<string, () => Promise<void>>();
  runStoreConformance((name, fn) => void cases.set(name, fn), factory);
  return cases;
}

describe('runStoreConformance', () => {
  describe('passes on a minimal correct store', () => {
    runStoreConformance(it, () => new MapStore());
  });

  it('gives every case a fresh store with a fresh prefix, and closes each', async () => {
    const prefixes: string[] = [];
    let closed = 0;
    const cases = collectCases(({ prefix }) => {
      prefixes.push(prefix);
      const store = new MapStore();
      const close = store.close.bind(store);
      store.close = async () => {
        closed++;
        await close();
      };
      return store;
    });
    await cases.get('clear() leaves stores with another prefix alone')?.();
    expect(prefixes).toHaveLength(2);
    expect(prefixes[0]).not.toBe(prefixes[1]);
    expect(prefixes[0]).toMatch(/^cachet-test:[0-9a-f]+:$/);
    expect(closed).toBe(2);
  });

  it.each([
    ['a store that ignores staleUntil', { keepsExpired: true }, 'an entry past staleUntil is gone from get, getMany and has'],
    ['a store that JSON-encodes values', { jsonValues: true }, 'round-trips a Date'],
    ['a store that JSON-encodes values', { jsonValues: true }, 'round-trips a Buffer'],
    ['a store whose clear() ignores its prefix', { sharedMap: true }, 'clear() leaves stores with another prefix alone'],
  ])('catches %s (%#)', async (_what, flaws, failingCase) => {
    const cases = collectCases(() => new MapStore(flaws));
    const run = cases.get(failingCase);
    expect(run).toBeDefined();
    await expect(run?.()).rejects.toThrow();
  });

  it('accepts the test functions of jest and node:test', () => {
    // Type-level: these assignments fail to compile if ConformanceTest is too narrow.
    const fromJest: ConformanceTest = it;
    const fromNodeTest: ConformanceTest = null as unknown as typeof import('node:test').test;
    expect(typeof fromJest).toBe('function');
    expect(fromNodeTest).toBeNull();
  });
});
