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
    'the floor is an awaited call of an async function, ~40–57 ns depending on the machine. A hit does that plus two hash lookups and the bookkeeping (CPU profile of a hit loop): the argument → key lookup (a Map.get on a string whose hash is cached, ~12%), lru-cache\'s get with its LRU relink and TTL check (~11%), the store\'s liveness check (~9%), and the engine\'s hit path (clock, per-method counter, promise: ~9%). A hit no longer builds a CacheEntry (`getFreshValueSync`: ~210 → ~172 ns in that loop). Processes land in one of two modes: ~175–210 ns when V8 inlines the store\'s read into the hit path, ~300–360 ns when it does not (CPU profiles of both). Which one depends on when V8 optimizes the path, and so on the host\'s load: with the same code, 40 of 40 W1 child runs were fast at one time, and 9 of 16 were slow an hour later. Every @Cached process was slow in one full run of 2026-12-04 and fast in the five full runs since (174–213 ns). Smaller hit-path functions and a shared lru-cache options object did not remove the slow mode. What is left is the two lookups: lru-cache, which the design names, keys by the full key string, so an argument must become its key first. Reaching 2.5× would take a store keyed by the argument itself, or dropping per-method stats.',
  'w2-concurrent':
    'single-key reads issued in one turn of the event loop travel as MGETs of up to 25 keys (RedisStore since 2026-12-05): ioredis spends ~8 µs of client CPU per command even auto-pipelined, ~1.5–2 µs per key of an MGET. That took this row from 0.44–0.67× to 1.02–1.33× in the full runs of 2026-12-05 (cachet 198k–221k ops/s; the floor 166k–194k). Before, client CPU per hit was ~11–16 µs against ~6–8 µs for the floor. Where it misses, look at the floor: raw auto-pipelined GET has measured 128k–263k ops/s across full runs on this shared machine.',
  'w2-sequential':
    'one at a time, the loopback round trip (~70–90 µs here) dominates, and a cachet hit adds ~8–10 µs to it (p50 ~83–86 µs against ~70–76 µs for plain GET in the runs of 2026-12-05). Measured layer by layer in one loop: a GET through the command gate costs ~2 µs more than the same GET sent directly, the read batch ~1–1.5 µs, the provider ~1 µs over `RedisStore.get`; decoding the framed entry costs ~0.6 µs more than a JSON.parse (1.24 µs against 0.64 µs in a micro-benchmark). No function is above 2% in the CPU profile, where the socket write syscall alone takes ~10%. Since 2026-12-05 02:00 reads that all hit no longer ask for write tokens ahead (a token script every 5 ms had cost ~2.5–3 µs per hit), and a Redis read has two promises fewer (the read batch settles its callers through `CommandGate.runTo` and decodes as it hands out, ~0.35 µs): the row went from 0.79–0.84× to 0.82–0.88×. Sending a lone command without the auto-pipeline (2026-12-04) took it from ~0.7× to 0.8×. Tried and dropped: sending a read at once when none is in flight (no gain one at a time in a full run, and 100 in flight lost 17%).',
  'w3-sequential':
    'W3 one at a time is bound by its 10% misses. Per sequential miss (3,000 in a loop), the read before the loader matches a plain GET, but the write after it is slower than the hand-rolled tier\'s SET: it is the write script, which checks the write guard (TIME, the key and clear marks, the pattern marks), reads the old entry\'s head (its tags, and whether it replaces anything), SETs, and PUBLISHes the bus message only when it replaced an entry. That is ~15–18 µs of Redis time for one write against ~1–3 µs for SET (INFO commandstats; a script that only returns 1 already costs ~2.7 µs), plus ~30 µs more client CPU per miss (entry encoding, the coherence ticket and L1 fill, the provider\'s single-flight and guard). The guard keeps an invalidation from being undone by a load that began before it, and the bus keeps other instances\' L1 coherent; the hand-rolled tier has neither. Since 2026-12-05 a write into an empty key (every miss here) publishes nothing: in the 01:34 full run the row went from 0.61× to 0.69×, though A/B child runs of all-miss loops measured the miss ~15 µs slower in wall time with the same CPU without the PUBLISH (likely: the message to this process\'s own subscriber, sent mid-script, woke the process before the reply did). Across the full runs of 2026-12-05 this row measured 0.43–0.69×, and the floor itself 41k–58k ops/s; the lowest were in the last run, on a busier host (see w3-concurrent).',
  'w3-concurrent':
    'with 100 in flight, client CPU decides. L1 hits cost what a memory hit costs since TieredStore answers the provider\'s plain hit path (`getFreshValueSync`); reads of one turn share MGETs, and writes of one turn share one script (25 at most), which since 2026-12-05 publishes a bus message only for writes that replaced an entry, so a miss no longer sends one to every instance and back to this one. That took this row from 0.44× to 0.59–0.83× across the full runs of 2026-12-05 (cachet 230k–374k ops/s, the floor 298k–452k), except the last (0.45–0.51×), on a busier host: cachet\'s W3 measured ~40k / 350k ops/s in the 01:34 run and ~30k / 250k in alternating child runs at 02:45, with and without that session\'s last changes alike, while the floor moved far less: a miss costs cachet more client CPU, and CPU is what a busy host takes away. Per miss (all misses, 100 in flight): ~22–25 µs of client CPU against ~17–22 µs for the hand-rolled tier\'s GET + SET: the entry encoded, the coherence ticket and L1 fill, the provider\'s single-flight and guard, and GC (~12% of the CPU).',
  'w4-redis-time':
    'the loader alone takes 50.5–51 ms (timer granularity). On top, cachet reads the key, then runs the write script: ~1 ms round trip after 50 ms of idling on this VM. Callers resolve only once the value is stored, so `await` means stored and lock waiters in other processes find it. The write token travels with the read, and the load starts in the same turn as the miss. The read goes out on the next tick, after the last call is issued, so the load waits for all of them: ~0.5 ms for 1,000 calls once V8 has compiled the call path, but 2–6 ms for `getOrSet` when it was still compiling it (TurboFan on a background thread sharing the 2 cores, seen with --trace-opt) during the measured stampede. That is why W4 warms up with three stampedes since 2026-12-05 02:35; before, `getOrSet` measured 54.4–56.9 ms and `@Cached` 52.4–53.9 ms, after, 51.8–53.4 ms.',
  'w5-tagged-hit':
    'the tagged and untagged hits are measured interleaved in one process, so a gap here is the tagged read itself; none is expected (a tagged entry is read with the same single GET).',
  'w5-invalidate':
    'before deleting an entry under the tag, Lua checks that it still carries the tag, and drops it from its other tag sets. An entry with this tag alone is recognised by its header text instead of a cjson decode, which halved the script time (~1.4 → ~0.75 ms per chunk of 200). What remains is one GETRANGE per entry (~1.5 µs of Redis time each, measured), in chunks of 200 with two in flight, so no command blocks Redis for more than about 1 ms. Across processes and this session\'s three full runs it measured 38–65 ms (medians 48–60 ms; Redis itself ran slower in the last run: writing the 10,000 entries took 840–915 ms against 660–730 before): the 50 ms target sits inside that spread.',
  'w6-bytes':
    'lru-cache alone costs 165 B per entry (its floor row). On top comes the key string: `@Cached` keys carry the provider namespace and the class, as the design\'s key format says (`bench:UserService:user:user\\:12345`, 56 B as a flat string), which is why `@Cached` sits above `getOrSet`. An untagged, grace-free entry adds 16 B: its value is kept bare, with its times in lru-cache\'s TTL slots. An entry with tags or grace adds a 48-byte compact record instead.',
};
