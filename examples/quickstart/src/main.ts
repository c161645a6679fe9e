import 'reflect-metadata';
import { CacheModule } from '@cachet/core';
import { MemoryStore } from '@cachet/stores';
import { CatalogService } from './catalog.service';
import { FakeDatabase } from './fake-database';
import { printTable, ms } from '@cachet/example-support';

/** Deterministic pseudo-random numbers, so every run shows the same traffic. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
}

async function main(): Promise<void> {
  const cache = CacheModule.configure({ store: new MemoryStore({ maxEntries: 10_000 }), namespace: 'shop', ttl: '5m' });
  const db = new FakeDatabase(500);
  const catalog = new CatalogService(db);
  console.log('cachet quick start: a product catalog on the embedded memory store (no server needed)');

  // 1. One product, cold then warm.
  const [, cold] = await timed(() => catalog.getProduct(42));
  const [, warm] = await timed(() => catalog.getProduct(42));
  const [, coldList] = await timed(() => catalog.listCategory('books', { limit: 5 }));
  const [, warmList] = await timed(() => catalog.listCategory('books', { limit: 5 }));
  printTable('First call vs cached call', ['call', 'first (database)', 'cached', 'speed-up'], [
    ['getProduct(42)', ms(cold), ms(warm), `${Math.round(cold / warm)}×`],
    ["listCategory('books', { limit: 5 })", ms(coldList), ms(warmList), `${Math.round(coldList / warmList)}×`],
  ]);

  // 2. Realistic traffic: 2,000 reads, most of them on a few popular products (Zipf-like), in batches of 50 concurrent requests.
  const next = random(7);
  const queriesBefore = db.queries;
  const started = performance.now();
  for (let batch = 0; batch < 40; batch++) {
    await Promise.all(
      Array.from({ length: 50 }, () => {
        const id = 1 + Math.floor(500 * next() ** 3);
        return next() < 0.8 ? catalog.getProduct(id) : catalog.listCategory(['books', 'games', 'garden'][id % 3], { limit: 5 });
      }),
    );
  }
  const elapsed = performance.now() - started;
  const stats = cache.stats();
  printTable('2,000 reads, 50 at a time', ['measure', 'value'], [
    ['database queries', db.queries - queriesBefore],
    ['wall time', ms(elapsed)],
    ['hit ratio', `${(stats.hitRatio * 100).toFixed(1)} %`],
    ['concurrent misses joined (single-flight)', stats.dedupedLoads],
  ]);

  // 3. Invalidation taking effect.
  const before = await catalog.getProduct(42);
  await catalog.rename(42, 'Renamed product');
  const afterRename = await catalog.getProduct(42);
  await catalog.updatePrice(42, 1);
  const afterPrice = await catalog.getProduct(42);
  const category = before?.category ?? '';
  const listed = await catalog.listCategory(category, { limit: 5 });
  const invalidated = await cache.invalidateTags([`category:${category}`]);
  const relisted = await catalog.listCategory(category, { limit: 5 });
  printTable('Invalidation', ['action', 'what the next read returns'], [
    ['before', `${before?.name}, ${before?.price} €`],
    ["@CacheEvict({ keys: ['product:{0}'] }) rename(42)", `${afterRename?.name}, ${afterRename?.price} €`],
    ["@CacheEvict({ tags: ['product:42'] }) updatePrice(42, 1)", `${afterPrice?.name}, ${afterPrice?.price} €`],
    [`invalidateTags(['category:${category}'])`, `${invalidated} entries removed; cheapest is now ${relisted[0]?.name} (${relisted[0]?.price} €), was ${listed[0]?.name}`],
  ]);

  // 4. What the provider saw.
  const final = cache.stats();
  printTable('Provider stats', ['method', 'hits', 'misses', 'hit ratio', 'loads', 'deduped', 'load p50', 'load p99'], [
    ...Object.entries(final.methods).map(([method, s]) => [method, s.hits, s.misses, `${(s.hitRatio * 100).toFixed(1)} %`, s.loads, s.dedupedLoads, ms(s.loadLatency.p50), ms(s.loadLatency.p99)]),
    ['total', final.hits, final.misses, `${(final.hitRatio * 100).toFixed(1)} %`, final.loads, final.dedupedLoads, ms(final.loadLatency.p50), ms(final.loadLatency.p99)],
  ]);
  await CacheModule.reset();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
