import type { CacheEntry } from '../contracts/cache-entry';
import type { CacheStore } from '../contracts/cache-store';
import type { Serializer } from '../contracts/serializer';
import type { TagIndex } from '../contracts/tag-index';
import { CacheStoreError } from '../errors';

/** The store operations a {@link ChaosStore} can fail or stall. */
export type ChaosOperation = 'get' | 'getMany' | 'set' | 'setMany' | 'delete' | 'has' | 'scan' | 'clear' | 'ping' | 'onTagsInvalidated';

/**
 * Wraps any {@link CacheStore} and makes it fail or stall on demand, for fault
 * tests of whatever sits on top (fail-open, `storeTimeout`, grace). Without
 * chaos it forwards every call unchanged.
 *
 * Chaos applies to every data operation (and `ping`). `close` is never
 * affected, so test teardown always works, and `getSync` is deliberately not
 * offered: a synchronous read cannot be stalled, so every read goes through
 * the async, fault-injected `get`.
 *
 * @example
 * const chaos = new ChaosStore(new MemoryStore());
 * chaos.alwaysThrow();      // every operation rejects with CacheStoreError
 * chaos.stall(500);         // every operation answers 500 ms late
 * chaos.freeze();           // every operation hangs until recover()
 * chaos.recover();          // back to normal; frozen calls proceed
 */
export class ChaosStore implements CacheStore {
  /** `chaos(<inner name>)`. */
  readonly name: string;
  /** The inner store's serializer, if any. */
  readonly serializer?: Serializer;
  /** Forwarded to the inner store, if it has one (never fault-injected: evictions are the inner store's business). */
  readonly onEvict?: (listener: (key: string) => void) => () => void;
  /** Forwarded to the inner store, if it has one. */
  readonly createTagIndex?: () => TagIndex;
  /** Forwarded to the inner store through chaos, if it has one. */
  readonly onTagsInvalidated?: (tags: readonly string[]) => Promise<void>;

  #failAlways: Error | true | undefined;
  #failuresLeft = 0;
  #failNextError: Error | undefined;
  #stallMs = 0;
  #frozen: { promise: Promise<void>; release: () => void } | undefined;
  readonly #calls = new Map<ChaosOperation, number>();

  /** @param inner the store every call is forwarded to */
  constructor(readonly inner: CacheStore) {
    this.name = `chaos(${inner.name})`;
    this.serializer = inner.serializer;
    if (inner.onEvict) this.onEvict = inner.onEvict.bind(inner);
    if (inner.createTagIndex) this.createTagIndex = inner.createTagIndex.bind(inner);
    const onTagsInvalidated = inner.onTagsInvalidated?.bind(inner);
    if (onTagsInvalidated) {
      this.onTagsInvalidated = async (tags) => {
        await this.#inject('onTagsInvalidated');
        return onTagsInvalidated(tags);
      };
    }
  }

  /** Every operation rejects, with `error` or a `CacheStoreError`, until {@link recover}. */
  alwaysThrow(error?: Error): this {
    this.#failAlways = error ?? true;
    return this;
  }

  /** The next `count` operations reject, with `error` or a `CacheStoreError`; later ones succeed. */
  failNext(count = 1, error?: Error): this {
    this.#failuresLeft = count;
    this.#failNextError = error;
    return this;
  }

  /** Every operation waits `ms` before it runs (and before it fails, if told to fail). */
  stall(ms: number): this {
    this.#stallMs = ms;
    return this;
  }

  /** Every operation hangs until {@link recover} (or {@link close}) releases it. */
  freeze(): this {
    if (!this.#frozen) {
      let release!: () => void;
      const promise = new Promise<void>((resolve) => (release = resolve));
      this.#frozen = { promise, release };
    }
    return this;
  }

  /** Ends all chaos: no failures, no stall; calls held by {@link freeze} proceed. */
  recover(): this {
    this.#failAlways = undefined;
    this.#failuresLeft = 0;
    this.#failNextError = undefined;
    this.#stallMs = 0;
    this.#frozen?.release();
    this.#frozen = undefined;
    return this;
  }

  /** How many times `operation` (or any operation) was called, failed calls included. */
  calls(operation?: ChaosOperation): number {
    if (operation) return this.#calls.get(operation) ?? 0;
    let total = 0;
    for (const count of this.#calls.values()) total += count;
    return total;
  }

  /** Injects chaos, then forwards `get`. */
  async get(key: string): Promise<CacheEntry | undefined> {
    await this.#inject('get');
    return this.inner.get(key);
  }

  /** Injects chaos, then forwards `getMany`. */
  async getMany(keys: readonly string[]): Promise<Array<CacheEntry | undefined>> {
    await this.#inject('getMany');
    return this.inner.getMany(keys);
  }

  /** Injects chaos, then forwards `set`. */
  async set(key: string, entry: CacheEntry): Promise<void> {
    await this.#inject('set');
    return this.inner.set(key, entry);
  }

  /** Injects chaos, then forwards `setMany`. */
  async setMany(items: ReadonlyArray<readonly [key: string, entry: CacheEntry]>): Promise<void> {
    await this.#inject('setMany');
    return this.inner.setMany(items);
  }

  /** Injects chaos, then forwards `delete`. */
  async delete(keys: readonly string[]): Promise<number> {
    await this.#inject('delete');
    return this.inner.delete(keys);
  }

  /** Injects chaos, then forwards `has`. */
  async has(key: string): Promise<boolean> {
    await this.#inject('has');
    return this.inner.has(key);
  }

  /** Injects chaos before the first batch, then forwards `scan`. */
  async *scan(pattern: string): AsyncIterable<string[]> {
    await this.#inject('scan');
    yield* this.inner.scan(pattern);
  }

  /** Injects chaos, then forwards `clear`. */
  async clear(): Promise<void> {
    await this.#inject('clear');
    return this.inner.clear();
  }

  /** Injects chaos, then forwards `ping` (resolves if the inner store has none). */
  async ping(): Promise<void> {
    await this.#inject('ping');
    return this.inner.ping?.();
  }

  /** Recovers (releasing frozen calls), then closes the inner store. */
  async close(): Promise<void> {
    this.recover();
    return this.inner.close();
  }

  async #inject(operation: ChaosOperation): Promise<void> {
    this.#calls.set(operation, (this.#calls.get(operation) ?? 0) + 1);
    if (this.#frozen) await this.#frozen.promise;
    if (this.#stallMs > 0) await new Promise((resolve) => setTimeout(resolve, this.#stallMs));
    if (this.#failAlways) throw this.#failAlways === true ? this.#injected(operation) : this.#failAlways;
    if (this.#failuresLeft > 0) {
      this.#failuresLeft--;
      throw this.#failNextError ?? this.#injected(operation);
    }
  }

  #injected(operation: ChaosOperation): CacheStoreError {
    return new CacheStoreError(this.name, operation, 'failure injected by ChaosStore');
  }
}
