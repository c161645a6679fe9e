/**
 * A lease held by one instance on one cache key: proof that this instance may
 * run the method for the key while the others wait for its result.
 */
export interface LockLease {
  /** The cache key the lease is for (as given to `acquire`). */
  readonly key: string;
  /** A random value that only the holder knows: release deletes the lease only if it still holds this token. */
  readonly token: string;
}

/**
 * Cross-process single-flight: a lease per cache key, so that one instance
 * loads a cold or expired key while the others wait for the value it stores.
 * `RedisStore` and `TieredStore` offer one (`RedisLock` from @cachet/stores)
 * through `CacheStore.createLock()`; a memory store needs none, because
 * single-flight within one process is built in.
 *
 * Implementations throw on backend failure; the provider fails open (the
 * caller loads without the lease) and reports it. A lease always expires on
 * its own after `leaseMs`, so a holder that dies never blocks the others for
 * longer than that.
 */
export interface DistributedLock {
  /** A short name for logs (`'redis'`). */
  readonly name: string;

  /**
   * Tries once, without waiting, to take the lease on `key` for `leaseMs`.
   * Resolves to the lease, or `undefined` when another holder has it.
   */
  acquire(key: string, leaseMs: number): Promise<LockLease | undefined>;

  /**
   * Gives the lease back if it is still held with `lease.token` (an expired
   * lease that someone else took since is left alone). Resolves to true when
   * this call removed it.
   */
  release(lease: LockLease): Promise<boolean>;

  /**
   * Resolves once nobody holds a lease on `key` (released or expired): true;
   * or after `timeoutMs` with the lease still held: false.
   */
  wait(key: string, timeoutMs: number): Promise<boolean>;

  /** Optional: releases what the lock itself opened (never a client it was given). */
  close?(): Promise<void>;
}
