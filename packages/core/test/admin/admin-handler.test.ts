import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { CacheModule, Cached, CacheConfig, CacheConfigError, createAdminHandler, registerMetrics, type AdminHandlerOptions } from '@cachet/core';
import { MemoryStore, RedisStore } from '@cachet/stores';
import { newRedis, randomPrefix, removePrefix } from '../../../../test-support/redis';

const TOKEN = 'test-token-0123456789abcdef';

@CacheConfig({ namespace: 'users' })
class UserService {
  @Cached({ key: 'user:{0}', tags: (id: string) => ['users', `user:${id}`] })
  async getUser(id: string) {
    return { id, email: `private-${id}@example.com` };
  }
}

@CacheConfig({ namespace: 'orders', provider: 'shared' })
class OrderService {
  @Cached({ key: 'order:{0}', tags: ['users'] })
  async getOrder(id: string) {
    return { id, total: 42 };
  }
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test convenience over JSON replies
}

let server: Server | undefined;
let base: string;
const redis = newRedis();
const prefix = randomPrefix('admin');

function listen(options: Partial<AdminHandlerOptions> = {}): Promise<void> {
  const handler = createAdminHandler({ token: TOKEN, ...options });
  server = createServer((req, res) => void handler(req, res));
  const created = server;
  return new Promise((resolve) => created.listen(0, '127.0.0.1', () => resolve()));
}

