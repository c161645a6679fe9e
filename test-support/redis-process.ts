import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import Redis from 'ioredis';

const HOST = '127.0.0.1';

/** A private redis-server on a free loopback port (never the shared 6379), for fault tests. */
export interface RedisProcess {
  readonly port: number;
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  /** The running server's pid (undefined while it is down). */
  readonly pid: number | undefined;
  /** Sends `signal` to the server (default SIGKILL) and waits for it to exit; resolves at once when it is down. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Kills the server if it runs, then starts a new one on the same port (no persistence: it starts empty) and waits for PING. */
  restart(): Promise<void>;
  /** SIGSTOP: the server keeps its sockets and data, and answers nothing. */
  pause(): void;
  /** SIGCONT after `pause()`. */
  resume(): void;
  /** Stops the server (SIGCONT, SIGTERM, SIGKILL after a grace period). Idempotent. */
  stop(): Promise<void>;
}

/** A port the OS reports free on loopback (never 6379). */
export async function freeLoopbackPort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, HOST, () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : -1));
      });
    });
    if (port > 0 && port !== 6379) return port;
  }
}

async function pingOnce(port: number): Promise<boolean> {
  const client = new Redis({ host: HOST, port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false, connectTimeout: 500 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitExit(child: ChildProcess): Promise<void> {
  if (exited(child)) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Every server started by this process, killed on exit if a test runner leaves without afterAll. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function trackExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) if (!exited(child)) child.kill('SIGKILL');
  });
}

/**
 * Starts `redis-server --port <free> --save '' --appendonly no --bind 127.0.0.1
 * --daemonize no` and waits until PING answers. Call `stop()` in `afterAll`.
 */
export async function startRedisProcess(): Promise<RedisProcess> {
  trackExit();
  const port = await freeLoopbackPort();
  let child: ChildProcess | undefined;
  let stopped = false;

  const spawnServer = async (): Promise<void> => {
    const started = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', HOST, '--daemonize', 'no'], { stdio: 'ignore' });
    child = started;
    running.add(started);
    started.once('exit', () => running.delete(started));
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (exited(started)) throw new Error(`redis-server on port ${port} exited at start (code ${started.exitCode}, signal ${started.signalCode})`);
      if (await pingOnce(port)) return;
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer PING within 10 s`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  const kill = async (signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => {
    const current = child;
    if (current === undefined || exited(current)) return;
    // A stopped process only acts on SIGKILL; let it run so it can handle SIGTERM.
    if (signal !== 'SIGKILL') current.kill('SIGCONT');
    current.kill(signal);
    await waitExit(current);
  };

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    const current = child;
    if (current === undefined || exited(current)) return;
    const timer = setTimeout(() => current.kill('SIGKILL'), 3_000);
    try {
      await kill('SIGTERM');
    } finally {
      clearTimeout(timer);
    }
  };

  try {
    await spawnServer();
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    port,
    url: `redis://${HOST}:${port}`,
    get pid() {
      return child !== undefined && !exited(child) ? child.pid : undefined;
    },
    kill,
    restart: async () => {
      if (stopped) throw new Error('restart() after stop()');
      await kill('SIGKILL');
      try {
        await spawnServer();
      } catch (error) {
        await stop();
        throw error;
      }
    },
    pause: () => {
      if (child !== undefined && !exited(child)) child.kill('SIGSTOP');
    },
    resume: () => {
      if (child !== undefined && !exited(child)) child.kill('SIGCONT');
    },
    stop,
  };
}
