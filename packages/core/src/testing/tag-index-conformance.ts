import { globalTest, registerCase, randomId } from './kit';
import type { ConformanceTest } from './kit';
import type { TagIndexCase, TagIndexFactory } from './tag-index-case';
import { INDEX_CASES } from './tag-index-cases';
import { GUARD_CASES } from './tag-index-guard-cases';

const ALL_CASES: readonly TagIndexCase[] = [...INDEX_CASES, ...GUARD_CASES];

/**
 * Registers the `TagIndex` conformance suite: recording tags, invalidation by
 * key, tag, pattern and clear, `forget`, and the write guard that keeps a load
 * begun before an invalidation from writing stale data back.
 *
 * Each case gets a fresh store and index from `factory` (random prefix, random
 * keys and tags); the suite clears and closes both afterwards. Assertions use
 * `node:assert/strict`, so any runner works.
 *
 * @param test the runner's test function (`it` in jest / vitest, `test` in node:test);
 * may be left out where the runner has a global `it` or `test`: `runTagIndexConformance(factory)`
 * @param factory creates one store and its tag index for the given prefix
 *
 * @example
 * runTagIndexConformance(it, () => ({ store: new MemoryStore(), index: new MemoryTagIndex() }));
 */
export function runTagIndexConformance(factory: TagIndexFactory): void;
export function runTagIndexConformance(test: ConformanceTest, factory: TagIndexFactory): void;
export function runTagIndexConformance(testOrFactory: ConformanceTest | TagIndexFactory, maybeFactory?: TagIndexFactory): void {
  const test = maybeFactory === undefined ? globalTest('runTagIndexConformance') : (testOrFactory as ConformanceTest);
  const factory = maybeFactory ?? (testOrFactory as TagIndexFactory);
  for (const [title, run] of ALL_CASES) {
    registerCase(test, title, async (track) => {
      const ns = `t${randomId()}`;
      await run({
        ns,
        key: (name) => `${ns}:${name}`,
        tag: (name) => `${ns}:tag:${name}`,
        open: async () => {
          const pair = await factory({ prefix: `cachet-test:${randomId()}:` });
          // Cleanups run in reverse: clear, then close the index, then the store; one failing does not skip the others.
          track(() => pair.store.close());
          track(() => pair.index.close());
          track(() => pair.index.clear(pair.store));
          return pair;
        },
      });
    });
  }
}
