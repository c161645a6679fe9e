import { CacheModule, Cached, CacheTag, CacheConfig } from '@cachet/core';
import { DECORATOR_MODE } from './decorator-mode';
import { configureMemory } from './fixtures';

afterEach(() => CacheModule.reset());

describe(`tags (${DECORATOR_MODE} decorators)`, () => {
  it('collects tags from @CacheTag (either side of @Cached), @CacheConfig, the class, options and the result', async () => {
    const cache = configureMemory();
    @CacheTag('catalog')
    @CacheConfig({ namespace: 'products', tags: ['shop'] })
    class ProductService {
      @CacheTag('below', (id: string) => `product:${id}`)
      @Cached({ key: 'p:{0}', tags: ['static'], tagsFromResult: (result: { category: string }) => [`category:${result.category}`] })
      @CacheTag('above')
      async product(id: string) {
        return { id, category: 'books' };
      }
    }
    await new ProductService().product('9');
    const tags = (await cache.tagsForKey('products:p:9')).sort();
    expect(tags).toEqual(['above', 'below', 'catalog', 'category:books', 'product:9', 'shop', 'static'].sort());
    expect((await cache.listTags()).sort()).toEqual(tags);
  });

  it('invalidates exactly the tagged entries and reports the count', async () => {
    const cache = configureMemory();
    let loads = 0;
    class Catalog {
      @Cached({ key: 'item:{0}', tags: (id: number) => [id % 2 === 0 ? 'even' : 'odd'] })
      async item(id: number) {
        loads++;
        return id;
      }
    }
    const catalog = new Catalog();
    for (let id = 0; id < 10; id++) await catalog.item(id);
    expect(await cache.invalidateTag('even')).toBe(5);
    for (let id = 0; id < 10; id++) await catalog.item(id);
    expect(loads).toBe(15);
    expect((await cache.keysForTag('odd')).length).toBe(5);
  });
});
