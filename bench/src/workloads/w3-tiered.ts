import type { Library } from '../libs/library.js';
import { runLoad } from '../timing.js';
import { countingLoader, keyRange, openContext, userRecord, type CaseJob, type Metrics } from './job.js';
import { loadMetrics } from './load-metrics.js';

/** Every tenth call asks for a key never seen before: 90% hot-set hits, 10% misses through both tiers. */
const NEW_KEY_EVERY = 10;

/** W3: an L1 over Redis, 90% hot-set hits and 10% new keys, one at a time and 100 in flight. */
export async function runTiered(library: Library, job: CaseJob): Promise<Metrics> {
  const { hotKeys, warmupOps, sequentialOps, concurrentOps, inFlight } = job.sizes;
  const keys = keyRange('user', hotKeys);
  const loader = countingLoader(userRecord);
  const cache = await library.open(openContext(job, loader.load, 200_000));
  try {
    for (const key of keys) await cache.get(key);
    const mix = (phase: string) => (i: number) =>
      cache.get(i % NEW_KEY_EVERY === NEW_KEY_EVERY - 1 ? `new:${phase}:${i}` : keys[i % keys.length]) as Promise<unknown>;
    await runLoad(mix('warmup'), warmupOps, inFlight);
    const before = loader.calls;
    const sequential = await runLoad(mix('seq'), sequentialOps, 1);
    const concurrent = await runLoad(mix('con'), concurrentOps, inFlight);
    // Each new key loads once; more means hot keys fell out, fewer means new keys were not misses.
    const expected = Math.floor(sequentialOps / NEW_KEY_EVERY) + Math.floor(concurrentOps / NEW_KEY_EVERY);
    const loads = loader.calls - before;
    if (loads !== expected) throw new Error(`W3: ${loads} loader calls where the mix has ${expected} new keys`);
    return loadMetrics(sequential, concurrent);
  } finally {
    await cache.close();
  }
}
