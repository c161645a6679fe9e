import type { CacheProvider } from '@cachet/core';
import type { Database } from './database';
import type { OrderRepository } from './order.repository';
import type { User, UserRepository } from './user.repository';
import { printTable } from '@cachet/example-support';

type Row = [step: string, read: string, sqlQueries: number, seen: string, fresh: string];

/**
 * Walks through each kind of write and shows, for the read that follows,
 * how many SQL queries it needed and that it returned what the database
 * holds, while a read the write did not touch stays cached.
 */
export async function showInvalidation(db: Database, cache: CacheProvider, users: UserRepository, orders: OrderRepository): Promise<void> {
  const rows: Row[] = [];
  const read = async (step: string, label: string, fn: () => Promise<unknown>, truth: () => Promise<unknown>, show: (value: unknown) => string) => {
    const before = db.queries;
    const value = await fn();
    const queries = db.queries - before;
    const actual = await truth();
    rows.push([step, label, queries, show(value), JSON.stringify(value) === JSON.stringify(actual) ? 'yes' : 'STALE']);
  };
  const name = (value: unknown) => (value === null ? 'null' : `"${(value as User).name}"`);
  const ids = (value: unknown) => `${(value as Array<{ id: number }>).length} orders`;
  const userTruth = (id: number) => async () => (await db.query<User>('SELECT id, name, email, city FROM users WHERE id = $1', [id]))[0] ?? null;
  const ordersTruth = (userId: number) => () => db.query(`SELECT id, user_id AS "userId", amount, status FROM orders WHERE user_id = $1 ORDER BY id`, [userId]);

  await cache.clear();
  await Promise.all([users.findById(42), users.findById(43), orders.forUser(42)]);
  await read('(warm)', 'users.findById(42)', () => users.findById(42), userTruth(42), name);

  await users.rename(42, 'Ada (renamed)');
  await read('update: users.rename(42, …)', 'users.findById(42)', () => users.findById(42), userTruth(42), name);
  await read('', 'users.findById(43)', () => users.findById(43), userTruth(43), name);
  await read('', 'orders.forUser(42)', () => orders.forUser(42), ordersTruth(42), ids);

  await users.renameMany([42, 43], 'Batch');
  await read('updateMany: users.renameMany([42, 43], …)', 'users.findById(42)', () => users.findById(42), userTruth(42), name);
  await read('', 'users.findById(43)', () => users.findById(43), userTruth(43), name);
  await read('', 'orders.forUser(42)', () => orders.forUser(42), ordersTruth(42), ids);

  const order = await orders.create(42, 120);
  await read(`create: orders.create(42, …) → #${order.id}`, 'orders.forUser(42)', () => orders.forUser(42), ordersTruth(42), ids);
  await read('', 'users.findById(42)', () => users.findById(42), userTruth(42), name);

  await orders.delete(order.id);
  await read(`delete: orders.delete(${order.id})`, 'orders.forUser(42)', () => orders.forUser(42), ordersTruth(42), ids);

  await users.delete(43);
  await read('', 'users.findById(42)', () => users.findById(42), userTruth(42), name);
  await read('delete: users.delete(43) (+ its orders)', 'users.findById(43)', () => users.findById(43), userTruth(43), name);

  await cache.invalidateResource('user');
  await read("cache.invalidateResource('user')", 'users.findById(42)', () => users.findById(42), userTruth(42), name);
  await read('', 'orders.forUser(42)', () => orders.forUser(42), ordersTruth(42), ids);

  printTable('Invalidation: the read after each write', ['write', 'next read', 'SQL queries', 'result', 'matches the database'], rows);
}
