import { AsyncLocalStorage } from 'node:async_hooks';
import { CacheModule } from '@cachet/core';
import { MemoryStore } from '@cachet/stores';
import { ISOLATED, twoTenantsSameIds } from '../../../../test-support/scenarios/tenants.scenario';

afterEach(() => CacheModule.reset());

describe('tenant isolation (memory)', () => {
  it('2 tenants × 1,000 ids with the same arguments: 0 cross-tenant hits; invalidation stays within a tenant', async () => {
    const requestContext = new AsyncLocalStorage<{ tenant: string }>();
    const cache = CacheModule.configure({ store: new MemoryStore({ maxEntries: 10_000 }), context: () => requestContext.getStore() });
    expect(await twoTenantsSameIds(cache, requestContext)).toEqual(ISOLATED);
    expect(await requestContext.run({ tenant: 'acme' }, () => cache.revoke('*'))).toBe(0);
    expect(await requestContext.run({ tenant: 'globex' }, () => cache.revoke('Accounts:*'))).toBe(1_000);
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
