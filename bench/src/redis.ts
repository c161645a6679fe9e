import { Redis } from 'ioredis';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** The bench sends load: only to this machine, whatever REDIS_URL says. */
export function loopbackRedisUrl(url: string): string {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
  if (!loopback) throw new Error(`REDIS_URL must point at loopback (127.0.0.0/8, localhost, ::1); got host '${host}'`);
  return url;
}

/**
 * Deletes every key containing `token` with SCAN + UNLINK (never KEYS or
 * FLUSH: the database is shared). The token sits inside each library's key,
 * not always at the start (async-cache-dedupe writes `r:<reference>`).
 */
export async function unlinkMatching(redis: Redis, token: string): Promise<number> {
  let cursor = '0';
  let removed = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `*${token}*`, 'COUNT', 1_000);
    cursor = next;
    if (keys.length > 0) removed += await redis.unlink(...keys);
  } while (cursor !== '0');
  return removed;
}

export async function redisVersion(redis: Redis): Promise<string> {
  const info = await redis.info('server');
  return /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
}
