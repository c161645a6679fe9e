import { randomBytes } from 'node:crypto';
import { createApp } from './app';

/**
 * Starts the example service: `npm run build && npm run start -w examples/http-service`.
 * PORT (default 3000), CACHE_ADMIN_TOKEN (default: a random token, printed).
 */
const port = Number(process.env.PORT ?? 3000);
const adminToken = process.env.CACHE_ADMIN_TOKEN ?? randomBytes(24).toString('hex');
const app = createApp({ adminToken });

app.server.listen(port, '127.0.0.1', async () => {
  const base = `http://127.0.0.1:${port}`;
  const health = await app.cache.health();
  console.log(`cachet example service on ${base} (cache store: ${health.stores.map((s) => s.name).join(', ')}, ok: ${health.ok})`);
  console.log(`  curl ${base}/users/1                      # cached read`);
  console.log(`  curl -X PUT -d '{"name":"Anna"}' ${base}/users/1   # write + user.updated invalidation`);
  console.log(`  curl -H 'Authorization: Bearer ${process.env.CACHE_ADMIN_TOKEN ? '$CACHE_ADMIN_TOKEN' : adminToken}' ${base}/admin/stats`);
  console.log('  Ctrl-C to stop');
});

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: closing the server and the cache`);
  try {
    await app.close();
    process.exit(0);
  } catch (error) {
    console.error('shutdown failed', error);
    process.exit(1);
  }
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
