import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import Fastify from 'fastify';
import { CacheModule, createAdminHandler } from '@cachet/core';
import { MemoryStore } from '@cachet/stores';

/**
 * The admin handler mounted the way Express and Fastify users mount a node:http
 * handler, driven with real HTTP requests.
 */
const TOKEN = 'framework-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

afterEach(() => CacheModule.reset());

async function seed(): Promise<void> {
  const cache = CacheModule.configure({ store: new MemoryStore({ maxEntries: 100 }), namespace: 'app' });
  await cache.set('users:user:1', { secret: 'value' }, { tags: ['users'] });
  await cache.set('users:user:2', { secret: 'value' }, { tags: ['users'] });
}

async function exercise(base: string): Promise<void> {
  expect((await fetch(`${base}/stats`)).status).toBe(401);
  expect((await fetch(`${base}/stats`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(403);
  const tags = await fetch(`${base}/tags/users/keys`, { headers: auth });
  expect(tags.status).toBe(200);
  const listed = await tags.text();
  expect(listed).toContain('users:user:1');
  expect(listed).not.toContain('secret');
  const invalidated = await fetch(`${base}/invalidate`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ tags: ['users'] }) });
  expect(invalidated.status).toBe(200);
  expect(await CacheModule.get().has('users:user:1')).toBe(false);
  const malformed = await fetch(`${base}/delete`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"key": ' });
  expect(malformed.status).toBe(400);
  expect((await fetch(`${base}/nope`, { headers: auth })).status).toBe(404);
}

describe('createAdminHandler in frameworks', () => {
  it('mounts in Express under /admin (with express.json() parsing bodies first, or not)', async () => {
    await seed();
    for (const parseJson of [true, false]) {
      const app = express();
      if (parseJson) app.use(express.json());
      const handler = createAdminHandler({ token: TOKEN });
      app.use('/admin', (req, res) => void handler(req, res));
      const server: Server = await new Promise((resolve) => {
        const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
      });
      try {
        await exercise(`http://127.0.0.1:${(server.address() as AddressInfo).port}/admin`);
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      await seed();
    }
  });

  it('mounts in Fastify through the raw request and response', async () => {
    await seed();
    const app = Fastify();
    const handler = createAdminHandler({ token: TOKEN, basePath: '/admin' });
    // In its own scope, so the rest of the app keeps Fastify's body parsers: here the handler reads the raw body itself.
    await app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
      scope.all('/admin/*', (request, reply) => {
        reply.hijack();
        void handler(request.raw, reply.raw);
      });
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      await exercise(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/admin`);
    } finally {
      await app.close();
    }
  });
});
