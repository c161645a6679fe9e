import type { Sizes } from '../config.js';
import { TTL_MS } from '../config.js';
import type { Backend, OpenContext } from '../libs/library.js';

/** What the orchestrator sends one child process. */
export interface CaseJob {
  readonly workload: string;
  readonly library: string;
  readonly backend: Backend;
  readonly redisUrl: string;
  /** Unique per case run; shared by the processes of one distributed case. */
  readonly prefix: string;
  readonly sizes: Sizes;
  /** Distributed cases: epoch ms at which every process fires at once. */
  readonly startAt?: number;
}

/** One figure per metric key; what a child prints. */
export type Metrics = Record<string, number>;

/** A loader that counts its calls, so every workload can check it measured what it claims (hits are hits). */
export interface CountingLoader {
  readonly calls: number;
  readonly load: OpenContext['load'];
}

export function countingLoader(make: (key: string) => unknown): CountingLoader {
  const counter = {
    calls: 0,
    load(key: string): unknown {
      counter.calls++;
      return make(key);
    },
  };
  return counter;
}

export function openContext(job: CaseJob, load: OpenContext['load'], capacity = 100_000): OpenContext {
  return { backend: job.backend, redisUrl: job.redisUrl, prefix: job.prefix, capacity, ttlMs: TTL_MS, distributed: job.startAt !== undefined, load };
}

/** A small record, the typical cached method result. */
export function userRecord(key: string): object {
  return { id: key, name: `user ${key}`, active: true };
}

export function keyRange(tag: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${tag}${i}`);
}

/** Throws when a phase that should be all hits ran the loader: the figure would be a lie. */
export function expectNoLoads(loader: CountingLoader, before: number, phase: string): void {
  const loads = loader.calls - before;
  if (loads > 0) throw new Error(`${phase}: ${loads} loader calls during a phase meant to be all hits (entries evicted or not stored?)`);
}
