/** Payloads of the events a provider emits. Keys and tags are relative to the provider namespace; values are never included. */
export interface CacheEventMap {
  hit: { key: string; method: string };
  miss: { key: string; method: string };
  set: { key: string; method: string; tags: readonly string[]; durationMs?: number };
  delete: { keys: readonly string[]; count: number };
  invalidate: { tags?: readonly string[]; pattern?: string; count: number; durationMs: number };
  stale: { key: string; method: string; reason: 'grace' | 'stale-while-revalidate' | 'timeout' };
  error: { error: unknown; operation: string; key?: string; method?: string };
}

/** One of `hit | miss | set | delete | invalidate | stale | error`. */
export type CacheEventName = keyof CacheEventMap;

/** A listener of one event. */
export type CacheEventListener<E extends CacheEventName> = (payload: CacheEventMap[E]) => void;

/**
 * A tiny typed emitter. Listeners can never break a call: what they throw is
 * reported to `onListenerError` (the provider logs and counts it).
 */
export class CacheEvents {
  private readonly listeners: { [E in CacheEventName]?: Array<CacheEventListener<E>> } = {};

  constructor(private readonly onListenerError: (event: CacheEventName, error: unknown) => void) {}

  on<E extends CacheEventName>(event: E, listener: CacheEventListener<E>): () => void {
    const list = (this.listeners[event] ??= []) as Array<CacheEventListener<E>>;
    list.push(listener);
    return () => {
      const at = list.indexOf(listener);
      if (at >= 0) list.splice(at, 1);
    };
  }

  /** True when someone listens: lets hot paths skip building payloads. */
  has(event: CacheEventName): boolean {
    return (this.listeners[event]?.length ?? 0) > 0;
  }

  emit<E extends CacheEventName>(event: E, payload: CacheEventMap[E]): void {
    const list = this.listeners[event] as Array<CacheEventListener<E>> | undefined;
    if (!list) return;
    for (const listener of [...list]) {
      try {
        listener(payload);
      } catch (error) {
        this.onListenerError(event, error);
      }
    }
  }
}
