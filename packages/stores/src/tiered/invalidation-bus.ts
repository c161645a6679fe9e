/**
 * What a bus tells the one TieredStore subscribed to it. The store decodes
 * and validates every payload itself, so a bus is only a transport.
 */
export interface BusListener {
  /** One payload as received: anything (foreign, malformed, or a message from this very instance). */
  message(payload: string): void;
  /**
   * Delivery can no longer be promised (the subscriber lost its connection):
   * the store stops serving and filling its L1 until `up()`.
   */
  down(reason: string): void;
  /**
   * Every payload published from now on will be delivered (the subscription
   * is confirmed). Anything published while down may have been lost, so the
   * store flushes its L1 on each `up()`, the first one included.
   */
  up(): void;
  /** A failure inside the bus (a subscriber connection error, a failed subscribe). Reported by the store, never thrown. */
  error(error: unknown, operation: string): void;
}

/**
 * Carries invalidation messages between the instances that share an L2.
 * Payloads are encoded `InvalidationMessage`s: keys, tags, patterns or a
 * flush — never values. `RedisInvalidationBus` is the built-in one.
 *
 * A custom bus (NATS, Postgres LISTEN/NOTIFY, an in-process emitter for tests)
 * must call `up()` once it delivers, `down()` whenever it may miss payloads,
 * and may deliver a payload more than once (applying one twice is harmless).
 */
export interface InvalidationBus {
  /** Sends one payload to every subscriber (this instance's own included). Rejects when it could not be sent. */
  publish(payload: string): Promise<void>;
  /** Starts delivering to `listener`. Returns a function that stops it (and resolves once stopped, if asynchronous). */
  subscribe(listener: BusListener): () => void | Promise<void>;
  /** Releases the bus's own connections and timers. */
  close(): Promise<void>;
}
