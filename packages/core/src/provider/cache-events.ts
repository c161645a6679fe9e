/**
 * Payloads of the events a provider emits. Keys, tags and patterns are
 * relative to the provider namespace (and tenant), or short hashes with
 * `redactKeys: true`; values are never included. `method` is `'Class.method'`
 * for decorated methods and `'getOrSet'` / `'set'` for direct calls.
 * `durationMs` is the store's time for the operation.
 */
export interface CacheEventMap {
  /** A fresh entry was served; `tags` are the entry's, `durationMs` the read (async stores only). */
  hit: { key: string; method: string; tags: readonly string[]; durationMs?: number };
  /** No fresh entry: the method runs (or joins a load in flight, or a stale value is served). */
  miss: { key: string; method: string; durationMs?: number };
  /** A value was written. */
  set: { key: string; method: string; tags: readonly string[]; durationMs?: number };
  /** Keys were deleted (`delete`, `@CacheEvict` keys, admin delete). */
  delete: { keys: readonly string[]; count: number; durationMs?: number };
  /** Tags were invalidated (`tags`) or a pattern revoked (`pattern`; `'*'` for clear). */
  invalidate: { tags?: readonly string[]; pattern?: string; count: number; durationMs: number };
  /** A stale value was served instead of a fresh one. */
  stale: { key: string; method: string; reason: 'grace' | 'stale-while-revalidate' | 'timeout'; tags: readonly string[] };
  /** The provider failed open on a store (or listener) error. */
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
  /** Listeners of every event together: 0 answers `has` without a keyed lookup (every hit asks). */
  private total = 0;

  constructor(private readonly onListenerError: (event: CacheEventName, error: unknown) => void) {}

  on<E extends CacheEventName>(event: E, listener: CacheEventListener<E>): () => void {
    const list = (this.listeners[event] ??= []) as Array<CacheEventListener<E>>;
    list.push(listener);
    this.total++;
    return () => {
      const at = list.indexOf(listener);
      if (at < 0) return;
      list.splice(at, 1);
      this.total--;
    };
  }

  /** True when someone listens: lets hot paths skip building payloads. */
  has(event: CacheEventName): boolean {
    return this.total > 0 && (this.listeners[event]?.length ?? 0) > 0;
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
