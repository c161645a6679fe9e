// One instance of the service, as its own process: an L1 of its own over the shared Redis.
import 'reflect-metadata';
import { CacheModule } from '@cachet/core';
import { MemoryStore, RedisStore, TieredStore } from '@cachet/stores';
import { Redis } from 'ioredis';
import { CatalogService } from './catalog.service';
import type { BusCounts, Ready, Reply, Request, ServedBy } from './protocol';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Every key this example writes starts with it (the driver picks one per run, and removes its keys after). */
const prefix = process.env.EXAMPLE_PREFIX ?? 'example:tiered:';

async function main(): Promise<void> {
  const db = new Redis(url);
  // The default bus: Redis pub/sub on a duplicate of the L2's connection.
  const store = new TieredStore({ l1: new MemoryStore({ maxEntries: 10_000 }), l2: new RedisStore({ url, prefix: `${prefix}cache:` }) });
  // Until the bus is confirmed, reads skip L1; waiting makes the walkthrough's first answers deterministic.
  await store.ready();
  CacheModule.configure({ store, ttl: '5m' });
  const catalog = new CatalogService(db, `${prefix}db:prices`);

  const bus = (): BusCounts => {
    const { published, unannounced, applied } = store.stats().bus;
    return { published, unannounced, applied };
  };

  /** Reads a price and tells where it came from, by what moved in the tier's and the service's counters. */
  const price = async (sku: string): Promise<{ price: number; servedBy: ServedBy }> => {
    const before = { reads: catalog.databaseReads, l2Hits: store.stats().l2Hits };
    const value = await catalog.price(sku);
    const servedBy: ServedBy = catalog.databaseReads > before.reads ? 'database' : store.stats().l2Hits > before.l2Hits ? 'L2' : 'L1';
    return { price: value, servedBy };
  };

  const handle = async (request: Request): Promise<Reply> => {
    switch (request.op) {
      case 'price':
        return { id: request.id, ...(await price(request.sku)), bus: bus() };
      case 'setPrice':
        await catalog.setPrice(request.sku, request.price);
        return { id: request.id, bus: bus() };
      case 'stats':
        return { id: request.id, bus: bus() };
      case 'close':
        await CacheModule.reset(); // closes the store: its connections and the bus subscriber
        await db.quit();
        return { id: request.id, bus: { published: 0, unannounced: 0, applied: 0 } };
    }
  };

  process.on('message', (request: Request) => {
    handle(request).then(
      (reply) => {
        process.send?.(reply);
        if (request.op === 'close') process.disconnect();
      },
      (error: unknown) => process.send?.({ id: request.id, bus: bus(), error: error instanceof Error ? error.message : String(error) } satisfies Reply),
    );
  });
  process.send?.({ ready: true } satisfies Ready);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
