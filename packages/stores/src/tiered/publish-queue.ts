import { CacheStoreError } from '@cachet/core';
import type { BusCounters } from './tiered-stats';

/** First retry delay, doubled after each failed attempt up to {@link MAX_DELAY_MS}. */
const MIN_DELAY_MS = 50;
const MAX_DELAY_MS = 5_000;

/** What the queue needs from its owner. */
export interface PublishQueueOptions {
  /** Publishes one payload; rejects when it could not. */
  send(payload: string): Promise<void>;
  /** Most payloads kept; past it they are replaced by one flush. */
  readonly maxSize: number;
  /** The payload that tells every peer to flush its L1. */
  flushPayload(): string;
  /** Reports a failure (never thrown: publishing is best effort). */
  report(error: CacheStoreError, operation: string): void;
  readonly counters: BusCounters;
}

/**
 * Bus payloads whose publish failed, retried in order with backoff on an
 * unref'd timer (it never keeps the process alive).
 *
 * Bounded: when full, every queued payload is replaced by one "flush" message
 * — peers then drop their whole L1 instead of the lost keys — and reported.
 * While that flush is pending, later payloads are dropped as covered by it
 * (counted as `subsumed`): a flush delivered later clears whatever they name.
 */
export class PublishQueue {
  private items: string[] = [];
  private flushPending = false;
  private timer: NodeJS.Timeout | undefined;
  private delay = MIN_DELAY_MS;
  private draining = false;
  private closed = false;

  constructor(private readonly options: PublishQueueOptions) {}

  /** Payloads waiting for a retry. */
  get size(): number {
    return this.items.length;
  }

  /** Queues a payload whose publish failed. */
  push(payload: string): void {
    const { counters } = this.options;
    if (this.closed) {
      this.options.report(new CacheStoreError('tiered', 'bus.undelivered', 'a bus message failed after close(); peers keep their L1 copies until their L1 deadline'), 'bus.undelivered');
      return;
    }
    if (this.flushPending) {
      counters.subsumed++;
      return;
    }
    if (this.items.length >= this.options.maxSize) {
      const lost = this.items.length + 1;
      this.items = [this.options.flushPayload()];
      this.flushPending = true;
      counters.overflows++;
      this.options.report(
        new CacheStoreError('tiered', 'bus.overflow', `${lost} undelivered bus messages (maxPendingMessages ${this.options.maxSize}) were replaced by one message telling every peer to flush its L1`),
        'bus.overflow',
      );
    } else {
      this.items.push(payload);
    }
    this.schedule();
  }

  /** Stops retrying. Payloads still queued are reported as undelivered. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const left = this.items.length;
    this.items = [];
    if (left > 0) {
      this.options.report(new CacheStoreError('tiered', 'bus.undelivered', `${left} bus messages were still undelivered at close(); peers keep those L1 copies until their L1 deadline`), 'bus.undelivered');
    }
  }

  private schedule(): void {
    if (this.timer !== undefined || this.draining || this.closed || this.items.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drain();
    }, this.delay);
    this.timer.unref();
  }

  /** Sends queued payloads in order until one fails (then backs off) or none is left. Never rejects. */
  private async drain(): Promise<void> {
    const { counters } = this.options;
    this.draining = true;
    try {
      while (this.items.length > 0 && !this.closed) {
        try {
          await this.options.send(this.items[0]);
        } catch (error) {
          counters.publishFailures++;
          this.delay = Math.min(this.delay * 2, MAX_DELAY_MS);
          this.options.report(new CacheStoreError('tiered', 'bus.retry', `publish retry failed; ${this.items.length} messages queued`, { cause: error }), 'bus.retry');
          return;
        }
        this.items.shift();
        counters.retried++;
        if (this.items.length === 0) this.flushPending = false;
        this.delay = MIN_DELAY_MS;
      }
    } finally {
      this.draining = false;
      this.schedule();
    }
  }
}
