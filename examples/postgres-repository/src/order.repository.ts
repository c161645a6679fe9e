import { CacheResource, CachedById, CachedQuery, CachedRelation, InvalidatesResource } from '@cachet/core';
import type { Database } from './database';

export type OrderStatus = 'open' | 'paid' | 'shipped';

export interface Order {
  id: number;
  userId: number;
  amount: number;
  status: OrderStatus;
}

const COLUMNS = 'id, user_id AS "userId", amount, status';

/** Orders, cached as the resource `order`, related to their user. */
@CacheResource({ name: 'order', ttl: '10m' })
export class OrderRepository {
  constructor(private readonly db: Database) {}

  @CachedById()
  async findById(id: number): Promise<Order | null> {
    const [row] = await this.db.query<Order>(`SELECT ${COLUMNS} FROM orders WHERE id = $1`, [id]);
    return row ?? null;
  }

  /** The orders of one user: `user:<id>:orders`, plus `order:<id>` of each order. */
  @CachedRelation('orders', { of: 'user' })
  forUser(userId: number): Promise<Order[]> {
    return this.db.query<Order>(`SELECT ${COLUMNS} FROM orders WHERE user_id = $1 ORDER BY id`, [userId]);
  }

  @CachedQuery()
  latestByStatus(status: OrderStatus, limit = 10): Promise<Order[]> {
    return this.db.query<Order>(`SELECT ${COLUMNS} FROM orders WHERE status = $1 ORDER BY id DESC LIMIT $2`, [status, limit]);
  }

  /** A new order changes its user's `orders` relation and the order queries. */
  @InvalidatesResource({ created: true, parents: (_args, order: Order) => [['user', order.userId]] })
  async create(userId: number, amount: number): Promise<Order> {
    const [row] = await this.db.query<Order>(`INSERT INTO orders (user_id, amount, status) VALUES ($1, $2, 'open') RETURNING ${COLUMNS}`, [userId, amount]);
    return row;
  }

  /** `latestByStatus` filters on status, so its membership changes: `queries: true`. */
  @InvalidatesResource({ queries: true })
  async setStatus(id: number, status: OrderStatus): Promise<void> {
    await this.db.query('UPDATE orders SET status = $2 WHERE id = $1', [id, status]);
  }

  /** A batch update of many orders. */
  @InvalidatesResource({ queries: true })
  async shipMany(ids: number[]): Promise<number> {
    return (await this.db.query(`UPDATE orders SET status = 'shipped' WHERE id = ANY($1) RETURNING id`, [ids])).length;
  }

  @InvalidatesResource({ deleted: true })
  async delete(id: number): Promise<void> {
    await this.db.query('DELETE FROM orders WHERE id = $1', [id]);
  }
}
