/** How long one clock reading is reused, in milliseconds at most (while the event loop turns). */
const RESOLUTION_MS = 1;
/** How many hits may reuse one reading: bounds the drift while microtasks keep the loop from turning. */
const READS_PER_READING = 256;
/** The Date this module loaded with: fake timers (jest, sinon) replace it, and then every hit reads the clock. */
const REAL_DATE = Date;

let reading = 0;
let readsLeft = 0;
let refreshPending = false;

function expire(): void {
  readsLeft = 0;
  refreshPending = false;
}

/**
 * `Date.now()` for the hit path, read at most once per millisecond or per 256
 * hits, whichever comes first: the technique lru-cache uses for its TTLs.
 *
 * Why: reading the clock is the largest single cost of a memory hit. Measured
 * on this project's 2-core VMs (Node 20): `Date.now()` ≈ 85 ns and C's
 * `clock_gettime` ≈ 50 ns, against ≈ 200 ns for the rest of a `@Cached` hit.
 *
 * The price: a hit may see an entry up to ~1 ms (or 256 hits) past its
 * expiry as still fresh; longer only while synchronous work blocks the event
 * loop between two hits. Misses, loads, writes and stale decisions read the
 * exact clock. Under fake timers (a replaced `Date`) every hit reads the clock,
 * so tests that move time (`jest.setSystemTime`, `advanceTimersByTime`) see it
 * at once. The refresh timer is unref'd: it never keeps a process alive.
 */
export function hitClock(): number {
  // A replaced global Date is a constant to V8's optimizing compiler: this comparison costs nothing until it changes.
  if (readsLeft > 0 && globalThis.Date === REAL_DATE) {
    readsLeft--;
    return reading;
  }
  return readClock();
}

function readClock(): number {
  const now = Date.now();
  if (globalThis.Date !== REAL_DATE) return now;
  reading = now;
  readsLeft = READS_PER_READING;
  if (!refreshPending) {
    refreshPending = true;
    setTimeout(expire, RESOLUTION_MS).unref?.();
  }
  return now;
}
