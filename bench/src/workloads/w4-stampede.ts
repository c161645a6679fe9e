import type { Library } from '../libs/library.js';
import { sleep, timeMs } from '../timing.js';
import { countingLoader, openContext, userRecord, type CaseJob, type Metrics } from './job.js';

/** Stampedes on keys of their own before the measured one (see the comment where they run). */
export const WARM_UP_STAMPEDES = 3;

/**
 * W4: `stampedeCallers` concurrent calls on one cold key whose loader takes
 * `loaderMs`, after {@link WARM_UP_STAMPEDES} stampedes on other keys to warm
 * the process up. Single-flight means one loader call and a total close to
 * one loader's time. In a distributed case the orchestrator runs several of
 * these processes against one Redis, each firing at `startAt`, and sums the
 * loader calls.
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
    // A stampede hits a running application (a hot key expired), not one starting up: stampedes on keys of
    // this process's own first connect, load scripts and get the paths compiled, for every library alike.
    // One was not enough: V8 was still compiling the call path (TurboFan, on a background thread that
    // shares the 2 cores) during the measured stampede, ~2–6 ms of issuing 1,000 calls instead of ~0.5 ms.
    for (let round = 0; round < WARM_UP_STAMPEDES; round++) {
      const warmUpKey = `warm-up-${process.pid}-${round}`;
      await Promise.all(Array.from({ length: callers }, () => cache.get(warmUpKey)));
    }
    const warmUpCalls = loader.calls;
    if (job.startAt !== undefined) await sleep(Math.max(0, job.startAt - Date.now()));
    const totalMs = await timeMs(() => Promise.all(Array.from({ length: callers }, () => cache.get('cold-key'))));
    return { loaderCalls: loader.calls - warmUpCalls, totalMs };
  } finally {
    await cache.close();
  }
}
