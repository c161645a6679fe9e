import { randomBytes } from 'node:crypto';
import { CacheConfigError } from '@cachet/core';
import type { DistributedLock, LockLease } from '@cachet/core';
import type { RedisClient } from '@cachet/tags';

/** Options of {@link RedisLock}. */
export interface RedisLockOptions {
  /** The connection leases live on (an ioredis `Redis` or `Cluster`); never closed by the lock. */
  client: RedisClient;
  /** Prefix of the lease keys, `<prefix>~lock:<cache key>`. @default '' (RedisStore passes its own prefix) */
  prefix?: string;
  /**
   * How often a waiting instance checks whether the lease is gone. Waiting is
   * per process and key (callers in one process share one wait), so this is a
   * handful of PEXISTS per second per key being loaded elsewhere.
   * @default 25 (ms)
   */
  pollInterval?: number;
}

/** Documented defaults of {@link RedisLockOptions}. */
export const DEFAULT_REDIS_LOCK_OPTIONS = Object.freeze({ prefix: '', pollInterval: 25 } as const);

/** Deletes the lease only if it still holds our token: an expired lease someone else took since is theirs. */
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * Leases in Redis for cross-process single-flight: `SET <key> <random token>
 * NX PX <lease>` to take one, a compare-and-delete Lua script to give it back,
 * and short polling to wait for it to go (released, or expired because its
 * holder died). One key per lease, so it is Cluster-safe.
 *
 * @example
 * CacheModule.configure({ store, lock: true, distributedLock: new RedisLock({ client: redis, prefix: 'app:' }) });
 * // or simply { store: new RedisStore({ client }), lock: true }: RedisStore.createLock() makes one
 */
export class RedisLock implements DistributedLock {
  /** `'redis'`. */
  readonly name = 'redis';
  private readonly client: RedisClient;
  private readonly prefix: string;
  private readonly pollInterval: number;

  /** @throws CacheConfigError without a client or with a pollInterval that is not a positive number */
  constructor(options: RedisLockOptions) {
    if (!options || typeof options.client?.set !== 'function') throw new CacheConfigError('RedisLock needs { client }: an ioredis Redis or Cluster.');
    const pollInterval = options.pollInterval ?? DEFAULT_REDIS_LOCK_OPTIONS.pollInterval;
    if (!Number.isFinite(pollInterval) || pollInterval <= 0) throw new CacheConfigError(`RedisLock: pollInterval must be a positive number of ms, got ${String(pollInterval)}.`);
    this.client = options.client;
    this.prefix = options.prefix ?? DEFAULT_REDIS_LOCK_OPTIONS.prefix;
    this.pollInterval = pollInterval;
  }

  /** @inheritdoc */
  async acquire(key: string, leaseMs: number): Promise<LockLease | undefined> {
    const token = randomBytes(16).toString('hex');
    const answer = await this.client.set(this.leaseKey(key), token, 'PX', Math.max(1, Math.ceil(leaseMs)), 'NX');
    return answer === 'OK' ? { key, token } : undefined;
  }

  /** @inheritdoc */
  async release(lease: LockLease): Promise<boolean> {
    return Number(await this.client.eval(RELEASE, 1, this.leaseKey(lease.key), lease.token)) === 1;
  }

  /** @inheritdoc */
  async wait(key: string, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const leaseKey = this.leaseKey(key);
    for (;;) {
      if ((await this.client.exists(leaseKey)) === 0) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(this.pollInterval, left)));
    }
  }

  /** The Redis key of the lease on `key`. `~` keeps it out of RedisStore scans, like the tag index's keys. */
  leaseKey(key: string): string {
    return `${this.prefix}~lock:${key}`;
  }
}
