import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CacheModule, CacheProvider, CacheConfigError, Cached } from '@cachet/core';
import { fromConfig, MemoryStore, RedisStore, TieredStore } from '@cachet/stores';
import { redisUrl } from '../../../../test-support/redis';

const dir = mkdtempSync(join(tmpdir(), 'cachet-config-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

afterEach(() => CacheModule.reset());

class UserService {
  loads = 0;
  @Cached({ key: 'user:{0}', ttl: '1h' })
  async getUser(id: string) {
    this.loads++;
    return { id };
  }
}

describe('fromConfig', () => {
  it('reads a YAML file: backend, ttl, namespace and per-method overrides that change behaviour without code', async () => {
    const path = file('cache.yaml', ['backend: memory', 'ttl: 10m', 'namespace: shop', 'memory:', '  maxEntries: 500', 'overrides:', '  UserService.getUser:', '    enabled: false'].join('\n'));
    const options = fromConfig({ file: path, env: {} });
    expect(options).toMatchObject({ enabled: true, ttl: 600_000, namespace: 'shop', overrides: { 'UserService.getUser': { enabled: false } } });
    expect(options.store).toBeInstanceOf(MemoryStore);
    const cache = CacheModule.configure(options);
    const users = new UserService();
    await users.getUser('1');
    await users.getUser('1');
    expect(users.loads).toBe(2);
    expect(await cache.has('UserService:user:1')).toBe(false);
  });

  it('reads JSON, and the environment wins over the file', () => {
    const path = file('cache.json', JSON.stringify({ enabled: true, ttl: '1m', namespace: 'file-ns', storeTimeout: 50 }));
    const options = fromConfig({ file: path, env: { CACHE_TTL: '30000', CACHE_NAMESPACE: 'env-ns', CACHE_ENABLED: 'no', CACHE_STORE_TIMEOUT: '2s' } });
    expect(options).toMatchObject({ enabled: false, ttl: 30_000, namespace: 'env-ns', storeTimeout: 2_000 });
  });

  it('uses defaults with neither file nor settings', async () => {
    const options = fromConfig({ env: {} });
    expect(options.enabled).toBe(true);
    expect(options.store).toBeInstanceOf(MemoryStore);
    await new CacheProvider(options).close();
  });

  it('fails with CacheConfigError naming the field and the value', () => {
    expect(() => fromConfig({ env: { CACHE_TTL: 'soon' } })).toThrow(/CACHE_TTL \(environment\) must be a duration .*got "soon"/);
    expect(() => fromConfig({ env: { CACHE_BACKEND: 'mongo' } })).toThrow(/CACHE_BACKEND \(environment\) must be one of memory, redis, tiered; got "mongo"/);
    expect(() => fromConfig({ env: { CACHE_ENABLED: 'maybe' } })).toThrow(CacheConfigError);
    expect(() => fromConfig({ env: { REDIS_URL: 'http://x', CACHE_BACKEND: 'redis' } })).toThrow(/REDIS_URL \(environment\) must be a redis:\/\/ or rediss:\/\/ URL/);
    const bad = file('bad.yaml', 'ttl: 0\n');
    expect(() => fromConfig({ file: bad, env: {} })).toThrow(/bad\.yaml: ttl must be a duration greater than 0 .*; got 0/);
    const typo = file('typo.yaml', 'tll: 5m\n');
    expect(() => fromConfig({ file: typo, env: {} })).toThrow(/typo\.yaml: tll is not a known setting/);
    const override = file('override.yaml', 'overrides:\n  UserService.getUser: { ttl: fast }\n');
    expect(() => fromConfig({ file: override, env: {} })).toThrow(/overrides\['UserService.getUser'\]\.ttl must be a duration/);
    const broken = file('broken.yaml', 'ttl: [5m\n');
    expect(() => fromConfig({ file: broken, env: {} })).toThrow(/broken\.yaml is not valid YAML/);
    expect(() => fromConfig({ file: join(dir, 'missing.yaml'), env: {} })).toThrow(/cannot read/);
    expect(() => fromConfig({ file: file('cache.toml', ''), env: {} })).toThrow(/must end in \.json, \.yaml or \.yml/);
  });

  it('builds a RedisStore from REDIS_URL whose connection provider.close() closes', async () => {
    const options = fromConfig({ env: { CACHE_BACKEND: 'redis', REDIS_URL: redisUrl(), CACHE_NAMESPACE: `cfg-${process.pid}` } });
    const store = options.store as RedisStore;
    expect(store).toBeInstanceOf(RedisStore);
    const cache = new CacheProvider(options);
    // A cached call does not wait for a connection still being made (it fails open after storeTimeout);
    // health() waits up to operationTimeout, so the round trip below is not a race with the connect.
    expect((await cache.health()).ok).toBe(true);
    await cache.set('k', 1);
    expect(await cache.get('k')).toBe(1);
    await cache.clear();
    await cache.close();
    // quit() was sent by close(): the connection ends (this would hang if it were left open).
    const client = store.client as unknown as { status: string; once(event: 'end', listener: () => void): void };
    await new Promise<void>((resolve) => (client.status === 'end' ? resolve() : client.once('end', resolve)));
    expect(client.status).toBe('end');
  });

  it('builds a TieredStore (memory over Redis) for the tiered backend', async () => {
    const options = fromConfig({ env: { CACHE_BACKEND: 'tiered', REDIS_URL: redisUrl(), CACHE_NAMESPACE: `cfg-tiered-${process.pid}` } });
    expect(options.store).toBeInstanceOf(TieredStore);
    const cache = new CacheProvider(options);
    await cache.set('k', 2);
    expect(await cache.get('k')).toBe(2);
    await cache.clear();
    await cache.close();
  });

  it('opens no connection when caching is disabled', () => {
    const options = fromConfig({ env: { CACHE_ENABLED: 'false', CACHE_BACKEND: 'redis', REDIS_URL: redisUrl() } });
    expect(options.store).toBeInstanceOf(MemoryStore);
  });

  it('reads the example configuration file of examples/http-service', async () => {
    const options = fromConfig({ file: join(__dirname, '../../../../examples/http-service/cache.yaml'), env: {} });
    expect(options.store).toBeInstanceOf(MemoryStore);
    expect(options.invalidateOn).toBeDefined();
    await new CacheProvider(options).close();
  });
});
