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
export const MISS_REASONS: Partial<Record<TargetKey, string>> = {
  'w1-floor':
    'the floor is an awaited call of an async function, ~40 ns here. A hit does that and more: the argument → key lookup (one Map.get on a string whose hash is cached, ~13% of a CPU profile of a hit loop), lru-cache\'s get with its LRU relink (~15%), the freshness check, the per-method hit counter and the promise (tryHit, with the decorator wrapper inlined, ~19%), ~95–100 ns in all after removing the per-call argument array. Reaching 2.5× would take a store other than lru-cache (which the design names) or dropping per-method stats.',
  'w2-concurrent':
    'client CPU per hit: ~14 µs against ~4.5–7 µs for raw auto-pipelined GET (CPU profiles at 100 in flight). The floor hands back the unparsed string; cachet decodes the entry (frame header and typed JSON, ~10%), runs each command under three deadlines (storeTimeout, commandTimeout, stall check, on shared deadline queues), the circuit breaker and the stats; GC is ~20%. Promises per hit are down from 21 to 12 and per-command timers are gone; what is left is that decoding and fail-open machinery. The floor itself moves a lot between runs on this shared machine (144k–263k ops/s in two full runs on 2026-12-04), and so does this ratio (0.42×–0.85×); cacheable (on Keyv) was ahead of cachet in both.',
  'w2-sequential':
    'one at a time the ~70 µs loopback round trip dominates and cachet\'s ~10 µs of extra client CPU per hit (decoding, deadlines, breaker) shows directly; the rows are within each other\'s spread across processes (see the ranges).',
  'w3-sequential':
    'W3 is bound by its 10% misses. A cachet miss makes 3 round trips — GET, the write token, and one script that writes the entry with its tag sets, checks the write guard and PUBLISHes the bus message — against the hand-rolled tier\'s GET and SET. The token and guard are what keep an invalidation from being undone by a load that began before it, and the bus keeps other instances\' L1 coherent; the hand-rolled tier has neither. L1 hits themselves are close (p50 ~1 µs vs 0.6 µs).',
  'w3-concurrent':
    'as one at a time, plus: the write script costs Redis ~1.5× a plain SET (redis-benchmark), and every write is a bus message that every instance (this one included) receives and decodes.',
  'w4-redis-time':
    'the loader alone takes 50.5–51 ms (timer granularity). On top, cachet reads the key, takes a write token (shared with loads of the last 5 ms, else one round trip) and resolves its callers only once the value is stored (so `await` means stored, and lock waiters in other processes find it): 6–10 ms at 1,000 callers on this 2-core machine.',
  'w5-tagged-hit':
    'the tagged and untagged hits are measured interleaved in one process, so a gap here is the tagged read itself; none is expected (a tagged entry is read with the same single GET).',
  'w5-invalidate':
    'each entry under the tag is checked in Lua before it is deleted (does it still carry the tag?) and dropped from its other tag sets: ~2.5 µs of Redis time per entry, in chunks of 200 (two in flight) so no command blocks Redis for more than a few ms.',
  'w6-bytes':
    'lru-cache alone costs 165 B per entry (its floor row). On top: cachet\'s entry, 48 B (value, a shared lifetime record, a write-time offset), and the key string: `@Cached` keys carry the provider namespace and the class, as the design\'s key format says (`bench:UserService:user:user\\:12345`, 56 B as a flat string), which is why `@Cached` sits above `getOrSet`.',
};
