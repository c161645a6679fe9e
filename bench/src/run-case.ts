import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaseJob, Metrics } from './workloads/job.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'child.js');

export interface ChildResult {
  readonly metrics?: Metrics;
  readonly error?: string;
  /** What the libraries printed to stderr (warnings), for the progress output. */
  readonly stderr: string[];
}

/** Runs one case in a fresh Node process (with --expose-gc for W6) and reads its `RESULT` line. */
export function runChild(job: CaseJob, timeoutMs: number): Promise<ChildResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', CHILD, JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const lines = stderr.split('\n').filter((l) => l.trim().length > 0);
      const result = /^RESULT (.*)$/m.exec(stdout);
      if (code === 0 && result) return resolve({ metrics: JSON.parse(result[1]) as Metrics, stderr: lines });
      const why = signal === 'SIGKILL' ? `timed out after ${timeoutMs / 1000} s` : (lines.find((l) => /Error/.test(l)) ?? lines[0] ?? `exit code ${code}`);
      resolve({ error: why.trim(), stderr: lines });
    });
  });
}

/** A distributed case: `count` processes on one prefix, all firing at the same instant. Loader calls add up; time is the slowest. */
export async function runDistributed(job: CaseJob, count: number, timeoutMs: number): Promise<ChildResult> {
  const startAt = Date.now() + 2_000; // time for every process to start, connect and run its warm-up stampedes
  const results = await Promise.all(Array.from({ length: count }, () => runChild({ ...job, startAt }, timeoutMs)));
  const failed = results.find((r) => r.error !== undefined);
  const stderr = results.flatMap((r) => r.stderr);
  if (failed) return { error: failed.error, stderr };
  const metrics = results.map((r) => r.metrics as Metrics);
  return {
    metrics: { loaderCalls: metrics.reduce((sum, m) => sum + m.loaderCalls, 0), totalMs: Math.max(...metrics.map((m) => m.totalMs)) },
    stderr,
  };
}
