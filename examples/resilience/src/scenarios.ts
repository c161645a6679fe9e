import { createServer } from 'node:net';
import { CacheModule } from '@cachet/core';
import type { CacheLogger, CacheProvider } from '@cachet/core';
import { MemoryStore, RedisStore } from '@cachet/stores';
import { PriceSource } from './price-source';
import { PricingService } from './pricing.service';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Counts what cachet reports instead of printing it, so the walkthrough's output stays readable. */
export class CountingLogger implements CacheLogger {
  warnings = 0;
  debug(): void {}
  info(): void {}
  warn(): void {
    this.warnings++;
  }
  error(): void {
    this.warnings++;
  }
}

/** A loopback port with nothing listening on it: a Redis that is not there. */
export async function deadPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
}

function memoryProvider(logger: CacheLogger): CacheProvider {
  return CacheModule.configure({ store: new MemoryStore({ maxEntries: 1_000 }), namespace: 'shop', logger });
}

export interface RedisDownResult {
  readonly latencies: number[];
  readonly failedCalls: number;
  readonly storeErrors: number;
  readonly breaker: string | undefined;
}

/**
 * 1. Redis is unreachable from the start. Every call still answers (the
 * method runs); the first waits at most `storeTimeout` (100 ms) for the
 * store, and once the circuit breaker opens the store is skipped at once.
 */
export async function redisUnreachable(calls = 20): Promise<RedisDownResult> {
  const store = new RedisStore({ url: `redis://127.0.0.1:${await deadPort()}`, onError: () => undefined });
  const logger = new CountingLogger();
  const cache = CacheModule.configure({ store, namespace: 'shop', storeTimeout: 100, logger });
  const pricing = new PricingService(new PriceSource());
  const latencies: number[] = [];
  let failedCalls = 0;
  try {
    for (let i = 0; i < calls; i++) {
      const started = performance.now();
      await pricing.price(`sku-${i % 5}`).catch(() => failedCalls++);
      latencies.push(performance.now() - started);
    }
    return { latencies, failedCalls, storeErrors: cache.stats().errors, breaker: store.breaker?.state };
  } finally {
    await CacheModule.reset();
  }
}

export interface GraceResult {
  readonly outageMs: number;
  readonly answers: number;
  readonly staleAnswers: number;
  readonly failedCalls: number;
  readonly sourceCallsPerSku: number[];
  readonly coldSkuError: string | undefined;
}

/**
 * 2. The pricing service fails for `outageMs` while callers keep asking for
 * five SKUs that have a (now expired) price, and one that never had one.
 */
export async function graceThroughOutage(outageMs = 3_000): Promise<GraceResult> {
  memoryProvider(new CountingLogger());
  const source = new PriceSource();
  const pricing = new PricingService(source);
  const skus = ['apple', 'banana', 'cherry', 'date', 'elderberry'];
  try {
    await Promise.all(skus.map((sku) => pricing.price(sku)));
    await sleep(1_100); // every price is now past its 1 s ttl, within its 1 h grace
    source.calls.clear();
    source.failure = new Error('pricing service unavailable');
    let answers = 0;
    let staleAnswers = 0;
    let failedCalls = 0;
    const started = Date.now();
    while (Date.now() - started < outageMs) {
      await Promise.all(
        skus.map((sku) =>
          pricing.price(sku).then(
            (price) => {
              answers++;
              if (price === 100 + sku.length) staleAnswers++;
            },
            () => failedCalls++,
          ),
        ),
      );
      await sleep(20);
    }
    const coldSkuError = await pricing.price('fig').then(
      () => undefined,
      (error: Error) => error.message,
    );
    return { outageMs: Date.now() - started, answers, staleAnswers, failedCalls, sourceCallsPerSku: skus.map((sku) => source.calls.get(sku) ?? 0), coldSkuError };
  } finally {
    await CacheModule.reset();
  }
}

export interface SoftTimeoutResult {
  readonly staleAnswerMs: number;
  readonly staleValue: number;
  readonly freshValue: number;
  readonly freshStoredAfterMs: number;
}

/**
 * 3. The pricing service becomes slow (1 s per call). A caller whose price has
 * expired gets the previous price after the 100 ms soft timeout; the slow call
 * goes on and stores the new price, which the next caller gets at once.
 */
export async function softTimeout(): Promise<SoftTimeoutResult> {
  const cache = memoryProvider(new CountingLogger());
  const source = new PriceSource();
  const pricing = new PricingService(source);
  try {
    await pricing.price('apple');
    await sleep(1_100);
    source.latencyMs = 1_000;
    source.revision = 1;
    const started = performance.now();
    const answered = await pricing.price('apple');
    const staleAnswerMs = performance.now() - started;
    // The slow call stores its result when it finishes: poll the cache itself (no method call) until it is
    // there (`get` returns fresh entries only: undefined until then).
    let fresh: number | undefined;
    while ((fresh = await cache.get<number>('PricingService:price:apple')) === undefined && performance.now() - started < 5_000) await sleep(20);
    return { staleAnswerMs, staleValue: answered, freshValue: fresh ?? NaN, freshStoredAfterMs: performance.now() - started };
  } finally {
    await CacheModule.reset();
  }
}

export interface StampedeResult {
  readonly callers: number;
  readonly sourceCalls: number;
  readonly totalMs: number;
}

/** 4. 1,000 concurrent callers of one cold SKU: one call reaches the service, the rest join it. */
export async function stampede(callers = 1_000): Promise<StampedeResult> {
  memoryProvider(new CountingLogger());
  const source = new PriceSource();
  source.latencyMs = 50;
  const pricing = new PricingService(source);
  try {
    const started = performance.now();
    await Promise.all(Array.from({ length: callers }, () => pricing.price('popular')));
    return { callers, sourceCalls: source.total(), totalMs: performance.now() - started };
  } finally {
    await CacheModule.reset();
  }
}
