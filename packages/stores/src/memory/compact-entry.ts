import type { CacheEntry } from '@cachet/core';
import { StoredEntry } from './stored-entry';

/**
 * Why entries that cannot be kept as a bare value (bare-value.ts: tagged, with
 * grace, or with fractional times) are repacked on write: V8 boxes every epoch-ms number held in an
 * object field (they exceed the small-integer range) into its own 16-byte
 * HeapNumber, so the provider's `{ value, createdAt, expiresAt, staleUntil, tags }`
 * costs 64 + 3 × 16 = 112 bytes on Node 20 x64, plus 32 when it carries a fresh
 * `tags: []`. A compact entry keeps its value, a {@link Lifetime} shared by
 * every entry written with the same TTL and grace, and its write time as a
 * small-integer offset from that lifetime's base: 48 bytes, no boxes (heap
 * snapshot of the W6 benchmark, 100,000 entries).
 *
 * Readers get a plain entry built per read (`read()`), not the compact object:
 * a class whose times are prototype getters would look empty to a spread,
 * `Object.keys` or a deep-equality check. The copy costs ~5 ns per hit.
 */

/** Shared by untagged entries: one frozen array instead of one per entry. */
export const NO_TAGS: readonly string[] = Object.freeze([]);

/** The durations of one TTL / grace combination, and the epoch its entries' offsets count from. */
export class Lifetime {
  constructor(
    /** Epoch ms; an entry's `createdAt` is `base + offset`. */
    readonly base: number,
    /** `expiresAt - createdAt`. */
    readonly fresh: number,
    /** `staleUntil - createdAt`. */
    readonly life: number,
  ) {}
}

/** What a `MemoryStore` keeps for an untagged entry whose times are whole milliseconds. */
export class CompactEntry extends StoredEntry {
  readonly #value: unknown;
  readonly #lifetime: Lifetime;
  /** `createdAt - lifetime.base`: always a small integer, so V8 stores it unboxed. */
  readonly #offset: number;

  constructor(value: unknown, lifetime: Lifetime, offset: number) {
    super();
    this.#value = value;
    this.#lifetime = lifetime;
    this.#offset = offset;
  }

  get staleUntil(): number {
    return this.#lifetime.base + this.#offset + this.#lifetime.life;
  }

  get expiresAt(): number {
    return this.#lifetime.base + this.#offset + this.#lifetime.fresh;
  }

  /** Tags it was written with; none here. */
  protected get tags(): readonly string[] {
    return NO_TAGS;
  }

  read(): CacheEntry {
    const createdAt = this.#lifetime.base + this.#offset;
    // Same property order as the provider's entries, so both share one hidden class.
    return { value: this.#value, createdAt, expiresAt: createdAt + this.#lifetime.fresh, staleUntil: createdAt + this.#lifetime.life, tags: this.tags };
  }

  readValue(): unknown {
    return this.#value;
  }
}

/** A {@link CompactEntry} with tags: the array it was written with, as the store always kept it. */
export class TaggedCompactEntry extends CompactEntry {
  readonly #tags: readonly string[];

  constructor(value: unknown, lifetime: Lifetime, offset: number, tags: readonly string[]) {
    super(value, lifetime, offset);
    this.#tags = tags;
  }

  protected override get tags(): readonly string[] {
    return this.#tags;
  }
}
