import { CacheConfigError } from '@cachet/core';
import type { CacheStore, CacheStoreError } from '@cachet/core';
import type { InvalidationBus } from './invalidation-bus';

/** An in-process store usable as L1: synchronous reads, and eviction reports so its local tag map stays bounded. */
export type LocalStore = CacheStore & Required<Pick<CacheStore, 'getSync' | 'onEvict'>>;

/** What `onError` is told besides the error. */
export interface TieredErrorContext {
  /** What failed: `'bus.publish'`, `'bus.subscribe'`, `'bus.apply'`, `'bus.undelivered'`, `'l2.read'` (covered by an L1 copy), … */
  readonly operation: string;
}

/** Options of `TieredStore`. */
export interface TieredStoreOptions {
  /** The in-process tier, dedicated to this TieredStore (a `MemoryStore`). Needs `getSync` and `onEvict`. */
  readonly l1: LocalStore;
  /** The shared tier (a `RedisStore`). */
  readonly l2: CacheStore;
  /** Writes also fill L1 (else a write drops the local L1 copy). @default true */
  readonly writeThrough?: boolean;
  /** An L2 hit is copied into L1. @default true */
  readonly promote?: boolean;
  /**
   * Share of an entry's remaining L2 lifetime (to its `staleUntil`) that its L1
   * copy lives, in (0, 1]. Bounds how long a copy can outlive a lost bus
   * message. Unused while L2 is disabled (L1 then keeps entries for their whole life).
   * @default 0.25
   */
  readonly l1TtlFraction?: number;
  /**
   * While L2 cannot be read (an error, a missed deadline, its circuit breaker
   * open), a read that finds an L1 copy returns it instead of failing — also
   * while L1 is bypassed because the bus is down, which a Redis outage always
   * causes. So an outage of Redis costs no method calls for keys this
   * instance holds copies of. The price: a peer's invalidation that completed
   * while only this instance was cut off from Redis is missed until the copy's
   * L1 deadline (`l1TtlFraction`) or the bus reconnects, which flushes L1.
   * `false`: coherence first, the read fails and the provider runs the method.
   * @default true
   */
  readonly fallbackToL1?: boolean;
  /** `false`: every call goes to L2 (L1 is left untouched; invalidations are still published). @default true */
  readonly enableL1?: boolean;
  /** `false`: L1 only, kept coherent across instances by the bus. @default true */
  readonly enableL2?: boolean;
  /**
   * The invalidation bus. Default: a Redis pub/sub bus on a duplicate of the
   * L2's client when L2 is Redis-backed (a `RedisStore`), else none. `false`
   * turns it off (one instance only). A bus you pass is not closed by `close()`.
   * @default a RedisInvalidationBus when L2 is a RedisStore
   */
  readonly bus?: InvalidationBus | false;
  /** Most bus messages kept for retry after failed publishes; past it they are replaced by one "flush" message. @default 1_000 */
  readonly maxPendingMessages?: number;
  /**
   * Told about bus failures (publish, subscriber, late delivery). Store errors
   * are not reported here: they are thrown, and the provider fails open.
   * @default a console.warn reporter, at most one line per operation every 10 s
   */
  readonly onError?: (error: CacheStoreError, context: TieredErrorContext) => void;
}

/** Options after defaults and validation; a disabled tier is `undefined`. */
export interface ResolvedTieredStoreOptions {
  readonly l1: LocalStore | undefined;
  readonly l2: CacheStore | undefined;
  /** Both tiers as given, enabled or not (closed by `close()`). */
  readonly given: readonly CacheStore[];
  readonly writeThrough: boolean;
  readonly promote: boolean;
  readonly fallbackToL1: boolean;
  readonly l1TtlFraction: number;
  readonly bus: InvalidationBus | false | undefined;
  readonly maxPendingMessages: number;
  readonly onError: ((error: CacheStoreError, context: TieredErrorContext) => void) | undefined;
}

/** Defaults of {@link TieredStoreOptions}. */
export const DEFAULT_TIERED_STORE_OPTIONS = Object.freeze({
  writeThrough: true,
  promote: true,
  fallbackToL1: true,
  l1TtlFraction: 0.25,
  enableL1: true,
  enableL2: true,
  maxPendingMessages: 1_000,
});

