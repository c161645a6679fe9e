import type { OrderRepository, OrderStatus } from './order.repository';
import type { UserRepository } from './user.repository';
import type { Database } from './database';

/** Deterministic pseudo-random numbers (mulberry32), so every run sends the same traffic. */
export function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const CITIES = ['Oslo', 'Paris', 'Rome', 'Lima', 'Kyoto', 'Accra', 'Quito', 'Hanoi'];
const STATUSES: OrderStatus[] = ['open', 'paid', 'shipped'];

/** What one run of the workload measured. */
export interface WorkloadResult {
  operations: number;
  sqlQueries: number;
  totalMs: number;
  p50: number;
  p95: number;
}

/**
 * A read-heavy mix as a web shop sees it: 55% user by id, 20% a user's
 * orders, 15% users by city, 5% latest orders by status, 5% writes. Popular
 * users are asked for far more often than others (a Zipf-like skew). Requests
 * arrive `concurrency` at a time.
 */
export async function runWorkload(db: Database, users: UserRepository, orders: OrderRepository, userCount: number, operations = 5_000, concurrency = 20): Promise<WorkloadResult> {
  const next = random(2024);
  const popularUser = () => 1 + Math.floor(userCount * next() ** 3);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const latencies: number[] = [];
  const queriesBefore = db.queries;
  const started = performance.now();
  for (let done = 0; done < operations; done += concurrency) {
    const batch = Array.from({ length: Math.min(concurrency, operations - done) }, () => {
      const roll = next();
      const user = popularUser();
      const op =
        roll < 0.55 ? () => users.findById(user)
        : roll < 0.75 ? () => orders.forUser(user)
        : roll < 0.9 ? () => users.findByCity(pick(CITIES))
        : roll < 0.95 ? () => orders.latestByStatus(pick(STATUSES))
        : roll < 0.98 ? () => users.rename(user, `user ${user} (${Math.floor(next() * 100)})`)
        : () => orders.setStatus(1 + Math.floor(next() * userCount * 5), pick(STATUSES));
      return timed(op, latencies);
    });
    await Promise.all(batch);
  }
  latencies.sort((a, b) => a - b);
  return {
    operations,
    sqlQueries: db.queries - queriesBefore,
    totalMs: performance.now() - started,
    p50: latencies[Math.floor(latencies.length * 0.5)],
    p95: latencies[Math.floor(latencies.length * 0.95)],
  };
}

async function timed(op: () => Promise<unknown>, latencies: number[]): Promise<void> {
  const started = performance.now();
  await op();
  latencies.push(performance.now() - started);
}
