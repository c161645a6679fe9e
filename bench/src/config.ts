/** Sizes of one bench run: the full run the issue specifies, or `--quick` to prove the harness end to end. */
export interface Sizes {
  /** Processes per case; each figure is the median across them. */
  readonly runs: number;
  /** W5 writes 100,000 entries per process: fewer repeats keep the full run near 15 minutes. */
  readonly tagRuns: number;
  readonly hotKeys: number;
  /** Calls measured one at a time (W2, W3). */
  readonly sequentialOps: number;
  /** Calls measured with `inFlight` calls in flight (W2, W3). */
  readonly concurrentOps: number;
  readonly inFlight: number;
  /** Unmeasured calls before each measurement: JIT and connection pools settle. */
  readonly warmupOps: number;
  /** mitata's minimum CPU time per W1 figure, in ms. */
  readonly w1CpuMs: number;
  readonly stampedeCallers: number;
  readonly loaderMs: number;
  readonly distributedProcesses: number;
  readonly taggedEntries: number;
  readonly bigTagEntries: number;
  readonly hitReads: number;
  readonly memoryEntries: number;
  /** A child that takes longer is killed and its case reported as failed. */
  readonly caseTimeoutMs: number;
}

export const FULL: Sizes = Object.freeze({
  runs: 5,
  tagRuns: 3,
  hotKeys: 1_000,
  sequentialOps: 20_000,
  concurrentOps: 100_000,
  inFlight: 100,
  warmupOps: 5_000,
  w1CpuMs: 1_000,
  stampedeCallers: 1_000,
  loaderMs: 50,
  distributedProcesses: 3,
  taggedEntries: 10_000,
  bigTagEntries: 100_000,
  hitReads: 5_000,
  memoryEntries: 100_000,
  caseTimeoutMs: 180_000,
});

/** Few iterations, small sizes, one process per case: checks wiring, never speed. */
export const QUICK: Sizes = Object.freeze({
  runs: 1,
  tagRuns: 1,
  hotKeys: 100,
  sequentialOps: 300,
  concurrentOps: 1_000,
  inFlight: 100,
  warmupOps: 100,
  w1CpuMs: 20,
  stampedeCallers: 1_000,
  loaderMs: 50,
  distributedProcesses: 3,
  taggedEntries: 300,
  bigTagEntries: 1_000,
  hitReads: 200,
  memoryEntries: 2_000,
  caseTimeoutMs: 30_000,
});

/** Entries live far longer than any run, so a measured hit is never an expiry miss. */
export const TTL_MS = 300_000;
