import type { AsyncLocalStorage } from 'node:async_hooks';
import { Cached, type CacheProvider } from '@cachet/core';

/** What {@link twoTenantsSameIds} observed. */
export interface TenantObservation {
  /** Values served to one tenant that were loaded for the other (must be 0). */
  crossTenant: number;
  /** Hits of the second pass over both tenants (2,000 when isolated and cached). */
  hits: number;
  /** Entries removed by invalidating the shared tag name within tenant `acme`. */
  invalidatedInAcme: number;
  /** Keys tenant `globex` still holds under that tag afterwards. */
  globexKeysLeft: number;
  /** Whether each tenant still has account 5 cached afterwards. */
  acmeHas: boolean;
  globexHas: boolean;
}

/**
 * Two tenants × 1,000 ids with the same arguments, twice, then a tag
 * invalidation in one tenant. `cache` must read its tenant from `requestContext`.
 */
export async function twoTenantsSameIds(cache: CacheProvider, requestContext: AsyncLocalStorage<{ tenant: string }>): Promise<TenantObservation> {
  class Accounts {
    @Cached({ key: 'account:{0}', tags: (id: number) => ['accounts', `account:${id}`] })
    async get(id: number) {
      return { tenant: requestContext.getStore()?.tenant, id };
    }
  }
  const accounts = new Accounts();
  const ids = Array.from({ length: 1_000 }, (_, i) => i);
  const asTenant = <T>(tenant: string, fn: () => Promise<T>) => requestContext.run({ tenant }, fn);
  for (const tenant of ['acme', 'globex']) await asTenant(tenant, () => Promise.all(ids.map((id) => accounts.get(id))));
  const hitsBefore = cache.stats().hits;
  let crossTenant = 0;
  for (const tenant of ['acme', 'globex']) {
    const seen = await asTenant(tenant, () => Promise.all(ids.map((id) => accounts.get(id))));
    crossTenant += seen.filter((value) => value.tenant !== tenant).length;
  }
  const hits = cache.stats().hits - hitsBefore;
  const invalidatedInAcme = await asTenant('acme', () => cache.invalidateTags(['accounts']));
  return {
    crossTenant,
    hits,
    invalidatedInAcme,
    globexKeysLeft: (await asTenant('globex', () => cache.keysForTag('accounts'))).length,
    acmeHas: await asTenant('acme', () => cache.has('Accounts:account:5')),
    globexHas: await asTenant('globex', () => cache.has('Accounts:account:5')),
  };
}

/** The outcome an isolated provider must show. */
export const ISOLATED: TenantObservation = { crossTenant: 0, hits: 2_000, invalidatedInAcme: 1_000, globexKeysLeft: 1_000, acmeHas: false, globexHas: true };
