import { CacheConfigError } from '@cachet/core';
import type { Redis, RedisOptions } from 'ioredis';
import type { RedisClient } from '@cachet/tags';

/**
 * ioredis options cachet recommends for a cache connection, and uses for the
 * connection `RedisStore({ url })` opens. Each one is about failing fast: a
 * cache that waits for Redis makes the application slower than no cache.
 * Spread them into your own `new Redis(url, { ...RECOMMENDED_IOREDIS_OPTIONS })`.
 */
export const RECOMMENDED_IOREDIS_OPTIONS: Readonly<RedisOptions> = Object.freeze({
  /** Commands sent while disconnected fail at once instead of queueing (and being replayed after a reconnect, long after their caller gave up). */
  enableOfflineQueue: false,
  /** Commands in flight when the connection drops fail at once (the default, 20, retries them over 20 reconnects). */
  maxRetriesPerRequest: 0,
  /** Never re-send a command whose connection died: it may have been applied, and its caller has moved on. */
  autoResendUnfulfilledCommands: false,
  /** A connect attempt that gets no answer is abandoned after 1 s (the default waits 10 s). */
  connectTimeout: 1_000,
  /** Reconnect forever with capped, jittered backoff: 100 ms doubling to ≈ 1 s, so a restarted Redis is used again within about a second, without every instance reconnecting in the same instant. */
  retryStrategy: (times: number): number => Math.round(Math.min(50 * 2 ** times, 1_000) * (0.5 + Math.random() / 2)),
  /** Commands issued in the same tick share one write to the socket. */
  enableAutoPipelining: true,
});

/**
 * Opens a connection for `RedisStore({ url })` with {@link RECOMMENDED_IOREDIS_OPTIONS}.
 * ioredis is an optional peer dependency, loaded only here so that users of
 * the memory store need not install it.
 */
export function connectUrl(url: string): Redis {
  let ioredis: typeof import('ioredis');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ioredis = require('ioredis') as typeof import('ioredis');
  } catch (error) {
    throw new CacheConfigError("RedisStore({ url }) needs the 'ioredis' package (a peer dependency): npm install ioredis@5", { cause: error });
  }
  return new ioredis.Redis(url, { ...RECOMMENDED_IOREDIS_OPTIONS });
}

/**
 * Closes a connection the store created, within `deadlineMs` whatever the
 * server does: QUIT when it is connected (pending replies arrive first),
 * then `disconnect()` if QUIT got no answer in time or the connection is
 * down. `disconnect()` also cancels ioredis' reconnect timer, so nothing is
 * left to keep the process alive.
 */
export async function closeConnection(client: RedisClient, deadlineMs: number): Promise<void> {
  if (client.status === 'end') return;
  if (client.status === 'ready') {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs / 2)));
    // A QUIT that fails (connection lost meanwhile) is fine: disconnect() below ends it either way.
    await Promise.race([client.quit().then(() => undefined, () => undefined), late]);
    clearTimeout(timer);
  }
  await disconnectWithin(client, deadlineMs / 2);
}

/**
 * `disconnect()` — immediate, cancels ioredis' reconnect timer, needs no
 * answer from a server that may be gone — then waits for the connection's
 * 'end', at most `waitMs`. Between reconnect attempts there is no socket:
 * `disconnect()` only cancels the timer and no 'end' follows, so it does not wait.
 */
export async function disconnectWithin(client: RedisClient, waitMs: number): Promise<void> {
  if (hasEnded(client)) return;
  const ended = new Promise<void>((resolve) => client.once('end', () => resolve()));
  const hasSocket = client.status !== 'reconnecting' && client.status !== 'close';
  client.disconnect();
  if (!hasSocket) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([ended, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
  clearTimeout(timer);
}

/** Read afresh each time: QUIT changes the status while we wait. */
function hasEnded(client: RedisClient): boolean {
  return client.status === 'end';
}
