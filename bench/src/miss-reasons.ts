/** The targets of the benchmark issue, by a short stable name. */
export type TargetKey =
  | 'w1-floor'
  | 'w1-peers'
  | 'w2-concurrent'
  | 'w2-sequential'
  | 'w3-sequential'
  | 'w3-concurrent'
  | 'w4-memory-loads'
  | 'w4-memory-time'
  | 'w4-redis-loads'
  | 'w4-redis-time'
  | 'w4-distributed'
  | 'w5-tagged-hit'
  | 'w5-invalidate'
  | 'w6-bytes';

/**
 * Why a target is missed, as far as the profiles show, written by hand after
 * a full run. RESULTS.md prints the reason under its table only for targets
 * that this run missed; a miss without a reason here is printed as such, so
 * a new miss cannot hide.
 */
export const MISS_REASONS: Partial<Record<TargetKey, string>> = {};
