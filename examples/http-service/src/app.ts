import 'reflect-metadata';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { CacheModule, createAdminHandler, registerMetrics, type CacheProvider } from '@cachet/core';
import { fromConfig } from '@cachet/stores';
import { UserDatabase, UserService } from './user.service';

/** Options of {@link createApp}. */
export interface AppOptions {
  /** Token of the admin API under /admin (at least 16 characters). */
  adminToken: string;
  /** @default cache.yaml next to this example */
  configFile?: string;
  /** @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The running pieces, for main.ts and the tests. */
export interface App {
  server: Server;
  cache: CacheProvider;
  db: UserDatabase;
  /** Stops accepting requests, then closes the cache (and its Redis connection, if any). */
  close(): Promise<void>;
}

/** Configures the cache from YAML + environment and builds the HTTP server (not yet listening). */
export function createApp(options: AppOptions): App {
  const cache = CacheModule.configure(fromConfig({ file: options.configFile ?? join(__dirname, '..', 'cache.yaml'), env: options.env }));
  const registry = new Registry();
  registerMetrics(cache, registry);
  const admin = createAdminHandler({ token: options.adminToken, registry, basePath: '/admin' });
  const db = new UserDatabase();
  const users = new UserService(db);

  const server = createServer((req, res) => {
    if (req.url === '/admin' || req.url?.startsWith('/admin/')) {
      void admin(req, res);
      return;
    }
    route(req, res, users, cache).catch((error: unknown) => send(res, 500, { error: error instanceof Error ? error.message : String(error) }));
  });

  return {
    server,
    cache,
    db,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await CacheModule.reset();
    },
  };
}

async function route(req: IncomingMessage, res: ServerResponse, users: UserService, cache: CacheProvider): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const match = /^\/users\/([^/]+)$/.exec(url.pathname);
  if (req.method === 'GET' && url.pathname === '/users') return send(res, 200, await users.listUsers());
  if (req.method === 'GET' && match) {
    const user = await users.getUser(decodeURIComponent(match[1]));
    return user === undefined ? send(res, 404, { error: 'no such user' }) : send(res, 200, user);
  }
  if (req.method === 'PUT' && match) {
    const id = decodeURIComponent(match[1]);
    const body = JSON.parse(await readBody(req)) as { name?: unknown };
    if (typeof body.name !== 'string') return send(res, 400, { error: 'body needs { name }' });
    const user = await users.db.rename(id, body.name);
    if (user === undefined) return send(res, 404, { error: 'no such user' });
    // cache.yaml maps this event to the tags user:{id} and users:list.
    await cache.emit('user.updated', { id });
    return send(res, 200, user);
  }
  send(res, 404, { error: 'not found' });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > 10_000) reject(new Error('body too large'));
    });
    req.on('end', () => resolve(text || '{}'));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
