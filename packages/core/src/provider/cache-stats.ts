/** Load latency percentiles in milliseconds (over the most recent loads). */
export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
}

/** Counters of one method, or of the whole provider. */
export interface CacheCounters {
  hits: number;
  misses: number;
  /** hits / (hits + misses), 0 when there were no lookups. */
  hitRatio: number;
  /** Times a method (loader) actually ran to fill the cache. */
  loads: number;
  /** Calls that joined a load already in flight instead of running the method. */
  dedupedLoads: number;
  /** Stale values served (grace, stale-while-revalidate, soft timeout). */
  staleServed: number;
  /** Store and listener errors the provider failed open on. */
  errors: number;
  /** Entries the store dropped on its own (capacity, expiry). */
  evictions: number;
  /** Load latency percentiles. */
  loadLatency: LatencySummary;
}

/** What `provider.stats()` returns: totals, and the same per `'Class.method'` (or `'getOrSet'` for direct calls). */
export interface CacheStats extends CacheCounters {
  methods: Record<string, CacheCounters>;
}

/** Loads whose latency is kept per method: bounded memory whatever the traffic. */
const LATENCY_SAMPLES = 1024;

/** Mutable counters of one method; cheap to bump on the hot path. */
export class MethodCounters {
  hits = 0;
  misses = 0;
  loads = 0;
  dedupedLoads = 0;
  staleServed = 0;
  errors = 0;
  evictions = 0;
  /**
   * Duration (ms) of the most recent load: the delta of early refresh. Kept
   * by `reset()`, since it describes the method, not the traffic.
   */
  lastLoadMs = 0;
  private readonly latencies = new Float64Array(LATENCY_SAMPLES);
  private latencyCount = 0;

  recordLoad(ms: number): void {
    this.loads++;
    this.lastLoadMs = ms;
    this.latencies[this.latencyCount++ % LATENCY_SAMPLES] = ms;
  }

  /** Sets every counter back to zero in place: plans built earlier keep counting into this object. */
  reset(): void {
    this.hits = this.misses = this.loads = this.dedupedLoads = this.staleServed = this.errors = this.evictions = 0;
    this.latencyCount = 0;
  }

  /** Latency samples currently held. */
  samples(): Float64Array {
    return this.latencies.subarray(0, Math.min(this.latencyCount, LATENCY_SAMPLES));
  }

  snapshot(): CacheCounters {
    return summarize([this]);
  }
}

/** Sums counters and merges latency samples into one summary. */
export function summarize(all: readonly MethodCounters[]): CacheCounters {
  const total = { hits: 0, misses: 0, loads: 0, dedupedLoads: 0, staleServed: 0, errors: 0, evictions: 0 };
  const samples: number[] = [];
  for (const c of all) {
    total.hits += c.hits;
    total.misses += c.misses;
    total.loads += c.loads;
    total.dedupedLoads += c.dedupedLoads;
    total.staleServed += c.staleServed;
    total.errors += c.errors;
    total.evictions += c.evictions;
    samples.push(...c.samples());
  }
  const lookups = total.hits + total.misses;
  return { ...total, hitRatio: lookups === 0 ? 0 : total.hits / lookups, loadLatency: percentiles(samples) };
}

function percentiles(samples: number[]): LatencySummary {
  if (samples.length === 0) return { p50: 0, p95: 0, p99: 0 };
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}
