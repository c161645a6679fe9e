import type { CacheEntry } from '../contracts/cache-entry';
import type { CacheStore } from '../contracts/cache-store';
import type { Serializer } from '../contracts/serializer';
import type { TagIndex } from '../contracts/tag-index';
import { CircuitBreaker } from './circuit-breaker';
import type { CircuitBreakerOptions } from './circuit-breaker.options';

/** A store that reports the circuit breaker in front of its backend (`RedisStore`, {@link BreakerStore}). */
export interface BreakerAware {
  /** The breaker, or `undefined` when it is disabled. */
  readonly breaker?: CircuitBreaker;
}

/** The breaker a store exposes, if any. */
export function breakerOf(store: CacheStore): CircuitBreaker | undefined {
  const breaker = (store as BreakerAware).breaker;
  return breaker instanceof CircuitBreaker ? breaker : undefined;
}

/**
 * Puts a {@link CircuitBreaker} in front of any store (a `KeyvStore`, your
 * own): after `failureThreshold` consecutive failures every operation is
 * refused at once with a `CircuitOpenError` for `cooldown`, then one probe
 * decides. The provider fails open on those errors, so calls run their
 * method without waiting for a backend that is known to be down.
 *
 * `RedisStore` has its own breaker (option `breaker`), which also covers its
 * tag index: do not wrap a RedisStore in this.
 *
 * @example
 * const store = new BreakerStore(new KeyvStore({ keyv }), { failureThreshold: 5, cooldown: '1s' });
 */
export class BreakerStore implements CacheStore, BreakerAware {
  /** `breaker(<inner name>)`. */
  readonly name: string;
  /** The breaker every operation goes through. */
  readonly breaker: CircuitBreaker;
  /** The inner store's serializer, if any. */
  readonly serializer?: Serializer;
  /** Forwarded to the inner store, if it has one (evictions are reported whatever the breaker says). */
  readonly onEvict?: (listener: (key: string) => void) => () => void;
  /** Forwarded to the inner store, if it has one. */
  readonly createTagIndex?: () => TagIndex;
  /** Forwarded through the breaker, if the inner store has it. */
  readonly onTagsInvalidated?: (tags: readonly string[]) => Promise<void>;
  /** Forwarded through the breaker, if the inner store has it. */
  readonly onRevoked?: (pattern: string) => Promise<void>;

  /**
   * @param inner the store every call is forwarded to
   * @param options thresholds; see {@link CircuitBreakerOptions}
   * @throws CacheConfigError for invalid options
   */
  constructor(
    readonly inner: CacheStore,
    options?: CircuitBreakerOptions,
  ) {
    this.name = `breaker(${inner.name})`;
    this.breaker = new CircuitBreaker(inner.name, options);
    this.serializer = inner.serializer;
    if (inner.onEvict) this.onEvict = inner.onEvict.bind(inner);
    if (inner.createTagIndex) this.createTagIndex = inner.createTagIndex.bind(inner);
    const { onTagsInvalidated, onRevoked } = inner;
    if (onTagsInvalidated) this.onTagsInvalidated = (tags) => this.breaker.run('onTagsInvalidated', () => onTagsInvalidated.call(inner, tags));
    if (onRevoked) this.onRevoked = (pattern) => this.breaker.run('onRevoked', () => onRevoked.call(inner, pattern));
  }

  /** @inheritdoc */
  get(key: string): Promise<CacheEntry | undefined> {
    return this.breaker.run('get', () => this.inner.get(key));
  }

  /** @inheritdoc */
  getMany(keys: readonly string[]): Promise<Array<CacheEntry | undefined>> {
    return this.breaker.run('getMany', () => this.inner.getMany(keys));
  }

  /** @inheritdoc */
  set(key: string, entry: CacheEntry): Promise<void> {
    return this.breaker.run('set', () => this.inner.set(key, entry));
  }

  /** @inheritdoc */
  setMany(items: ReadonlyArray<readonly [key: string, entry: CacheEntry]>): Promise<void> {
    return this.breaker.run('setMany', () => this.inner.setMany(items));
  }

  /** @inheritdoc */
  delete(keys: readonly string[]): Promise<number> {
    return this.breaker.run('delete', () => this.inner.delete(keys));
  }

  /** @inheritdoc */
  has(key: string): Promise<boolean> {
    return this.breaker.run('has', () => this.inner.has(key));
  }

  /** The inner scan; the breaker is asked before the first batch and told how the whole scan ended. */
  async *scan(pattern: string): AsyncIterable<string[]> {
    const ticket = this.breaker.acquire('scan');
    try {
      yield* this.inner.scan(pattern);
      this.breaker.success(ticket);
    } catch (error) {
      this.breaker.failure(ticket);
      throw error;
    }
  }

  /** @inheritdoc */
  clear(): Promise<void> {
    return this.breaker.run('clear', () => this.inner.clear());
  }

  /** A round trip through the breaker (an open breaker fails a health check at once). */
  ping(): Promise<void> {
    return this.breaker.run('ping', async () => {
      if (this.inner.ping) await this.inner.ping();
      else await this.inner.get('~breaker:ping');
    });
  }

  /** Closes the inner store; never refused by the breaker, so shutdown always proceeds. */
  close(): Promise<void> {
    return this.inner.close();
  }
}
