import { randomBytes } from 'node:crypto';
import type { CacheEntry } from '../contracts/cache-entry';

/**
 * The test registration function a suite runs under. jest's `it` / `test`,
 * node:test's `test` and vitest's `it` all fit, so the suites never depend on
 * a runner's globals.
 */
export type ConformanceTest = (name: string, fn: () => Promise<void>) => void;

/**
 * The runner's global test function (`it`, else `test`: jest, vitest, mocha),
 * for the one-argument form of the suites, `runStoreConformance(factory)`.
 * @throws TypeError when there is none (node:test: pass its `test` explicitly)
 */
export function globalTest(suite: string): ConformanceTest {
  const globals = globalThis as { it?: unknown; test?: unknown };
  const found = typeof globals.it === 'function' ? globals.it : typeof globals.test === 'function' ? globals.test : undefined;
  if (found === undefined) throw new TypeError(`${suite}(factory) needs a global it() or test() (jest, vitest, mocha); under node:test pass it: ${suite}(test, factory).`);
  return found as ConformanceTest;
}

/** Something a case created and must release, whatever the outcome. */
export type Cleanup = () => Promise<void>;

/** Lowercase letters and digits only, so ids never carry glob or separator characters. */
export function randomId(length = 10): string {
  return randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length);
}

/** Resolves after `ms` real (or faked) milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Options of {@link testEntry}; durations are milliseconds from `now`. */
export interface TestEntryOptions {
  /** Fresh for this long. @default 60_000 */
  readonly ttl?: number;
  /** Kept (stale) for this long after `ttl`. @default 0 */
  readonly stale?: number;
  /** @default [] */
  readonly tags?: readonly string[];
  /** @default Date.now() */
  readonly now?: number;
}

/** Builds a well-formed {@link CacheEntry} for tests. */
export function testEntry<T>(value: T, options: TestEntryOptions = {}): CacheEntry<T> {
  const now = options.now ?? Date.now();
  const expiresAt = now + (options.ttl ?? 60_000);
  return { value, expiresAt, staleUntil: expiresAt + (options.stale ?? 0), tags: options.tags ?? [], createdAt: now };
}

/** Drains a scan into one sorted, de-duplicated list (Redis SCAN may repeat keys). */
export async function collectScan(batches: AsyncIterable<string[]>): Promise<string[]> {
  const keys = new Set<string>();
  for await (const batch of batches) {
    if (!Array.isArray(batch)) throw new TypeError(`scan must yield arrays of keys, got ${typeof batch}`);
    for (const key of batch) keys.add(key);
  }
  return [...keys].sort();
}

/** Sorted copy, for order-insensitive comparisons. */
export function sorted(values: readonly string[]): string[] {
  return [...values].sort();
}

/**
 * Registers one case that creates resources through `track` and always
 * releases them afterwards, in reverse order. A failing cleanup fails the case
 * rather than vanishing, but never hides the case's own failure.
 */
export function registerCase(test: ConformanceTest, title: string, body: (track: (cleanup: Cleanup) => void) => Promise<void>): void {
  test(title, async () => {
    const cleanups: Cleanup[] = [];
    let failure: { error: unknown } | undefined;
    try {
      await body((cleanup) => cleanups.push(cleanup));
    } catch (error) {
      failure = { error };
    }
    const cleanupErrors: unknown[] = [];
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        cleanupErrors.push(error);
      }
    }
    if (failure && cleanupErrors.length > 0) {
      throw new AggregateError([failure.error, ...cleanupErrors], `${title}: the case failed and so did its cleanup`);
    }
    if (failure) throw failure.error;
    if (cleanupErrors.length > 0) throw new AggregateError(cleanupErrors, `${title}: cleanup failed`);
  });
}
