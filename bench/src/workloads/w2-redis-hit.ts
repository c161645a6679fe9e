import type { Library } from '../libs/library.js';
import { runLoad } from '../timing.js';
import { countingLoader, expectNoLoads, keyRange, openContext, userRecord, type CaseJob, type Metrics } from './job.js';
import { loadMetrics } from './load-metrics.js';

/** W2: hits served by Redis alone (no L1), one call at a time and 100 in flight. */
export async function runRedisHit(library: Library, job: CaseJob): Promise<Metrics> {
  const { hotKeys, warmupOps, sequentialOps, concurrentOps, inFlight } = job.sizes;
  const keys = keyRange('user', hotKeys);
  const loader = countingLoader(userRecord);
  const cache = await library.open(openContext(job, loader.load));
  try {
    for (const key of keys) await cache.get(key);
    const op = (i: number) => cache.get(keys[i % keys.length]) as Promise<unknown>;
    const before = loader.calls;
    await runLoad(op, warmupOps, inFlight);
    const sequential = await runLoad(op, sequentialOps, 1);
    const concurrent = await runLoad(op, concurrentOps, inFlight);
    expectNoLoads(loader, before, 'W2 Redis hits');
    return loadMetrics(sequential, concurrent);
  } finally {
    await cache.close();
  }
}
