import type { CacheEntry, CacheStore } from '@cachet/core';

/**
 * The bus message a layer sends for a write, offered to the index so that it
 * can PUBLISH it in the same script as the write (one round trip less per
 * write, and peers hear of it exactly when it lands). Only offered for a bus
 * on the index's own Redis.
 */
export interface WriteAnnouncement {
  readonly channel: string;
  readonly payload: string;
  /**
   * Set by the index when its script wrote the entry and so took care of the
   * peers: `'published'` when it replaced an entry and sent the message,
   * `'unneeded'` when it filled an empty key (no peer can hold a copy to drop:
   * see the WRITE script). Left undefined, the layer publishes the message itself.
   */
  outcome: 'published' | 'unneeded' | undefined;
}

/**
 * A store that keeps copies in front of another store holding the truth (a
 * `TieredStore`: an L1 in front of its L2). A RedisTagIndex writes an entry
 * into the store beneath with its own one-script compare-and-set (guard check,
 * entry and tag sets in one round trip) and lets the layer update its copies
 * and tell its peers, rather than reaching the entry through the layer step
 * by step (six round trips more, and a key → tags record per entry).
 *
 * Only writes go this way: deletes, invalidations, revokes and clears still
 * go through the layer itself, which drops its copies as entries go.
 */
export interface LayeredStore extends CacheStore {
  /** The store beneath that holds the truth; undefined when the layer holds it itself (it is then written like any store). */
  readonly storeBeneath: CacheStore | undefined;
  /**
   * Runs `write`, which writes `entry` at `key` into {@link storeBeneath},
   * then handles the layer's copy as `set` does when it resolved true (it was
   * written), or drops it when it resolved false (refused by the write guard).
   * Peers are told either way, and when `write` fails: by `write` itself when it
   * published the announcement it was given (or found nothing to announce).
   * Resolves to what `write` resolved to.
   */
  writeThrough(key: string, entry: CacheEntry, write: (announcement: WriteAnnouncement | undefined) => Promise<boolean>): Promise<boolean>;
}

/** The store beneath `store` when `store` is a {@link LayeredStore} with one, else undefined. */
export function storeBeneath(store: CacheStore): { readonly layer: LayeredStore; readonly beneath: CacheStore } | undefined {
  const layer = store as Partial<LayeredStore> & CacheStore;
  if (typeof layer.writeThrough !== 'function') return undefined;
  const beneath = layer.storeBeneath;
  return beneath === undefined ? undefined : { layer: layer as LayeredStore, beneath };
}
