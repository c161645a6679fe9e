import type { Library } from '../libs/library.js';
import { sleep, timeMs } from '../timing.js';
import { countingLoader, openContext, userRecord, type CaseJob, type Metrics } from './job.js';

/**
 * W4: `stampedeCallers` concurrent calls on one cold key whose loader takes
 * `loaderMs`, after one stampede on another key to warm the process up. Single-flight means one loader call and a total close to one
 * loader's time. In a distributed case the orchestrator runs several of these
 * processes against one Redis, each firing at `startAt`, and sums the loader calls.
 */
export async function runStampede(library: Library, job: CaseJob): Promise<Metrics> {
  const { stampedeCallers, loaderMs, distributedProcesses } = job.sizes;
  const loader = countingLoader(userRecord);
  const slowLoad = async (key: string) => {
    await sleep(loaderMs);
    return loader.load(key);
  };
  const cache = await library.open(openContext(job, slowLoad));
  try {
    const callers = job.startAt === undefined ? stampedeCallers : Math.ceil(stampedeCallers / distributedProcesses);
    // A stampede hits a running application (a hot key expired), not one starting up: one stampede on a
    // key of this process's own first connects, loads scripts and compiles the paths, for every library alike.
    const warmUpKey = `warm-up-${process.pid}`;
    await Promise.all(Array.from({ length: callers }, () => cache.get(warmUpKey)));
    const warmUpCalls = loader.calls;
    if (job.startAt !== undefined) await sleep(Math.max(0, job.startAt - Date.now()));
    const totalMs = await timeMs(() => Promise.all(Array.from({ length: callers }, () => cache.get('cold-key'))));
    return { loaderCalls: loader.calls - warmUpCalls, totalMs };
  } finally {
    await cache.close();
  }
}