function call(method: string, path: string, body?: string, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }): Promise<Reply> {
  const { port } = server?.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: `${base}${path}`, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined; // not JSON (the Prometheus text)
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

beforeEach(async () => {
  CacheModule.configure({ store: new MemoryStore({ maxEntries: 100 }) });
  CacheModule.register('shared', { store: new RedisStore({ client: redis, prefix }) });
  const users = new UserService();
  await users.getUser('1');
  await users.getUser('1');
  await users.getUser('2');
  await new OrderService().getOrder('9');
  base = '';
});

afterEach(async () => {
  const running = server;
  server = undefined;
  if (running !== undefined) {
    running.closeAllConnections();
    await new Promise((resolve) => running.close(resolve));
  }
  await CacheModule.reset();
  await removePrefix(redis, prefix);
});

afterAll(async () => {
  await removePrefix(redis, prefix);
  await redis.quit();
});

describe('createAdminHandler over real HTTP', () => {
  it('refuses to be created with an empty or short token', () => {
    expect(() => createAdminHandler({ token: '' })).toThrow(CacheConfigError);
    expect(() => createAdminHandler({ token: 'short' })).toThrow(/at least 16 characters/);
  });

  it('answers 401 without a bearer token and 403 with a wrong one, on every route', async () => {
    await listen();
    expect((await call('GET', '/stats', undefined, {})).status).toBe(401);
    expect((await call('GET', '/stats', undefined, {})).headers['www-authenticate']).toMatch(/Bearer/);
    expect((await call('GET', '/nope', undefined, { authorization: 'Basic abc' })).status).toBe(401);
    expect((await call('POST', '/clear', '{}', { authorization: 'Bearer wrong-token-0123456789' })).status).toBe(403);
    expect((await call('GET', '/stats', undefined, { authorization: `Bearer ${TOKEN}x` })).status).toBe(403);
    expect(await CacheModule.get().has('users:user:1')).toBe(true);
  });

  it('GET /stats, /health and /tags report every provider, never values', async () => {
    await listen();
    const stats = await call('GET', '/stats');
    expect(stats.status).toBe(200);
    expect(stats.headers['cache-control']).toBe('no-store');
    expect(stats.json.providers.default.methods['UserService.getUser']).toMatchObject({ hits: 1, misses: 2 });
    expect(stats.json.providers.shared.methods['OrderService.getOrder']).toMatchObject({ misses: 1 });
    const filtered = await call('GET', '/stats?provider=default&class=OrderService');
    expect(Object.keys(filtered.json.providers)).toEqual(['default']);
    expect(filtered.json.providers.default.methods).toEqual({});
    const health = await call('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.json).toMatchObject({ ok: true, providers: { default: { ok: true }, shared: { ok: true, stores: [{ name: 'redis', ok: true }] } } });
    const tags = await call('GET', '/tags');
    expect(tags.json.providers.default.sort()).toEqual(['user:1', 'user:2', 'users']);
    expect(tags.json.providers.shared).toEqual(['users']);
    expect((await call('GET', '/tags?namespace=users')).status).toBe(400);
    const keys = await call('GET', '/tags/users/keys?namespace=users');
    expect(keys.json.providers.default.sort()).toEqual(['user:1', 'user:2']);
    expect(keys.json.providers.shared).toEqual([]);
    const all = [stats, health, tags, keys].map((r) => r.text).join('');
    expect(all).not.toContain('private-');
  });

  it('POST /delete, /revoke, /invalidate and /clear act within ?provider= and ?namespace=', async () => {
    await listen();
    const cache = CacheModule.get();
    const shared = CacheModule.get('shared');
    const del = await call('POST', '/delete?namespace=users', JSON.stringify({ key: 'user:1' }));
    expect(del.json).toEqual({ removed: 1, providers: { default: 1, shared: 0 } });
    expect(await cache.has('users:user:1')).toBe(false);
    await new UserService().getUser('1');
    const revoke = await call('POST', '/revoke?provider=default', JSON.stringify({ pattern: 'users:user:2' }));
    expect(revoke.json).toEqual({ removed: 1, providers: { default: 1 } });
    const inv = await call('POST', '/invalidate?namespace=orders', JSON.stringify({ tags: ['users'] }));
    expect(inv.json).toEqual({ removed: 1, providers: { default: 0, shared: 1 } });
    expect(await cache.has('users:user:1')).toBe(true);
    expect(await shared.has('orders:order:9')).toBe(false);
    await new OrderService().getOrder('9');
    const clear = await call('POST', '/clear?provider=shared');
    expect(clear.json).toEqual({ cleared: ['shared'], namespace: null });
    expect(await shared.has('orders:order:9')).toBe(false);
    expect(await cache.has('users:user:1')).toBe(true);
  });

  it('answers 400 for malformed JSON or missing fields, 404 and 405 for wrong routes, 413 past the body limit', async () => {
    await listen({ bodyLimit: 64 });
    expect((await call('POST', '/delete', '{"key":')).status).toBe(400);
    expect((await call('POST', '/delete', '{"key":')).json.error).toMatch(/malformed JSON/);
    expect((await call('POST', '/delete', '{}')).json.error).toMatch(/"key"/);
    expect((await call('POST', '/invalidate', '{"tags":"users"}')).status).toBe(400);
    expect((await call('POST', '/revoke', '[1]')).status).toBe(400);
    expect((await call('GET', '/stats?namespace=bad*ns')).status).toBe(400);
    expect((await call('GET', '/nothing')).status).toBe(404);
    expect((await call('GET', '/stats?provider=ghost')).status).toBe(404);
    expect((await call('GET', '/metrics')).status).toBe(404);
    const wrong = await call('GET', '/clear');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
    expect((await call('POST', '/stats', '{}')).status).toBe(405);
    expect((await call('POST', '/delete', JSON.stringify({ key: 'x'.repeat(100) }))).status).toBe(413);
  });

  it('serves /metrics from a registry, under a base path, and respects an already-parsed req.body', async () => {
    const registry = new Registry();
    registerMetrics(CacheModule.get(), registry);
    const handler = createAdminHandler({ token: TOKEN, registry, basePath: '/admin', providers: [CacheModule.get()] });
    const created = createServer((req, res) => {
      // What express.json() leaves behind: the stream consumed and the body parsed.
      if (req.url?.includes('/delete')) Object.assign(req, { body: { key: 'users:user:2' } });
      void handler(req, res);
    });
    server = created;
    await new Promise<void>((resolve) => created.listen(0, '127.0.0.1', () => resolve()));
    base = '/admin';
    const metrics = await call('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.text).toContain('cachet_hits_total{provider="default",class="UserService",method="getUser"} 1');
    const del = await call('POST', '/delete');
    expect(del.json).toEqual({ removed: 1, providers: { default: 1 } });
    base = '';
    expect((await call('GET', '/stats')).status).toBe(200);
  });
});
