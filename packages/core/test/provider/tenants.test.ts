import { AsyncLocalStorage } from 'node:async_hooks';
import { CacheModule, Cached } from '@cachet/core';
import { MemoryStore } from '@cachet/stores';

afterEach(() => CacheModule.reset());

describe('tenant isolation (memory)', () => {
  it('2 tenants × 1,000 ids with the same arguments: 0 cross-tenant hits; invalidation stays within a tenant', async () => {
    const requestContext = new AsyncLocalStorage<{ tenant: string }>();
    const cache = CacheModule.configure({ store: new MemoryStore({ maxEntries: 10_000 }), context: () => requestContext.getStore() });
    class Accounts {
      @Cached({ key: 'account:{0}', tags: (id: number) => ['accounts', `account:${id}`] })
      async get(id: number) {
        return { tenant: requestContext.getStore()?.tenant, id };
      }
    }
    const accounts = new Accounts();
    const asTenant = <T>(tenant: string, fn: () => Promise<T>) => requestContext.run({ tenant }, fn);
    const ids = Array.from({ length: 1_000 }, (_, i) => i);
    for (const tenant of ['acme', 'globex']) await asTenant(tenant, () => Promise.all(ids.map((id) => accounts.get(id))));
    let crossTenant = 0;
    for (const tenant of ['acme', 'globex']) {
      const seen = await asTenant(tenant, () => Promise.all(ids.map((id) => accounts.get(id))));
      crossTenant += seen.filter((value) => value.tenant !== tenant).length;
    }
    expect(crossTenant).toBe(0);
    expect(cache.stats().hits).toBe(2_000);

    expect(await asTenant('acme', () => cache.invalidateTags(['accounts']))).toBe(1_000);
    expect(await asTenant('acme', () => cache.has('Accounts:account:1'))).toBe(false);
    expect(await asTenant('globex', () => cache.has('Accounts:account:1'))).toBe(true);
    expect(await asTenant('globex', () => cache.keysForTag('accounts'))).toHaveLength(1_000);
    expect(await asTenant('acme', () => cache.revoke('*'))).toBe(0);
    expect(await asTenant('globex', () => cache.revoke('Accounts:*'))).toBe(1_000);
  });

  it('escapes tenant names so one tenant cannot reach into another', async () => {
    const requestContext = new AsyncLocalStorage<{ tenant: string }>();
    const cache = CacheModule.configure({ store: new MemoryStore({ maxEntries: 100 }), context: () => requestContext.getStore() });
    await requestContext.run({ tenant: 'a' }, () => cache.set('x:k', 'a'));
    await requestContext.run({ tenant: 'a:x' }, () => cache.set('k', 'a:x'));
    expect(await requestContext.run({ tenant: 'a' }, () => cache.get('x:k'))).toBe('a');
    expect(await requestContext.run({ tenant: '*' }, () => cache.revoke('*'))).toBe(0);
    expect(await requestContext.run({ tenant: 'a:x' }, () => cache.get('k'))).toBe('a:x');
  });
});
