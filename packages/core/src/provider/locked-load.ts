import type { CacheEntry } from '../contracts/cache-entry';
import type { DistributedLock, LockLease } from '../lock/distributed-lock';
import type { MethodCounters } from './cache-stats';
import type { LockSettings } from './resilience-options';
import type { ProviderRuntime } from './provider-runtime';
import { noteOutcome } from './outcome-probe';
import { withDeadline } from './store-guard';

/** How many successive holders an instance waits for before it loads by itself. */
const MAX_HANDOVERS = 3;

/** What a locked load needs from the engine. */
export interface LockedLoad<T> {
  readonly method: string;
  readonly counters: MethodCounters;
  readonly lock: LockSettings;
  revive?(value: unknown): unknown;
  /** Runs the method here and stores its result. */
  loadHere(): Promise<T>;
}

/**
 * Cross-process single-flight for one key (the in-process single-flight has
 * already merged this process's callers into one call here):
 *
 * 1. take the lease (SET NX PX in Redis); if we have it, look once more for a
 *    value (another instance may have stored it just before), else load, store,
 *    and release the lease after the write, so waiters find the value;
 * 2. if another instance holds it, wait until the lease is released or
 *    expires, then read the value it stored; if there is none (it failed, or
 *    died and its lease expired), try to take the lease ourselves;
 * 3. after `wait` per holder, or after three holders, load anyway.
 *
 * Any lock failure fails open: the load runs here, and the failure is
 * reported (logged, counted in `errors`, an `error` event).
 */
export async function loadWithLease<T>(runtime: ProviderRuntime, lock: DistributedLock, key: string, call: LockedLoad<T>): Promise<T> {
  const { lease: leaseMs, wait: waitMs } = call.lock;
  for (let holders = 0; holders < MAX_HANDOVERS; holders++) {
    let lease: LockLease | undefined;
    try {
      // Bounded like any store call: a stalled lock backend must not hold the caller.
      lease = await withDeadline(lock.acquire(key, leaseMs), runtime.options.storeTimeout, `lock(${lock.name})`, 'acquire');
    } catch (error) {
      runtime.reportError('lock acquire', error, key, call.method);
      return call.loadHere();
    }
    if (lease !== undefined) return holdAndLoad(runtime, lock, lease, key, call);
    let freed: boolean;
    try {
      freed = await lock.wait(key, waitMs);
    } catch (error) {
      runtime.reportError('lock wait', error, key, call.method);
      return call.loadHere();
    }
    const entry = await readFresh(runtime, key, call);
    if (entry !== undefined) return served(entry, call);
    if (!freed) break; // the holder outlived our patience: load rather than wait on
  }
  runtime.logger.warn({ key: runtime.observer.show(runtime.relative(key)), method: call.method, provider: runtime.providerName }, 'cachet: gave up waiting for the lock holder; loading here');
  return call.loadHere();
}

async function holdAndLoad<T>(runtime: ProviderRuntime, lock: DistributedLock, lease: LockLease, key: string, call: LockedLoad<T>): Promise<T> {
  try {
    // Between our miss and our lease another holder may have finished: its value saves a load.
    const entry = await readFresh(runtime, key, call);
    if (entry !== undefined) return served(entry, call);
    return await call.loadHere();
  } finally {
    // After the write (loadHere awaits it), so that waiters woken by the release find the value.
    // Not awaited by the caller (its value is ready), but tracked: close() lets it reach Redis.
    runtime.track(lock.release(lease).catch((error: unknown) => runtime.reportError('lock release', error, key, call.method)));
  }
}

async function readFresh(runtime: ProviderRuntime, key: string, call: LockedLoad<unknown>): Promise<CacheEntry | undefined> {
  // A read that times out here means a second load, which is what the lease is for; and this caller is
  // already waiting for a load, so it may wait for a slow read too — up to the lease, at most operationTimeout.
  const deadline = Math.max(runtime.options.storeTimeout, Math.min(call.lock.lease, runtime.options.operationTimeout));
  const entry = await runtime.guard('get', runtime.store.get(key), undefined, key, call, deadline);
  return entry !== undefined && entry.expiresAt > Date.now() ? entry : undefined;
}

/** A value another instance loaded: this call joined its load, across processes. */
function served<T>(entry: CacheEntry, call: LockedLoad<T>): T {
  call.counters.dedupedLoads++;
  noteOutcome('joined');
  return (call.revive ? call.revive(entry.value) : entry.value) as T;
}
