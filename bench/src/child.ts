import { libraryById } from './libs/index.js';
import type { CaseJob } from './workloads/job.js';
import { workloadById } from './workloads/index.js';

/**
 * One case in its own process, so no library's JIT state, timers or heap
 * leaks into another's figures. Prints `RESULT <json>` as its last line.
 */
async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as CaseJob;
  const library = await libraryById(job.library).load();
  const metrics = await workloadById(job.workload).run(library, job);
  process.stdout.write(`RESULT ${JSON.stringify(metrics)}\n`);
}

main().then(
  // Libraries may leave sockets or timers behind after close(); the figures are out, so leave.
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
