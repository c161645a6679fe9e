/** What the bus side of a TieredStore did; see `TieredStore.stats()`. */
export interface BusCounters {
  /** Messages published (first attempt succeeded). */
  published: number;
  /** Writes into an empty L2 key, which need no message (no peer can hold a copy of it). */
  unannounced: number;
  /** Publish attempts that failed (first attempts and retries). */
  publishFailures: number;
  /** Queued messages published by a retry. */
  retried: number;
  /** Times the retry queue overflowed and was replaced by one flush message. */
  overflows: number;
  /** Messages not queued because a pending flush already covers them. */
  subsumed: number;
  /** Payloads received from the bus, whatever they were. */
  received: number;
  /** Messages from peers applied to L1. */
  applied: number;
  /** This instance's own messages, ignored. */
  own: number;
  /** Payloads that were not JSON, or broke the message rules of this format version. */
  malformed: number;
  /** JSON payloads that are not cachet messages of this format version. */
  foreign: number;
  /** Times the bus confirmed delivery again after it could not (each flushed L1). */
  resyncs: number;
}

/** State of the invalidation bus: none, unable to promise delivery (L1 bypassed), or delivering. */
export type BusState = 'off' | 'down' | 'up';

/** Counters of a TieredStore, as returned by `TieredStore.stats()` (a snapshot). */
export interface TieredStoreStats {
  /** Reads answered by L1 (`getSync` included). */
  l1Hits: number;
  /** Reads L1 could not answer that L2 did. */
  l2Hits: number;
  /** Reads neither tier could answer. */
  misses: number;
  /** L2 hits copied into L1. */
  promotions: number;
  /** Reads that L2 failed (an error, a timeout, its breaker open) answered from an L1 copy (`fallbackToL1`). */
  l1Fallbacks: number;
  /** Copies into L1 skipped because an invalidation overtook them (or L1 was suspended). */
  fillsSkipped: number;
  /** The bus: its state, messages retried and queued, bad payloads seen. */
  bus: BusCounters & { readonly state: BusState; readonly queued: number };
}

/** Fresh zeroed bus counters. */
export function newBusCounters(): BusCounters {
  return { published: 0, unannounced: 0, publishFailures: 0, retried: 0, overflows: 0, subsumed: 0, received: 0, applied: 0, own: 0, malformed: 0, foreign: 0, resyncs: 0 };
}
