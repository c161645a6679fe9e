import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { InstanceProcess } from './instance-process';
import type { BusCounts, ServedBy } from './protocol';

/** One step of the walkthrough, as the table prints it. */
export interface Step {
  readonly instance: string;
  readonly call: string;
  readonly price: number | undefined;
  readonly servedBy: ServedBy | undefined;
  readonly bus: BusCounts;
}

const SKU = 'sku-1';

/**
 * Two instances of the catalog service, each its own process with its own
 * L1, over one Redis: reads fill and share the cache, and a price change on
 * one instance is never served stale by the other.
 */
export async function runScenario(redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'): Promise<Step[]> {
  const prefix = `example:tiered:${randomUUID().slice(0, 8)}:`;
  const db = new Redis(redisUrl);
  const instances: InstanceProcess[] = [];
  try {
    await db.hset(`${prefix}db:prices`, SKU, '100');
    const env = { REDIS_URL: redisUrl, EXAMPLE_PREFIX: prefix };
    const [a, b] = await Promise.all([InstanceProcess.start('A', env), InstanceProcess.start('B', env)]);
    instances.push(a, b);
    const steps: Step[] = [];
    const read = async (instance: InstanceProcess) => {
      const reply = await instance.ask({ op: 'price', sku: SKU });
      steps.push({ instance: instance.name, call: `price('${SKU}')`, price: reply.price, servedBy: reply.servedBy, bus: reply.bus });
    };

    await read(a); // a miss: A reads the database and fills both of its tiers
    await read(a); // A's L1
    await read(b); // B's L1 is empty: Redis has it (copied into B's L1)
    await read(b); // B's L1

    const appliedBefore = (await b.ask({ op: 'stats' })).bus.applied;
    const change = await a.ask({ op: 'setPrice', sku: SKU, price: 120 });
    steps.push({ instance: 'A', call: `setPrice('${SKU}', 120)`, price: undefined, servedBy: undefined, bus: change.bus });
    // The eviction's bus message reaches B within a few ms; B drops its L1 copy when it does.
    for (let i = 0; i < 200 && (await b.ask({ op: 'stats' })).bus.applied === appliedBefore; i++) await new Promise((r) => setTimeout(r, 10));

    await read(b); // B's copy is gone and so is Redis's: B reads the new price from the database
    await read(a); // A's L1 was dropped by its own eviction: Redis has B's fresh value
    return steps;
  } finally {
    await Promise.all(instances.map((instance) => instance.close()));
    // The run's keys (database, entries, tag sets, guard marks): SCAN, never KEYS, on a shared Redis.
    for await (const keys of db.scanStream({ match: `${prefix}*`, count: 100 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) await db.unlink(...keys);
    }
    await db.quit();
  }
}
