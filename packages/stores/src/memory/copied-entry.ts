import type { CacheEntry } from '@cachet/core';
import { deepCopy } from './deep-copy';
import { StoredEntry } from './stored-entry';

/** What `MemoryStore({ clone: true })` keeps for an entry: a private copy of its value and tags. */
export class CopiedEntry extends StoredEntry implements CacheEntry {
  /** The stored copy itself: read for sizing only, never handed out. */
  readonly value: unknown;
  readonly expiresAt: number;
  readonly staleUntil: number;
  readonly tags: readonly string[];
  readonly createdAt: number;
  readonly #key: string;

  /** @throws CacheSerializationError if the value holds something that cannot be copied */
  constructor(entry: CacheEntry, key: string) {
    super();
    this.value = deepCopy(entry.value, key);
    this.expiresAt = entry.expiresAt;
    this.staleUntil = entry.staleUntil;
    this.tags = Object.freeze([...entry.tags]);
    this.createdAt = entry.createdAt;
    this.#key = key;
  }

  /** A plain entry with a fresh copy of the value, for one reader. */
  read(): CacheEntry {
    return { value: deepCopy(this.value, this.#key), expiresAt: this.expiresAt, staleUntil: this.staleUntil, tags: this.tags, createdAt: this.createdAt };
  }

  /** A fresh copy of the value, for one reader. */
  readValue(): unknown {
    return deepCopy(this.value, this.#key);
  }
}
