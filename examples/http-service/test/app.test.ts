import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type App } from '../src/app';

const TOKEN = 'example-admin-token-0123456789';
let app: App;

function call(method: string, path: string, body?: string, token?: string): Promise<{ status: number; text: string }> {
  const { port } = app.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

beforeEach(async () => {
  // The memory backend of cache.yaml, whatever the machine's environment says.
  app = createApp({ adminToken: TOKEN, env: {} });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', () => resolve()));
});

afterEach(() => app.close());

describe('examples/http-service', () => {
  it('serves cached reads, invalidates on writes through invalidateOn, and exposes the admin API', async () => {
    expect(JSON.parse((await call('GET', '/users/1')).text)).toEqual({ id: '1', name: 'Ann' });
    await call('GET', '/users/1');
    await call('GET', '/users');
    await call('GET', '/users');
    expect(app.db.queries).toBe(2);

    expect((await call('PUT', '/users/1', JSON.stringify({ name: 'Anna' }))).status).toBe(200);
    expect(JSON.parse((await call('GET', '/users/1')).text)).toEqual({ id: '1', name: 'Anna' });
    expect(JSON.parse((await call('GET', '/users')).text)[0]).toEqual({ id: '1', name: 'Anna' });
    expect(app.db.queries).toBe(4);

    expect((await call('GET', '/admin/stats')).status).toBe(401);
    const stats = JSON.parse((await call('GET', '/admin/stats', undefined, TOKEN)).text);
    expect(stats.providers.default.methods['UserService.getUser']).toMatchObject({ hits: 1, misses: 2 });
    const metrics = await call('GET', '/admin/metrics', undefined, TOKEN);
    expect(metrics.text).toContain('cachet_hits_total{provider="default",class="UserService",method="getUser"} 1');
    const deleted = JSON.parse((await call('POST', '/admin/delete?namespace=users', JSON.stringify({ key: 'user:1' }), TOKEN)).text);
    expect(deleted.removed).toBe(1);
    expect((await call('GET', '/admin/health', undefined, TOKEN)).status).toBe(200);
  });

  it('applies the per-method override of cache.yaml', async () => {
    await call('GET', '/users');
    expect(app.cache.stats().methods['UserService.listUsers']).toMatchObject({ misses: 1, loads: 1 });
    expect(await app.cache.has('users:list')).toBe(true);
  });
});
