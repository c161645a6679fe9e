import { spawn, execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Redis, { Cluster } from 'ioredis';

const execFileAsync = promisify(execFile);
const HOST = '127.0.0.1';

/** A running throw-away Redis Cluster on loopback ports. */
export interface RedisClusterHarness {
  /** Every node, masters first as created. */
  readonly nodes: ReadonlyArray<{ host: string; port: number }>;
  /** A new ioredis Cluster client (the caller quits it). */
  connect(): Cluster;
  /** SIGTERM, then SIGKILL after a grace period, every process; removes the temp dir. Idempotent. */
  stop(): Promise<void>;
}

/** A port the OS reports free, whose cluster bus port (port + 10000) is free too. */
async function freePort(taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await listenOnce(0);
    if (port + 10_000 > 65_535 || taken.has(port) || taken.has(port + 10_000)) continue;
    // The bus port must also be bindable, or redis-server fails to start.
    if ((await listenOnce(port + 10_000).catch(() => -1)) < 0) continue;
    taken.add(port).add(port + 10_000);
    return port;
  }
  throw new Error('could not find a free loopback port pair for a Redis Cluster node');
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, HOST, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : -1));
    });
  });
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function onNode<T>(port: number, fn: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis({ host: HOST, port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    return await fn(client);
  } finally {
    client.disconnect();
  }
}

function stopProcess(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts `count` redis-server processes in cluster mode (3 masters + 3
 * replicas by default) on free loopback ports in a temp dir, creates the
 * cluster with `redis-cli --cluster create`, and waits for `cluster_state:ok`
 * on every node. On any failure everything started so far is stopped.
 */
export async function startRedisCluster(count = 6, replicas = 1): Promise<RedisClusterHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'cachet-cluster-'));
  const children: ChildProcess[] = [];
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await Promise.all(children.map((child) => stopProcess(child, 3_000)));
    rmSync(dir, { recursive: true, force: true });
  };
  // A test runner that exits without afterAll must not leave servers behind.
  const onExit = (): void => children.forEach((child) => child.exitCode === null && child.kill('SIGKILL'));
  process.once('exit', onExit);
  try {
    const taken = new Set<number>();
    const ports: number[] = [];
    for (let i = 0; i < count; i++) ports.push(await freePort(taken));
    for (const port of ports) {
      const child = spawn('redis-server', [
        '--port', String(port), '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`),
        '--dir', dir, '--save', '', '--appendonly', 'no', '--bind', HOST, '--daemonize', 'no', '--cluster-node-timeout', '5000',
      ], { stdio: 'ignore' });
      children.push(child);
    }
    await Promise.all(ports.map((port) => waitFor(`redis-server on ${port}`, () => onNode(port, async (c) => (await c.ping()) === 'PONG'))));
    await execFileAsync('redis-cli', ['--cluster', 'create', ...ports.map((p) => `${HOST}:${p}`), '--cluster-replicas', String(replicas), '--cluster-yes'], { timeout: 30_000 });
    await Promise.all(ports.map((port) => waitFor(`cluster_state:ok on ${port}`, () => onNode(port, async (c) => (await c.cluster('INFO')).includes('cluster_state:ok')))));
    const nodes = ports.map((port) => ({ host: HOST, port }));
    return {
      nodes,
      connect: () => new Cluster(nodes, { redisOptions: { maxRetriesPerRequest: 2 } }),
      stop: async () => {
        process.removeListener('exit', onExit);
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A cluster started for one test file, and a client connected to it. */
export interface RedisClusterTestHarness {
  /** The cluster client (available from `beforeAll` on). */
  readonly client: Cluster;
}

/**
 * Registers jest hooks that start a private 6-node cluster before the file's
 * tests and stop every server after them, even when the client or a test failed.
 */
export function useRedisCluster(): RedisClusterTestHarness {
  let harness: RedisClusterHarness | undefined;
  let client: Cluster | undefined;
  beforeAll(async () => {
    harness = await startRedisCluster();
    client = harness.connect();
  });
  afterAll(async () => {
    try {
      await client?.quit();
    } finally {
      await harness?.stop();
    }
  });
  return {
    get client(): Cluster {
      if (client === undefined) throw new Error('useRedisCluster: the client is available from beforeAll on');
      return client;
    },
  };
}
