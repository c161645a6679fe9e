import type { BusListener, InvalidationBus } from '@cachet/stores';

/** An InvalidationBus for one process, with a switch to make publishing fail. */
export interface LocalBus extends InvalidationBus {
  /** True once `close()` was called. */
  readonly closed: boolean;
}

/**
 * An in-process hub that several TieredStores share, as they would share a
 * Redis channel: every publish reaches every subscriber (the sender included)
 * on a later microtask, like a network hop.
 */
export class LocalBusHub {
  /** Every payload published successfully, in order. */
  readonly published: string[] = [];
  /** While true, every publish rejects (a Redis outage on the publishing side). */
  failing = false;
  private readonly listeners = new Set<BusListener>();

  /** A bus on this hub, for one TieredStore. */
  bus(): LocalBus {
    const hub = this;
    let closed = false;
    return {
      get closed() {
        return closed;
      },
      async publish(payload: string) {
        if (hub.failing) throw new Error('local bus: publish failed (test outage)');
        hub.published.push(payload);
        hub.deliver(payload);
      },
      subscribe(listener: BusListener) {
        hub.listeners.add(listener);
        listener.up();
        return () => {
          hub.listeners.delete(listener);
        };
      },
      async close() {
        closed = true;
      },
    };
  }

  /** Sends a raw payload to every subscriber, as something else on the channel would. */
  deliver(payload: string): void {
    for (const listener of this.listeners) queueMicrotask(() => listener.message(payload));
  }

  /** Tells every subscriber that delivery stopped, then (with `up`) that it is back. */
  down(): void {
    this.listeners.forEach((listener) => listener.down('test: subscriber lost'));
  }

  up(): void {
    this.listeners.forEach((listener) => listener.up());
  }

  /** Number of subscribed stores. */
  get subscribers(): number {
    return this.listeners.size;
  }
}
