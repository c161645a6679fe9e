import { CacheConfigError } from '@cachet/core';
import type { RedisClient } from '@cachet/tags';
import { disconnectWithin } from '../redis/connect';
import type { BusListener, InvalidationBus } from './invalidation-bus';

/** Longest wait for the subscriber connection to end when the bus stops. */
const STOP_DEADLINE_MS = 500;

/** Options of {@link RedisInvalidationBus}. */
export interface RedisInvalidationBusOptions {
  /**
   * Publishes go through this connection (yours: the bus never closes it);
   * its `duplicate()` becomes the subscriber, which the bus owns and closes.
   */
  readonly client: RedisClient;
  /** The pub/sub channel. A TieredStore's default bus uses `<L2 prefix>~bus`. @default 'cachet:~bus' */
  readonly channel?: string;
}

/**
 * An invalidation bus on Redis pub/sub (PUBLISH / SUBSCRIBE), standalone or
 * Cluster (PUBLISH reaches every node of a Cluster).
 *
 * Delivery is confirmed, not assumed: the bus reports `up` only when a
 * SUBSCRIBE it sent after (re)connecting has been answered, so everything
 * published from then on is delivered; it reports `down` as soon as the
 * subscriber connection closes. On a Cluster, ioredis moves the subscription
 * to another node by itself when its node fails, without a close of the
 * whole connection; messages lost in that switch are bounded only by the
 * L1 deadline (`l1TtlFraction`).
 *
 * @example
 * const bus = new RedisInvalidationBus({ client: redis, channel: 'app:~bus' });
 * const store = new TieredStore({ l1: new MemoryStore(), l2: new RedisStore({ client: redis }), bus });
 */
export class RedisInvalidationBus implements InvalidationBus {
  /** The channel messages go through. */
  readonly channel: string;
  private readonly client: RedisClient;
  private subscriber: RedisClient | undefined;
  private listener: BusListener | undefined;
  private delivering = false;

  /** @throws CacheConfigError for a missing client or an empty channel */
  constructor(options: RedisInvalidationBusOptions) {
    const client = options?.client as Partial<RedisClient> | undefined;
    if (typeof client?.publish !== 'function' || typeof client.duplicate !== 'function') {
      throw new CacheConfigError('RedisInvalidationBus needs { client }: an ioredis Redis or Cluster.');
    }
    const channel = options.channel ?? 'cachet:~bus';
    if (typeof channel !== 'string' || channel.length === 0) throw new CacheConfigError(`RedisInvalidationBus channel must be a non-empty string, got ${String(channel)}.`);
    this.client = options.client;
    this.channel = channel;
  }

  /** PUBLISH on the client you gave. */
  async publish(payload: string): Promise<void> {
    await this.client.publish(this.channel, payload);
  }

  /**
   * Opens the subscriber connection (a duplicate of the client) and delivers
   * to `listener`. One listener per bus. The returned function closes the
   * subscriber and resolves once its connection has ended.
   * @throws CacheConfigError when the bus already has a listener
   */
  subscribe(listener: BusListener): () => Promise<void> {
    if (this.listener !== undefined) throw new CacheConfigError('RedisInvalidationBus already delivers to a TieredStore; create one bus per TieredStore.');
    this.listener = listener;
    const subscriber = this.client.duplicate();
    this.subscriber = subscriber;
    subscriber.on('message', (channel: string, payload: string) => {
      if (channel === this.channel) this.listener?.message(payload);
    });
    // Without an 'error' listener ioredis prints every connection error itself; here they reach the store's onError.
    subscriber.on('error', (error: unknown) => this.listener?.error(error, 'bus.subscriber'));
    subscriber.on('close', () => {
      if (!this.delivering) return;
      this.delivering = false;
      this.listener?.down('the bus subscriber connection closed');
    });
    // After every (re)connect: confirm the subscription before promising delivery again.
    subscriber.on('ready', () => this.confirm());
    // Not before: with enableOfflineQueue off (as RedisStore sets it) a SUBSCRIBE sent while connecting fails
    // at once, and that would be reported as an error on every start.
    if (subscriber.status === 'ready') this.confirm();
    else if (subscriber.status === 'wait') subscriber.connect().catch(() => undefined); // lazyConnect: failures reach 'error'
    return () => this.stop();
  }

  /** Closes the subscriber connection (the bus created it); the client you gave stays open. */
  async close(): Promise<void> {
    await this.stop();
  }

  /** Sends SUBSCRIBE and reports `up` once Redis answered it on a connection that is still ready. */
  private confirm(): void {
    const subscriber = this.subscriber;
    // Several SUBSCRIBEs may be in flight (one per 'ready'); the first answered on a ready connection counts.
    if (subscriber === undefined || this.delivering) return;
    subscriber.subscribe(this.channel).then(
      () => {
        // The reply may arrive just before a close: then the next 'ready' confirms again.
        if (this.subscriber !== subscriber || subscriber.status !== 'ready' || this.delivering) return;
        this.delivering = true;
        this.listener?.up();
      },
      (error: unknown) => {
        // Delivery stays down (L1 bypassed); the next 'ready' tries again.
        if (this.subscriber === subscriber) this.listener?.error(error, 'bus.subscribe');
      },
    );
  }

  private async stop(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    this.listener = undefined;
    this.delivering = false;
    if (subscriber === undefined) return;
    // Bounded: close() must return within 1 s whatever state Redis left the connection in.
    await disconnectWithin(subscriber, STOP_DEADLINE_MS);
  }
}
