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
    'the floor is an awaited call of an async function, ~40–57 ns depending on the machine. A hit does that plus two hash lookups and the bookkeeping (CPU profile of a hit loop): the argument → key lookup (a Map.get on a string whose hash is cached, ~12%), lru-cache\'s get with its LRU relink and TTL check (~11%), the store\'s liveness check (~9%), and the engine\'s hit path (clock, per-method counter, promise: ~9%). A hit no longer builds a CacheEntry (`getFreshValueSync`: ~210 → ~172 ns in that loop). Processes land in one of two modes: ~175–210 ns when V8 inlines the store\'s read into the hit path, ~300–360 ns when it does not (CPU profiles of both). Which one depends on when V8 optimizes the path, and so on the host\'s load: with the same code, 40 of 40 W1 child runs were fast at one time, and 9 of 16 were slow an hour later. Every @Cached process was slow in one full run and fast in the last (175–213 ns). Smaller hit-path functions and a shared lru-cache options object did not remove the slow mode. What is left is the two lookups: lru-cache, which the design names, keys by the full key string, so an argument must become its key first. Reaching 2.5× would take a store keyed by the argument itself, or dropping per-method stats.',
  'w2-concurrent':
    'client CPU per hit: ~11–16 µs against ~6–8 µs for raw auto-pipelined GET (process CPU at 100 in flight). By layer: raw getBuffer on the same client ~8–9.5 µs, RedisStore.get ~11.5–15 µs, the provider ~16–17.5 µs. The floor hands back the unparsed string. cachet parses the JSON value (~7% of the CPU; the frame header is read from the bytes without JSON.parse, and the value is decoded in place), sends each command through the command gate (deadlines on shared queues, the breaker, the in-flight bound) and the storeTimeout guard, and runs the provider\'s read path (single-flight map, shared read). The floor itself moves a lot between runs on this shared machine (128k–263k ops/s across four full runs), and so does this ratio (0.42×–0.85×).',
  'w2-sequential':
    'one at a time, the loopback round trip (~80–100 µs here) dominates. A command sent while nothing else is in flight now skips ioredis\' auto-pipeline (which built a Pipeline per command and sent it a tick later: ~30–50 µs of CPU per hit one at a time). Against plain GET that gave 1.03× for getOrSet and 0.87× for @Cached in one full run of 2026-12-04, and 0.68× / 0.74× in the last, where the plain GET floor ran 11% faster than in the run before. The rest is the client CPU of parsing the value, the gate and the guard; the rows overlap within their spread across processes (see the ranges).',
  'w3-sequential':
    'W3 is bound by its 10% misses. Measured per sequential miss (3,000 misses in a loop): cachet ~335 µs against ~210–255 µs for the hand-rolled tier\'s GET + SET (it was ~430 µs before sending lone commands without the auto-pipeline). Both make 2 round trips (the write token now travels with the read). But cachet\'s second round trip is the write script: it checks the write guard (TIME and the key, clear and pattern marks), reads the old entry\'s tags, SETs, and PUBLISHes the bus message, which Redis also delivers to every subscriber, this process included. The guard keeps an invalidation from being undone by a load that began before it, and the bus keeps other instances\' L1 coherent; the hand-rolled tier has neither. L1 hits: p50 1.6 µs against 0.9 µs.',
  'w3-concurrent':
    'as one at a time; with 100 in flight, client CPU decides: ~7–9 µs per operation against ~2.5–3 µs for the hand-rolled tier (process CPU). Most of it is the miss path: the write script and its arguments, the bus message every write sends and every instance decodes, and the L1 fill. L1 hits are ~1.5 µs.',
  'w4-redis-time':
    'the loader alone takes 50.5–51 ms (timer granularity). On top, cachet reads the key, then runs the write script: ~1 ms round trip after 50 ms of idling on this VM. Callers resolve only once the value is stored, so `await` means stored and lock waiters in other processes find it. The write token now travels with the read, and the load starts in the same turn as the miss (~1 ms earlier with 1,000 callers). The spread across processes (53–65 ms) straddles the 55 ms target: across the three full runs of 2026-12-04 evening, @Cached measured 54.9, 55.6 and 55.9 ms, getOrSet 56.5, 57.5 and 58.0 ms.',
  'w5-tagged-hit':
    'the tagged and untagged hits are measured interleaved in one process, so a gap here is the tagged read itself; none is expected (a tagged entry is read with the same single GET).',
  'w5-invalidate':
    'before deleting an entry under the tag, Lua checks that it still carries the tag, and drops it from its other tag sets. An entry with this tag alone is recognised by its header text instead of a cjson decode, which halved the script time (~1.4 → ~0.75 ms per chunk of 200). What remains is one GETRANGE per entry (~1.5 µs of Redis time each, measured), in chunks of 200 with two in flight, so no command blocks Redis for more than about 1 ms. Across processes and this session\'s three full runs it measured 38–65 ms (medians 48–60 ms; Redis itself ran slower in the last run: writing the 10,000 entries took 840–915 ms against 660–730 before): the 50 ms target sits inside that spread.',
  'w6-bytes':
    'lru-cache alone costs 165 B per entry (its floor row). On top comes the key string: `@Cached` keys carry the provider namespace and the class, as the design\'s key format says (`bench:UserService:user:user\\:12345`, 56 B as a flat string), which is why `@Cached` sits above `getOrSet`. An untagged, grace-free entry adds 16 B: its value is kept bare, with its times in lru-cache\'s TTL slots. An entry with tags or grace adds a 48-byte compact record instead.',
};
