import { randomBytes } from 'node:crypto';
import { Pool, type QueryResultRow } from 'pg';

/** Where the example's PostgreSQL is: DATABASE_URL, else the local server with trust auth. */
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

/**
 * A `pg` pool that counts the SQL statements the repositories send, so the
 * example can show how many queries cachet saved. Everything lives in a
 * schema of its own with a random name, dropped by `drop()`.
 */
export class Database {
  readonly schema = `cachet_example_${randomBytes(4).toString('hex')}`;
  queries = 0;
  // Every connection resolves unqualified table names in the example's own schema.
  private readonly pool = new Pool({ connectionString: DATABASE_URL, max: 8, options: `-c search_path=${this.schema}` });

  /** Runs one statement (counted) and returns its rows. */
  async query<T extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    this.queries++;
    return (await this.pool.query<T>(sql, params)).rows;
  }

  /** Runs statements in one transaction (each counted). */
  async transaction<T>(work: (query: <R extends QueryResultRow>(sql: string, params?: unknown[]) => Promise<R[]>) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(async <R extends QueryResultRow>(sql: string, params: unknown[] = []) => {
        this.queries++;
        return (await client.query<R>(sql, params)).rows;
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // Undo the half-done work, then let the caller see the original error.
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  /** Creates the schema with users and orders: `users` rows, each with about `ordersPerUser` orders. */
  async create(users: number, ordersPerUser: number): Promise<void> {
    await this.pool.query(`CREATE SCHEMA ${this.schema}`);
    await this.pool.query(`
      CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL, email text NOT NULL, city text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE orders (id serial PRIMARY KEY, user_id int NOT NULL REFERENCES users(id), amount int NOT NULL, status text NOT NULL);
      CREATE INDEX ON users (city);
      CREATE INDEX ON orders (user_id);
      CREATE INDEX ON orders (status);
      INSERT INTO users (name, email, city)
        SELECT 'user ' || i, 'user' || i || '@example.com', (ARRAY['Oslo','Paris','Rome','Lima','Kyoto','Accra','Quito','Hanoi'])[1 + i % 8]
        FROM generate_series(1, ${users}) AS i;
      INSERT INTO orders (user_id, amount, status)
        SELECT 1 + (i * 7919) % ${users}, 5 + (i * 31) % 500, (ARRAY['open','paid','shipped'])[1 + i % 3]
        FROM generate_series(1, ${users * ordersPerUser}) AS i;
    `);
  }

  /** Drops the example's schema and closes the pool. */
  async drop(): Promise<void> {
    try {
      await this.pool.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
    } finally {
      await this.pool.end();
    }
  }
}
