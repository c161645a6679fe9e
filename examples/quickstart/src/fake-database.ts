/** A product row. */
export interface Product {
  id: number;
  name: string;
  category: string;
  price: number;
}

const CATEGORIES = ['books', 'games', 'garden', 'kitchen', 'music'];

/**
 * Stands in for a real database: every query waits like a network round trip
 * plus a query plan (20–40 ms), and counts itself.
 */
export class FakeDatabase {
  queries = 0;
  private readonly products = new Map<number, Product>();

  constructor(size: number) {
    for (let id = 1; id <= size; id++) {
      this.products.set(id, { id, name: `Product ${id}`, category: CATEGORIES[id % CATEGORIES.length], price: 5 + (id % 50) });
    }
  }

  async findProduct(id: number): Promise<Product | undefined> {
    await this.roundTrip();
    const product = this.products.get(id);
    return product && { ...product };
  }

  async listCategory(category: string, limit: number): Promise<Product[]> {
    await this.roundTrip();
    return [...this.products.values()]
      .filter((p) => p.category === category)
      .sort((a, b) => a.price - b.price || a.id - b.id)
      .slice(0, limit)
      .map((p) => ({ ...p }));
  }

  async updatePrice(id: number, price: number): Promise<void> {
    await this.roundTrip();
    const product = this.products.get(id);
    if (product) product.price = price;
  }

  async rename(id: number, name: string): Promise<void> {
    await this.roundTrip();
    const product = this.products.get(id);
    if (product) product.name = name;
  }

  private roundTrip(): Promise<void> {
    this.queries++;
    return new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 20));
  }
}
