import { randomUUID } from 'node:crypto';
import { decodeMessage, encodeMessages, messageStart } from './bus-message';
import type { InvalidationMessage, InvalidationOp } from './bus-message';
import type { BusErrorReporter } from './error-reporter';
import type { InvalidationBus } from './invalidation-bus';
import { PublishQueue } from './publish-queue';
import { newBusCounters } from './tiered-stats';
import type { BusCounters, BusState } from './tiered-stats';

/** What the link does to this instance's L1 (absent when L1 is disabled: the link then only publishes). */
export interface BusLinkHandlers {
  /** Applies a peer's message to L1. */
  apply(message: InvalidationMessage): Promise<void>;
  /** Delivery can no longer be promised: stop using L1. */
  down(): void;
  /** Delivery is promised again: flush L1, then use it. */
  up(): Promise<void>;
}

/**
 * A TieredStore's end of the bus: encodes and publishes its invalidations
 * (retrying failures through a bounded queue), and decodes, filters and
 * applies what peers publish. Every outcome is counted; failures go to the
 * reporter. Nothing here throws into a caller or an event handler.
 */
export class BusLink {
  /** Sent in every message, so this instance can skip its own. */
  readonly instanceId = randomUUID();
  /** How this instance's own messages begin: one arrives per write it makes, recognised without JSON.parse. */
  private readonly ownStart = messageStart(this.instanceId);
  readonly counters: BusCounters = newBusCounters();
  private readonly queue: PublishQueue;
  private readonly unsubscribe: (() => void | Promise<void>) | undefined;
  private current: BusState;
  private everUp = false;
  /** Callers of `whenUp`, released once L1 has been flushed after the next `up`. */
  private waiters: Array<() => void> = [];

  constructor(
    private readonly bus: InvalidationBus,
    /** True when the TieredStore created the bus, and so closes it. */
    private readonly owned: boolean,
    handlers: BusLinkHandlers | undefined,
    maxPending: number,
    private readonly report: BusErrorReporter,
  ) {
    this.queue = new PublishQueue({
      send: (payload) => bus.publish(payload),
      maxSize: maxPending,
      flushPayload: () => encodeMessages(this.instanceId, 'flush', [])[0],
      report: (error, operation) => report(error, operation),
      counters: this.counters,
    });
    this.current = handlers === undefined ? 'up' : 'down';
    if (handlers === undefined) return;
    this.unsubscribe = bus.subscribe({
      message: (payload) => this.receive(payload, handlers),
      down: (reason) => {
        this.current = 'down';
        handlers.down();
        report(new Error(`${reason}; L1 is bypassed until the subscription is confirmed again`), 'bus.down');
      },
      up: () => {
        this.current = 'up';
        if (this.everUp) this.counters.resyncs++;
        this.everUp = true;
        handlers.up().then(
          () => this.release(),
          (error: unknown) => report(error, 'bus.resync'),
        );
      },
      error: (error, operation) => report(error, operation),
    });
  }

  /** 'up' when delivery is confirmed (or L1 is disabled, so nothing is received), 'down' otherwise. */
  get state(): BusState {
    return this.current;
  }

  /** Resolves once delivery is confirmed and L1 has been flushed (at once when it already is). */
  whenUp(): Promise<void> {
    if (this.current === 'up') return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Messages waiting for a publish retry. */
  get queued(): number {
    return this.queue.size;
  }

  /** The one payload for `op` on `items`, for a writer that publishes it itself (undefined when it takes several). */
  payloadFor(op: InvalidationOp, items: readonly string[]): string | undefined {
    const payloads = encodeMessages(this.instanceId, op, items);
    return payloads.length === 1 ? payloads[0] : undefined;
  }

  /** A payload from `payloadFor` was published by its writer (counted like any publish). */
  publishedElsewhere(): void {
    this.counters.published++;
  }

  /** A write filled an empty L2 key: its message was not needed, so not sent (see the WRITE script). */
  unannounced(): void {
    this.counters.unannounced++;
  }

  /** Publishes an invalidation to every peer. Never rejects: a failed publish is reported and queued for retry. */
  async publish(op: InvalidationOp, items: readonly string[]): Promise<void> {
    if (op !== 'flush' && items.length === 0) return;
    await Promise.all(
      encodeMessages(this.instanceId, op, items).map(async (payload) => {
        try {
          await this.bus.publish(payload);
          this.counters.published++;
        } catch (error) {
          this.counters.publishFailures++;
          this.report(error, 'bus.publish');
          this.queue.push(payload);
        }
      }),
    );
  }

  /** Stops receiving and retrying (reporting what stays undelivered); closes the bus only if the store created it. */
  async close(): Promise<void> {
    await this.unsubscribe?.();
    this.queue.close();
    // Nobody will be told about delivery any more: let waiters go rather than hang.
    this.release(true);
    if (this.owned) await this.bus.close();
  }

  private release(closing = false): void {
    if (this.current !== 'up' && !closing) return;
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((resolve) => resolve());
  }

  private receive(payload: string, handlers: BusLinkHandlers): void {
    const { counters } = this;
    counters.received++;
    if (typeof payload === 'string' && payload.startsWith(this.ownStart)) {
      counters.own++;
      return;
    }
    const decoded = decodeMessage(payload);
    if (decoded.kind === 'foreign') {
      counters.foreign++;
      return;
    }
    if (decoded.kind === 'malformed') {
      counters.malformed++;
      return;
    }
    if (decoded.message.src === this.instanceId) {
      counters.own++;
      return;
    }
    handlers.apply(decoded.message).then(
      () => counters.applied++,
      (error: unknown) => this.report(error, 'bus.apply'),
    );
  }
}
