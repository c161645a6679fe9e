import type { Library } from '../libs/library.js';
import { nsPerOp } from '../timing.js';
import { countingLoader, expectNoLoads, keyRange, openContext, type CaseJob, type Metrics } from './job.js';

/** One shared value: the uncached floor then costs only the call itself, the strictest baseline for the hit path. */
const VALUE = Object.freeze({ id: '1', name: 'Ann', active: true });

/** W1: an L1 hit on one of 1,000 hot keys, in ns per call (awaited when the API is async). */
export async function runL1Hit(library: Library, job: CaseJob): Promise<Metrics> {
  const keys = keyRange('user', job.sizes.hotKeys);
  const loader = countingLoader(() => VALUE);
  const cache = await library.open(openContext(job, loader.load));
  try {
    for (const key of keys) await cache.get(key);
    const before = loader.calls;
    let i = 0;
    const ns = await nsPerOp(() => {
      i = i + 1 === keys.length ? 0 : i + 1;
      return cache.get(keys[i]);
    }, job.sizes.w1CpuMs);
    // The floors that do not cache (the uncached call) load on every call by design.
    if (job.library !== 'async-call') expectNoLoads(loader, before, 'W1 hits');
    return { nsPerOp: ns };
  } finally {
    await cache.close();
  }
}
