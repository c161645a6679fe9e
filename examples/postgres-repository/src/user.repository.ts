import { CacheResource, CachedById, CachedQuery, InvalidatesResource } from '@cachet/core';
import type { Database } from './database';

export interface User {
  id: number;
  name: string;
  email: string;
  city: string;
}

const COLUMNS = 'id, name, email, city';

/**
 * Users, cached as the resource `user`: reads by id and by city are cached;
 * every write says what it changed, and cachet drops exactly those entries.
 */
@CacheResource({ name: 'user', ttl: '10m' })
export class UserRepository {
  constructor(private readonly db: Database) {}

  /** Cached under `user:<id>`, tagged `user` and `user:<id>`. */
  @CachedById()
  async findById(id: number): Promise<User | null> {
    const [row] = await this.db.query<User>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
    return row ?? null;
  }

  /** Tagged with every returned user, so renaming user 5 drops only the pages holding user 5. */
  @CachedQuery()
  findByCity(city: string, limit = 20): Promise<User[]> {
    return this.db.query<User>(`SELECT ${COLUMNS} FROM users WHERE city = $1 ORDER BY id LIMIT $2`, [city, limit]);
  }

  /** An aggregate has no rows to tag: it is dropped on create and delete. */
  @CachedQuery({ tagsFromResult: false })
  async count(): Promise<number> {
    const [row] = await this.db.query<{ n: string }>('SELECT count(*) AS n FROM users');
    return Number(row.n);
  }

  /** Changes no column a query filters on: only `user:<id>` goes. */
  @InvalidatesResource()
  async rename(id: number, name: string): Promise<User | null> {
    const [row] = await this.db.query<User>(`UPDATE users SET name = $2, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`, [id, name]);
    return row ?? null;
  }

  /** The city is what `findByCity` filters on, so membership changes: `queries: true`. */
  @InvalidatesResource({ queries: true })
  async relocate(id: number, city: string): Promise<void> {
    await this.db.query('UPDATE users SET city = $2, updated_at = now() WHERE id = $1', [id, city]);
  }

  /** A batch update: the first argument is the array of ids it changes. */
  @InvalidatesResource()
  async renameMany(ids: number[], name: string): Promise<number> {
    const rows = await this.db.query('UPDATE users SET name = $2, updated_at = now() WHERE id = ANY($1) RETURNING id', [ids, name]);
    return rows.length;
  }

  /** The new row's id comes from the result; a new user may belong to any cached query. */
  @InvalidatesResource({ created: true })
  async create(data: Omit<User, 'id'>): Promise<User> {
    const [row] = await this.db.query<User>(`INSERT INTO users (name, email, city) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`, [data.name, data.email, data.city]);
    return row;
  }

  /** Deletes the user and their orders; the removed orders are invalidated too. */
  @InvalidatesResource({ deleted: true, cascade: (_args, result: { orderIds: number[] }) => [['order', result.orderIds]] })
  delete(id: number): Promise<{ orderIds: number[] }> {
    return this.db.transaction(async (query) => {
      const orders = await query<{ id: number }>('DELETE FROM orders WHERE user_id = $1 RETURNING id', [id]);
      await query('DELETE FROM users WHERE id = $1', [id]);
      return { orderIds: orders.map((order) => order.id) };
    });
  }
}
