import type { LoadResult } from '../timing.js';
import type { Metrics } from './job.js';

/** The six figures of a one-at-a-time plus in-flight run (W2, W3). */
export function loadMetrics(sequential: LoadResult, concurrent: LoadResult): Metrics {
  return {
    seqOps: sequential.opsPerSec,
    seqP50: sequential.p50Us,
    seqP99: sequential.p99Us,
    conOps: concurrent.opsPerSec,
    conP50: concurrent.p50Us,
    conP99: concurrent.p99Us,
  };
}
