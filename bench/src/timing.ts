import { measure } from 'mitata';
import { latencySummary } from './stats.js';

/**
 * Nanoseconds per call of a tight hit loop, as mitata's median sample.
 * mitata batches fast calls, so a 10 ns `Map.get` is not drowned by clock
 * overhead, and awaits each call when `fn` returns a Promise.
 */
export async function nsPerOp(fn: () => unknown, minCpuMs: number): Promise<number> {
  const stats = await measure(fn, { min_cpu_time: minCpuMs * 1e6 });
  return stats.p50;
}

/** What a load run reports: throughput and per-operation latency percentiles. */
export interface LoadResult {
  readonly opsPerSec: number;
  readonly p50Us: number;
  readonly p99Us: number;
}

/**
 * Runs `ops` calls of `op(i)` with `concurrency` calls in flight (1 = one at a
 * time), timing every call. Neither mitata nor tinybench drives a fixed number
 * of calls in flight, so this loop does: each of `concurrency` workers awaits
 * its call before taking the next index.
 */
export async function runLoad(op: (i: number) => Promise<unknown>, ops: number, concurrency: number): Promise<LoadResult> {
  const latencies = new Float64Array(ops);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < ops; i = next++) {
      const began = process.hrtime.bigint();
      await op(i);
      latencies[i] = Number(process.hrtime.bigint() - began);
    }
  };
  const began = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedNs = Number(process.hrtime.bigint() - began);
  const { p50, p99 } = latencySummary(latencies);
  return { opsPerSec: ops / (elapsedNs / 1e9), p50Us: p50 / 1e3, p99Us: p99 / 1e3 };
}

/** Milliseconds that `work` takes, wall clock. */
export async function timeMs(work: () => Promise<unknown>): Promise<number> {
  const began = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - began) / 1e6;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
