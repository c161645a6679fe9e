import { CacheEvict, Cached } from '@cachet/core';
import type { Redis } from 'ioredis';

/**
 * A price list whose database is a Redis hash (any database shared by the
 * instances would do). Prices are cached per SKU under the tag `sku:<sku>`;
 * changing a price evicts that tag, on every instance.
 */
export class CatalogService {
  /** How many times this instance read the database. */
  databaseReads = 0;

  constructor(
    private readonly db: Redis,
    private readonly table: string,
  ) {}

  @Cached({ key: 'price:{0}', tags: (sku: string) => [`sku:${sku}`] })
  async price(sku: string): Promise<number> {
    this.databaseReads++;
    const price = await this.db.hget(this.table, sku);
    if (price === null) throw new Error(`no price for ${sku}`);
    return Number(price);
  }

  @CacheEvict({ tags: (sku: string) => [`sku:${sku}`] })
  async setPrice(sku: string, price: number): Promise<void> {
    await this.db.hset(this.table, sku, String(price));
  }
}
