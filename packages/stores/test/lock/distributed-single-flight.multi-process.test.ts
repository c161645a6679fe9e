import type Redis from 'ioredis';
import { newRedis, randomPrefix, redisUrl, removePrefix } from '../../../../test-support/redis';
import { startLockInstances, stopLockInstances, type LockInstance } from '../../../../test-support/lock-instances';

/**
 * Issue test 7: distributed single-flight across forked processes that load
 * the built packages (`npm run build` first; `npm test` does it). The loader
 * counts its calls with INCR in Redis, so the count covers every process.
 */
interface ReadResult {
  distinct: string[];
  ms: number;
  stats: { loads: number; dedupedLoads: number; errors: number };
  warnings: string[];
}

let redis: Redis;
let prefix: string;
let instances: LockInstance[] = [];
beforeAll(() => {
  redis = newRedis();
});
beforeEach(() => {
  prefix = randomPrefix('dlock');
});
afterEach(async () => {
  await stopLockInstances(instances);
  instances = [];
  await removePrefix(redis, prefix);
});
afterAll(() => redis.quit());

const calls = async (key: string) => Number(await redis.get(`${prefix}calls:${key}`));

describe('distributed single-flight (lock: true) across processes', () => {
  it.each(['redis', 'tiered'])('%s: 3 processes × 1,000 concurrent calls on one cold key run the method once in total', async (kind) => {
    instances = await startLockInstances(3, { LOCK_REDIS_URL: redisUrl(), LOCK_PREFIX: prefix, LOCK_NAME: `dlock-${kind}`, LOCK_STORE: kind, LOCK_LEASE_MS: '5000', LOCK_WAIT_MS: '5000' });
    const results = await Promise.all(instances.map((instance) => instance.call<ReadResult>('read', { key: 'cold', count: 1_000, loadMs: 200 })));
    const total = await calls('cold');
    const values = new Set(results.flatMap((r) => r.distinct));
    console.log(
      `[${kind}] 3 × 1,000 calls on one cold key: ${total} method call(s); per process loads ${results.map((r) => r.stats.loads).join('/')}, ` +
        `joined ${results.map((r) => r.stats.dedupedLoads).join('/')}, answered in ${results.map((r) => r.ms).join('/')} ms; values ${[...values].join(' | ')}`,
      `; store reads past storeTimeout (failed open) ${results.map((r) => r.stats.errors).join('/')}`,
    );
    expect(total).toBe(1);
    expect(values.size).toBe(1);
  }, 30_000);

  it('a lease holder killed mid-load (SIGKILL): another instance loads once the lease expires', async () => {
    const LEASE = 1_000;
    instances = await startLockInstances(3, { LOCK_REDIS_URL: redisUrl(), LOCK_PREFIX: prefix, LOCK_NAME: 'dlock-kill', LOCK_STORE: 'redis', LOCK_LEASE_MS: String(LEASE), LOCK_WAIT_MS: '5000' });
    const [holder, ...others] = instances;
    const doomed = holder.call('read', { key: 'k', count: 10, loadMs: 10_000 }).catch((error: Error) => error.message);
    await holder.loading();
    const acquiredAt = Date.now();
    const waiting = others.map((instance) => instance.call<ReadResult>('read', { key: 'k', count: 100, loadMs: 300 }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await calls('k')).toBe(1); // the others wait for the holder instead of loading
    holder.child.kill('SIGKILL');
    const killedAt = Date.now();
    const results = await Promise.all(waiting);
    const doneAt = Date.now();
    expect(await doomed).toMatch(/exited/);
    const total = await calls('k');
    const values = new Set(results.flatMap((r) => r.distinct));
    console.log(
      `holder SIGKILLed ${killedAt - acquiredAt} ms into its load (lease ${LEASE} ms): the others answered ${doneAt - killedAt} ms after the kill ` +
        `(${doneAt - acquiredAt} ms after the lease was taken); method calls in total ${total}; values ${[...values].join(' | ')}`,
    );
    expect(total).toBe(2); // the dead holder's call, then exactly one more
    expect(values.size).toBe(1);
    expect([...values][0]).not.toContain('dlock-kill-0');
    expect(doneAt - acquiredAt).toBeGreaterThanOrEqual(LEASE - 50); // nobody loaded before the lease expired
  }, 30_000);
});
