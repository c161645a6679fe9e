import { Cached } from '@cachet/core';
import type { PriceSource } from './price-source';

/**
 * Prices change rarely and the pricing service is not always there: a price
 * stays fresh for 1 s, and is kept an hour longer as a fallback (`grace`).
 * If the service fails, callers get the last good price, and the service is
 * asked again at most once per second per SKU (`graceBackoff`). If it is
 * slower than 100 ms, callers that have a previous price get it at once
 * (`timeout`) while the slow call finishes and refreshes the cache.
 */
export class PricingService {
  constructor(private readonly source: PriceSource) {}

  @Cached({ key: 'price:{0}', ttl: '1s', grace: '1h', graceBackoff: '1s', timeout: 100 })
  async price(sku: string): Promise<number> {
    return this.source.price(sku);
  }
}