const KNOWN = new Set(['l1', 'l2', 'writeThrough', 'promote', 'fallbackToL1', 'l1TtlFraction', 'enableL1', 'enableL2', 'bus', 'maxPendingMessages', 'onError']);

/**
 * Applies defaults and validates.
 * @throws CacheConfigError naming the option and what to change
 */
export function resolveOptions(options: TieredStoreOptions): ResolvedTieredStoreOptions {
  if (options === null || typeof options !== 'object') {
    throw new CacheConfigError('TieredStore needs options: new TieredStore({ l1: new MemoryStore(), l2: new RedisStore({ client }) }).');
  }
  for (const name of Object.keys(options)) {
    if (!KNOWN.has(name)) throw new CacheConfigError(`TieredStore: unknown option '${name}'; valid options are ${[...KNOWN].join(', ')}.`);
  }
  const d = DEFAULT_TIERED_STORE_OPTIONS;
  const enableL1 = flag(options.enableL1, d.enableL1, 'enableL1');
  const enableL2 = flag(options.enableL2, d.enableL2, 'enableL2');
  if (!enableL1 && !enableL2) throw new CacheConfigError('TieredStore: enableL1 and enableL2 are both false; enable at least one tier (or use the tier you want directly).');
  const { l1, l2 } = options;
  if (!isStore(l2)) throw new CacheConfigError('TieredStore needs l2: a CacheStore shared by every instance, e.g. new RedisStore({ client }).');
  if (!isStore(l1)) throw new CacheConfigError('TieredStore needs l1: an in-process CacheStore, e.g. new MemoryStore({ maxEntries: 10_000 }).');
  if (typeof l1.getSync !== 'function' || typeof l1.onEvict !== 'function') {
    throw new CacheConfigError(`TieredStore l1 ('${l1.name}') must keep entries in this process, with getSync() and onEvict(): use a MemoryStore.`);
  }
  if (l1 === l2) throw new CacheConfigError('TieredStore l1 and l2 must be two different stores.');
  const l1TtlFraction = options.l1TtlFraction ?? d.l1TtlFraction;
  if (typeof l1TtlFraction !== 'number' || !(l1TtlFraction > 0 && l1TtlFraction <= 1)) {
    throw new CacheConfigError(`TieredStore l1TtlFraction must be a number in (0, 1] (default 0.25), got ${String(l1TtlFraction)}.`);
  }
  const maxPendingMessages = options.maxPendingMessages ?? d.maxPendingMessages;
  if (!Number.isSafeInteger(maxPendingMessages) || maxPendingMessages < 1) {
    throw new CacheConfigError(`TieredStore maxPendingMessages must be a positive integer (default 1_000), got ${String(maxPendingMessages)}.`);
  }
  const { bus, onError } = options;
  if (bus !== undefined && bus !== false && !isBus(bus)) {
    throw new CacheConfigError('TieredStore bus must be false or an InvalidationBus with publish(), subscribe() and close().');
  }
  if (onError !== undefined && typeof onError !== 'function') throw new CacheConfigError('TieredStore onError must be a function (error, context) => void.');
  return {
    l1: enableL1 ? l1 : undefined,
    l2: enableL2 ? l2 : undefined,
    given: [l1, l2],
    writeThrough: flag(options.writeThrough, d.writeThrough, 'writeThrough'),
    promote: flag(options.promote, d.promote, 'promote'),
    fallbackToL1: flag(options.fallbackToL1, d.fallbackToL1, 'fallbackToL1'),
    l1TtlFraction,
    bus,
    maxPendingMessages,
    onError,
  };
}

function flag(value: unknown, fallback: boolean, name: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new CacheConfigError(`TieredStore ${name} must be true or false, got ${String(value)}.`);
  return value;
}

function isStore(value: unknown): value is CacheStore {
  const store = value as Partial<CacheStore> | null | undefined;
  return typeof store === 'object' && store !== null && typeof store.get === 'function' && typeof store.set === 'function' && typeof store.delete === 'function';
}

function isBus(value: unknown): value is InvalidationBus {
  const bus = value as Partial<InvalidationBus>;
  return typeof bus === 'object' && bus !== null && typeof bus.publish === 'function' && typeof bus.subscribe === 'function' && typeof bus.close === 'function';
}
