import * as promClient from 'prom-client';
import { Registry } from 'prom-client';
import { CacheModule, CacheProvider, Cached, registerMetrics, type PromClient, type PromRegistry } from '@cachet/core';
import { MemoryStore } from '@cachet/stores';

afterEach(() => CacheModule.reset());

class Pricing {
  @Cached({ key: 'price:{0}' })
  async price(sku: string) {
    return sku.length;
  }
}

/** The value of one series in the exposition text, or undefined. */
function series(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

describe('registerMetrics', () => {
  it('exports counters and a load latency histogram labelled by provider, class and method only', async () => {
    const registry = new Registry();
    const cache = CacheModule.configure({ store: new MemoryStore({ maxEntries: 100 }) });
    registerMetrics(cache, registry);
    const pricing = new Pricing();
    await pricing.price('secret-sku-1');
    await pricing.price('secret-sku-1');
    await pricing.price('secret-sku-2');
    const text = await registry.metrics();
    const labels = 'provider="default",class="Pricing",method="price"';
    expect(series(text, 'cachet_hits_total', labels)).toBe(1);
    expect(series(text, 'cachet_misses_total', labels)).toBe(2);
    expect(series(text, 'cachet_loads_total', labels)).toBe(2);
    expect(series(text, 'cachet_errors_total', labels)).toBe(0);
    expect(series(text, 'cachet_stale_served_total', labels)).toBe(0);
    expect(series(text, 'cachet_load_duration_seconds_count', labels)).toBe(2);
    expect(text).toContain('cachet_load_duration_seconds_bucket{le="0.001",provider="default",class="Pricing",method="price"}');
    expect(text).not.toContain('secret-sku');
  });

  it('mirrors resetStats and serves several providers from one registry; unregister removes them', async () => {
    const registry = new Registry();
    const a = new CacheProvider({ store: new MemoryStore({ maxEntries: 10 }) }, 'a');
    const b = new CacheProvider({ store: new MemoryStore({ maxEntries: 10 }) }, 'b');
    const offA = registerMetrics(a, registry);
    const offB = registerMetrics(b, registry, { client: promClient });
    await a.getOrSet('k', () => 1);
    await b.getOrSet('k', () => 1);
    await b.getOrSet('k', () => 1);
    let text = await registry.metrics();
    expect(series(text, 'cachet_misses_total', 'provider="a",class="",method="getOrSet"')).toBe(1);
    expect(series(text, 'cachet_hits_total', 'provider="b",class="",method="getOrSet"')).toBe(1);
    b.resetStats();
    text = await registry.metrics();
    expect(series(text, 'cachet_hits_total', 'provider="b",class="",method="getOrSet"')).toBe(0);
    offA();
    text = await registry.metrics();
    expect(series(text, 'cachet_misses_total', 'provider="a",class="",method="getOrSet"')).toBeUndefined();
    offB();
    expect(registry.getSingleMetric('cachet_hits_total')).toBeUndefined();
    await Promise.all([a.close(), b.close()]);
  });

  it('takes a custom prefix and rejects invalid ones', () => {
    const registry = new Registry();
    const cache = CacheModule.configure({ store: new MemoryStore({ maxEntries: 10 }) });
    registerMetrics(cache, registry, { prefix: 'app_cache_' });
    expect(registry.getSingleMetric('app_cache_hits_total')).toBeDefined();
    expect(() => registerMetrics(cache, registry, { prefix: 'bad-prefix' })).toThrow(/prefix must be a valid Prometheus name prefix/);
  });

  it("fits prom-client's own types (compile-time check)", () => {
    const registry: PromRegistry = new Registry();
    const client: PromClient = promClient;
    expect(typeof registry.metrics).toBe('function');
    expect(typeof client.Counter).toBe('function');
  });

  it('fails with a CacheConfigError saying what to install when prom-client is missing', () => {
    jest.isolateModules(() => {
      jest.doMock('prom-client', () => {
        throw new Error("Cannot find module 'prom-client'");
      });
      /* eslint-disable @typescript-eslint/no-require-imports -- a fresh module graph that cannot load prom-client */
      const core = require('@cachet/core') as typeof import('@cachet/core');
      const stores = require('@cachet/stores') as typeof import('@cachet/stores');
      /* eslint-enable @typescript-eslint/no-require-imports */
      const provider = new core.CacheProvider({ store: new stores.MemoryStore({ maxEntries: 10 }) });
      const registry: PromRegistry = { metrics: async () => '', contentType: 'text/plain', getSingleMetric: () => undefined, removeSingleMetric: () => undefined };
      expect(() => core.registerMetrics(provider, registry)).toThrow(core.CacheConfigError);
      expect(() => core.registerMetrics(provider, registry)).toThrow(/needs the 'prom-client' package .*npm install prom-client/);
      void provider.close();
    });
  });
});
