import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { parseArgs } from './cli.js';
import { FULL, QUICK, type Sizes } from './config.js';
import { formatValue } from './format.js';
import { libraryById } from './libs/index.js';
import { describeMachine, packageVersions } from './machine.js';
import { Outcomes } from './outcomes.js';
import { DEFAULT_REDIS_URL, loopbackRedisUrl, redisVersion, unlinkMatching } from './redis.js';
import { renderReport, targetsTable, workloadTable } from './report.js';
import { runChild, runDistributed } from './run-case.js';
import { judgeTargets } from './targets.js';
import { WORKLOADS, type Workload } from './workloads/index.js';
import type { Metrics } from './workloads/job.js';

const BENCH_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A short summary of a run's first figures for the progress line. */
function summarize(workload: Workload, metrics: Metrics): string {
  return workload.metrics
    .filter((m) => !/P50|P99/.test(m.key))
    .slice(0, 3)
    .map((m) => `${m.label} ${formatValue(metrics[m.key], m.unit)} ${m.unit}`)
    .join(' · ');
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const base: Sizes = options.quick ? QUICK : FULL;
  const sizes: Sizes = options.runs ? { ...base, runs: options.runs, tagRuns: options.runs } : base;
  const redisUrl = loopbackRedisUrl(process.env.REDIS_URL ?? DEFAULT_REDIS_URL);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  // Every key of this bench run contains the token; the final sweep deletes whatever a crashed case left.
  const token = `cachetbench${randomBytes(4).toString('hex')}`;
  const started = Date.now();
  const machine = describeMachine(await redisVersion(redis));
  const outcomes = new Outcomes();

  const sections = WORKLOADS.filter((w) => !options.workloads || options.workloads.includes(w.id)).map((workload) => ({
    workload,
    libraries: workload.libraries.filter((id) => !options.libraries || options.libraries.includes(id)),
  }));
  const total = sections.reduce((n, s) => n + s.libraries.length * (s.workload.longRunning ? sizes.tagRuns : sizes.runs), 0);
  console.log(`cachet bench${options.quick ? ' (quick)' : ''}: ${total} case runs, Redis ${machine.redis} at ${redisUrl}, ${machine.cpu} × ${machine.cores}, node ${machine.node}`);

  let done = 0;
  try {
    for (const { workload, libraries } of sections) {
      const runs = workload.longRunning ? sizes.tagRuns : sizes.runs;
      for (const library of libraries) {
        const unavailable = workload.unavailable?.[library];
        const outcome = { workload: workload.id, library, runs: [] as Metrics[], unavailable };
        outcomes.all.push(outcome);
        const label = `${workload.id} · ${libraryById(library).label}`;
        if (unavailable) {
          done += runs;
          console.log(`[${String(done).padStart(String(total).length)}/${total}] ${label}: ${unavailable}`);
          continue;
        }
        for (let run = 1; run <= runs; run++) {
          const prefix = `${token}:${workload.id}:${library}:${run}:`;
          const job = { workload: workload.id, library, backend: workload.backend, redisUrl, prefix, sizes };
          const began = Date.now();
          const result = workload.processes
            ? await runDistributed(job, workload.processes, sizes.caseTimeoutMs)
            : await runChild(job, sizes.caseTimeoutMs);
          await unlinkMatching(redis, prefix);
          done++;
          const head = `[${String(done).padStart(String(total).length)}/${total}] ${label} · run ${run}/${runs} · ${((Date.now() - began) / 1000).toFixed(1)} s`;
          if (result.metrics) {
            outcome.runs.push(result.metrics);
            console.log(`${head} · ${summarize(workload, result.metrics)}`);
          } else {
            (outcome as { error?: string }).error = result.error;
            console.log(`${head} · FAILED: ${result.error}`);
          }
          // Library warnings are part of the story (a cache that fails open under load says so here).
          for (const line of result.stderr.slice(0, 3)) console.log(`      stderr: ${line.slice(0, 200)}`);
          if (result.stderr.length > 3) console.log(`      stderr: … ${result.stderr.length - 3} more lines`);
        }
      }
    }
  } finally {
    const left = await unlinkMatching(redis, token);
    if (left > 0) console.log(`cleanup: removed ${left} leftover Redis keys of this run`);
    redis.disconnect();
  }

  const verdicts = judgeTargets(outcomes, sizes.loaderMs);
  console.log('');
  for (const { workload, libraries } of sections) console.log(`### ${workload.title}\n\n${workloadTable(workload, outcomes, libraries)}\n`);
  console.log(`### Targets${options.quick ? ' (quick mode: not a speed verdict)' : ''}\n\n${targetsTable(verdicts)}\n`);

  const out = resolve(options.out ?? join(BENCH_ROOT, options.quick ? 'RESULTS.quick.md' : 'RESULTS.md'));
  const elapsedS = (Date.now() - started) / 1000;
  writeFileSync(out, renderReport({ date: new Date(started), quick: options.quick, machine, versions: packageVersions(), sizes, sections, outcomes, verdicts, elapsedS }));
  console.log(`wrote ${out} (${Math.round(elapsedS)} s)`);

  // Only a broken harness fails the run (a case that crashed or timed out); slow figures never do.
  const failed = outcomes.failed;
  if (failed.length > 0) console.error(`${failed.length} case(s) failed: ${failed.map((o) => `${o.workload}/${o.library}`).join(', ')}`);
  return failed.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
