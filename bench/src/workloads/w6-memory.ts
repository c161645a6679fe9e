import type { Library } from '../libs/library.js';
import { countingLoader, expectNoLoads, openContext, userRecord, type CaseJob, type Metrics } from './job.js';

/** Full collections until the heap stops shrinking, so the figure is live data only. */
function settledHeap(): number {
  const gc = globalThis.gc;
  if (!gc) throw new Error('W6 needs node --expose-gc (the orchestrator passes it)');
  let last = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 10; round++) {
    gc();
    const used = process.memoryUsage().heapUsed;
    if (used >= last - 1_024) return used;
    last = used;
  }
  return last;
}

/**
 * W6: heap bytes per L1 entry for `memoryEntries` small entries (key
 * `user:<i>`, a three-field record), everything the cache keeps counted:
 * key, value, index slots, metadata. The cache is opened after the baseline,
 * so preallocated index arrays count too.
 */
export async function runMemory(library: Library, job: CaseJob): Promise<Metrics> {
  const entries = job.sizes.memoryEntries;
  const loader = countingLoader(userRecord);
  const before = settledHeap();
  const cache = await library.open(openContext(job, loader.load, entries));
  try {
    for (let i = 0; i < entries; i++) await cache.get(`user:${i}`);
    const after = settledHeap();
    const loads = loader.calls;
    // Every entry must still be there: a cache that evicted would look cheap.
    for (let i = 0; i < entries; i += Math.max(1, Math.floor(entries / 100))) await cache.get(`user:${i}`);
    expectNoLoads(loader, loads, 'W6 re-read');
    return { bytesPerEntry: (after - before) / entries };
  } finally {
    await cache.close();
  }
}
