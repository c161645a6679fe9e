import type { CacheEntry } from '@cachet/core';

/**
 * What a `MemoryStore` keeps per key when the entry cannot be kept as its bare
 * value (see bare-value.ts): compact, copied or as given, but always judged by
 * `staleUntil` and handed out through `read()`, so the store never needs to
 * know which form it holds. A class rather than an interface so the store can
 * tell a wrapper from a bare value with one `instanceof`.
 */
export abstract class StoredEntry {
  /** Epoch ms after which the store drops the entry. */
  abstract readonly staleUntil: number;
  /** Epoch ms until which the entry is fresh. */
  abstract readonly expiresAt: number;
  /** The entry as one reader gets it. */
  abstract read(): CacheEntry;
  /** `read().value` without building the entry (the hit path). */
  abstract readValue(): unknown;
}

/**
 * An entry kept as the writer gave it: for the rare times a compact form could
 * not give back exactly (fractions of a millisecond, `Infinity`).
 */
export class KeptEntry extends StoredEntry {
  constructor(private readonly entry: CacheEntry) {
    super();
  }

  get staleUntil(): number {
    return this.entry.staleUntil;
  }

  get expiresAt(): number {
    return this.entry.expiresAt;
  }

  read(): CacheEntry {
    return this.entry;
  }

  readValue(): unknown {
    return this.entry.value;
  }
}
