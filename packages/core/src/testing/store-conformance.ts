import { globalTest, registerCase, randomId } from './kit';
import type { ConformanceTest } from './kit';
import type { StoreCase, StoreFactory } from './store-case';
import { BASIC_CASES } from './store-cases';
import { SCAN_CASES } from './store-scan-cases';
import { VALUE_CASES } from './store-value-cases';

const ALL_CASES: readonly StoreCase[] = [...BASIC_CASES, ...SCAN_CASES, ...VALUE_CASES];

/**
 * Registers the `CacheStore` conformance suite: every store (built-in or your
 * own) must pass it.
 *
 * Each case gets fresh stores from `factory`, each with a random prefix, and
 * random keys, so a shared backend (one Redis for all cases and runs) works;
 * the suite clears and closes every store it opened. Assertions use
 * `node:assert/strict`, so any runner works.
 *
 * Expiry cases wait at most ~120 ms of real time; do not run the suite under
 * fake timers.
 *
 * @param test the runner's test function (`it` in jest / vitest, `test` in node:test);
 * may be left out where the runner has a global `it` or `test`: `runStoreConformance(factory)`
 * @param factory creates one store for the given prefix
 *
 * @example
 * describe('MyStore', () => runStoreConformance(it, ({ prefix }) => new MyStore({ prefix })));
 */
export function runStoreConformance(factory: StoreFactory): void;
export function runStoreConformance(test: ConformanceTest, factory: StoreFactory): void;
export function runStoreConformance(testOrFactory: ConformanceTest | StoreFactory, maybeFactory?: StoreFactory): void {
  const test = maybeFactory === undefined ? globalTest('runStoreConformance') : (testOrFactory as ConformanceTest);
  const factory = maybeFactory ?? (testOrFactory as StoreFactory);
  for (const [title, run] of ALL_CASES) {
    registerCase(test, title, async (track) => {
      const ns = `t${randomId()}`;
      await run({
        ns,
        key: (name) => `${ns}:${name}`,
        open: async () => {
          const store = await factory({ prefix: `cachet-test:${randomId()}:` });
          // Cleanups run in reverse: clear (so a shared backend keeps nothing), then close.
          track(() => store.close());
          track(() => store.clear());
          return store;
        },
      });
    });
  }
}
