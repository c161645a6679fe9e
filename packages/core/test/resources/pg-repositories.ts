import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Pool, type QueryResultRow } from 'pg';
import { CacheResource, CachedById, CachedQuery, CachedRelation, InvalidatesResource } from '@cachet/core';

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

export interface User { id: number; name: string; city: string }
export interface Order { id: number; userId: number; amount: number }

/** A schema of its own (random name) on the test PostgreSQL; counts the statements the repositories send. */
export class TestDatabase {
  readonly schema = `cachet_test_${randomBytes(4).toString('hex')}`;
  /** Statements sent by the repositories (not by the oracle reads). */
  queries = 0;
  /** Per-call statement counts, so reads running side by side can each tell a hit (0 statements) from a load. */
  readonly perCall = new AsyncLocalStorage<{ queries: number }>();
  readonly pool = new Pool({ connectionString: DATABASE_URL, max: 10, options: `-c search_path=${this.schema}` });

  /** Connects, or says why the whole suite must be skipped: only when no PostgreSQL exists on this machine at all. */
  static async open(): Promise<TestDatabase | string> {
    const db = new TestDatabase();
    try {
      await db.pool.query('SELECT 1');
      return db;
    } catch (error) {
      await db.pool.end();
      const refused = (error as { code?: string }).code === 'ECONNREFUSED';
      if (refused && !existsSync('/etc/postgresql')) return `no PostgreSQL on this machine (${DATABASE_URL} refused the connection and /etc/postgresql does not exist)`;
      throw error;
    }
  }

  async query<T extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    this.queries++;
    const call = this.perCall.getStore();
    if (call) call.queries++;
    return (await this.pool.query<T>(sql, params)).rows;
  }

  /** 200 users in 8 cities, 1,000 orders. */
  async create(): Promise<void> {
    await this.pool.query(`CREATE SCHEMA ${this.schema}`);
    await this.pool.query(`
      CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL, city text NOT NULL);
      CREATE TABLE orders (id serial PRIMARY KEY, user_id int NOT NULL REFERENCES users(id) ON DELETE CASCADE, amount int NOT NULL);
      INSERT INTO users (name, city) SELECT 'user ' || i, 'c' || (i % 8) FROM generate_series(1, 200) AS i;
      INSERT INTO orders (user_id, amount) SELECT 1 + (i * 7919) % 200, i FROM generate_series(1, 1000) AS i;`);
  }

  async drop(): Promise<void> {
    try {
      await this.pool.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
    } finally {
      await this.pool.end();
    }
  }
}

const USER = 'id, name, city';
const ORDER = 'id, user_id AS "userId", amount';

export function makeRepositories(db: TestDatabase) {
  @CacheResource({ name: 'user' })
  class UserRepository {
    @CachedById()
    async findById(id: number): Promise<User | null> {
      return (await db.query<User>(`SELECT ${USER} FROM users WHERE id = $1`, [id]))[0] ?? null;
    }

    @CachedQuery()
    findByCity(city: string): Promise<User[]> {
      return db.query<User>(`SELECT ${USER} FROM users WHERE city = $1 ORDER BY id`, [city]);
    }

    @InvalidatesResource()
    async rename(id: number, name: string): Promise<void> {
      await db.query('UPDATE users SET name = $2 WHERE id = $1', [id, name]);
    }

    @InvalidatesResource({ queries: true })
    async relocate(id: number, city: string): Promise<void> {
      await db.query('UPDATE users SET city = $2 WHERE id = $1', [id, city]);
    }

    @InvalidatesResource()
    async renameMany(ids: number[], name: string): Promise<void> {
      await db.query('UPDATE users SET name = $2 WHERE id = ANY($1)', [ids, name]);
    }

    @InvalidatesResource({ created: true })
    async create(name: string, city: string): Promise<User> {
      return (await db.query<User>(`INSERT INTO users (name, city) VALUES ($1, $2) RETURNING ${USER}`, [name, city]))[0];
    }

    /** ON DELETE CASCADE removes the orders: they are named for invalidation. */
    @InvalidatesResource({ deleted: true, cascade: (_args, orderIds: number[]) => [['order', orderIds]] })
    async delete(id: number): Promise<number[]> {
      const rows = await db.query<{ id: number }>('SELECT id FROM orders WHERE user_id = $1', [id]);
      await db.query('DELETE FROM users WHERE id = $1', [id]);
      return rows.map((row) => row.id);
    }
  }

  @CacheResource({ name: 'order' })
  class OrderRepository {
    @CachedById()
    async findById(id: number): Promise<Order | null> {
      return (await db.query<Order>(`SELECT ${ORDER} FROM orders WHERE id = $1`, [id]))[0] ?? null;
    }

    @CachedRelation('orders', { of: 'user' })
    forUser(userId: number): Promise<Order[]> {
      return db.query<Order>(`SELECT ${ORDER} FROM orders WHERE user_id = $1 ORDER BY id`, [userId]);
    }

    /** Inserts nothing (and changes nothing) when the user is gone: no ids, no parents. */
    @InvalidatesResource({ created: true, ids: (_args, order?: Order) => order?.id, parents: (_args, order?: Order) => (order ? [['user', order.userId]] : []) })
    async create(userId: number, amount: number): Promise<Order | undefined> {
      return (await db.query<Order>(`INSERT INTO orders (user_id, amount) SELECT $1, $2 WHERE EXISTS (SELECT 1 FROM users WHERE id = $1) RETURNING ${ORDER}`, [userId, amount]))[0];
    }

    @InvalidatesResource()
    async setAmounts(ids: number[], amount: number): Promise<void> {
      await db.query('UPDATE orders SET amount = $2 WHERE id = ANY($1)', [ids, amount]);
    }

    @InvalidatesResource({ deleted: true })
    async delete(id: number): Promise<void> {
      await db.query('DELETE FROM orders WHERE id = $1', [id]);
    }
  }

  return { users: new UserRepository(), orders: new OrderRepository() };
}
