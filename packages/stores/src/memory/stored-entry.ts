import type { CacheEntry } from '@cachet/core';

/**
 * What a `MemoryStore` keeps per key: compact, copied or as given, but always
 * judged by `staleUntil` and handed out through `read()`, so the store never
 * needs to know which form it holds.
 */
export interface StoredEntry {
  /** Epoch ms after which the store drops the entry. */
  readonly staleUntil: number;
  /** The entry as one reader gets it. */
  read(): CacheEntry;
  /** `read().value` without building the entry (see value-read.ts). */
  readValue(): unknown;
}

/**
 * An entry kept as the writer gave it: for the rare times a compact form could
 * not give back exactly (fractions of a millisecond, `Infinity`).
 */
export class KeptEntry implements StoredEntry {
  constructor(private readonly entry: CacheEntry) {}

  get staleUntil(): number {
    return this.entry.staleUntil;
  }

  read(): CacheEntry {
    return this.entry;
  }

  readValue(): unknown {
    return this.entry.value;
  }
}
