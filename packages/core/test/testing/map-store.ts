import type { CacheEntry, CacheStore } from '@cachet/core';
import { globToRegExp } from '@cachet/core';

/**
 * The smallest correct CacheStore: a Map per instance. The reference the
 * conformance suite is checked against, independent of the real stores.
 * `flaws` switch on one deliberate bug each, to prove the suite catches it.
 */
export interface MapStoreFlaws {
  /** Ignore staleUntil. */
  readonly keepsExpired?: boolean;
  /** Pass values through JSON, losing Date, Map, Set, BigInt, Buffer. */
  readonly jsonValues?: boolean;
  /** All instances share one Map, so clear() wipes every "prefix". */
  readonly sharedMap?: boolean;
}

const shared = new Map<string, CacheEntry>();

export class MapStore implements CacheStore {
  readonly name = 'map';
  readonly #map: Map<string, CacheEntry>;

  constructor(private readonly flaws: MapStoreFlaws = {}) {
    this.#map = flaws.sharedMap ? shared : new Map();
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    const entry = this.#map.get(key);
    if (!entry) return undefined;
    if (!this.flaws.keepsExpired && entry.staleUntil <= Date.now()) return undefined;
    return entry;
  }

  async getMany(keys: readonly string[]): Promise<Array<CacheEntry | undefined>> {
    return Promise.all(keys.map((key) => this.get(key)));
  }

  async set(key: string, entry: CacheEntry): Promise<void> {
    const value: unknown = this.flaws.jsonValues ? JSON.parse(JSON.stringify(entry.value) ?? 'null') : entry.value;
    this.#map.set(key, { ...entry, value });
  }

  async setMany(items: ReadonlyArray<readonly [string, CacheEntry]>): Promise<void> {
    for (const [key, entry] of items) await this.set(key, entry);
  }

  async delete(keys: readonly string[]): Promise<number> {
    let count = 0;
    for (const key of keys) if ((await this.has(key)) && this.#map.delete(key)) count++;
    return count;
  }

  async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }

  async *scan(pattern: string): AsyncIterable<string[]> {
    const regexp = globToRegExp(pattern);
    const keys: string[] = [];
    for (const key of this.#map.keys()) if (regexp.test(key) && (await this.has(key))) keys.push(key);
    yield keys;
  }

  async clear(): Promise<void> {
    this.#map.clear();
  }

  async close(): Promise<void> {
    this.#map.clear();
  }
}
