import { Cached, CacheConfig, CacheEvict, CacheTag } from '@cachet/core';
import { FakeDatabase, type Product } from './fake-database';

/**
 * A product catalog in front of a slow database. Reads are cached; writes
 * evict exactly what they change.
 */
@CacheConfig({ namespace: 'catalog', ttl: '10m' })
export class CatalogService {
  constructor(private readonly db: FakeDatabase) {}

  /** One product: key `catalog:product:<id>`, tagged with its id and category. */
  @Cached({ key: 'product:{id}', tagsFromResult: (product: Product | undefined) => (product ? [`product:${product.id}`, `category:${product.category}`] : []) })
  async getProduct(id: number): Promise<Product | undefined> {
    return this.db.findProduct(id);
  }

  /** Products of a category, cheapest first: default key from the arguments, tagged for invalidation. */
  @Cached({ tags: (category: string) => [`category:${category}`] })
  @CacheTag('listings')
  async listCategory(category: string, options: { limit: number }): Promise<Product[]> {
    return this.db.listCategory(category, options.limit);
  }

  /** A price change: the product's entries and the listings of its category go. */
  @CacheEvict({ tags: (id: number) => [`product:${id}`] })
  async updatePrice(id: number, price: number): Promise<void> {
    await this.db.updatePrice(id, price);
  }

  /** A rename evicts the one product key. */
  @CacheEvict({ keys: ['product:{0}'] })
  async rename(id: number, name: string): Promise<void> {
    await this.db.rename(id, name);
  }
}
