import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const CHILD = join(__dirname, 'tiered-child.js');

/** One forked application instance (see tiered-child.js), driven over IPC. */
export interface TieredInstance {
  readonly name: string;
  readonly child: ChildProcess;
  /** Runs a command in the child; rejects with the child's error. */
  call<T = unknown>(cmd: string, args?: unknown): Promise<T>;
  /** Resolves with the exit code when the process ends (null when killed by a signal). */
  readonly exited: Promise<number | null>;
}

/** Where the instances keep their cache and their "database". */
export interface InstanceSetup {
  readonly redisUrl: string;
  /** RedisStore prefix, shared by every instance (so is the bus channel `<prefix>~bus`). */
  readonly prefix: string;
  /** Prefix of the "database" keys the loaders read. */
  readonly dbPrefix: string;
  /** Connection name stem; instance i is `<stem>-<i>`. */
  readonly nameStem: string;
}

interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

/**
 * Forks `count` instances and waits until each has started. The children
 * load the built packages (dist/), so run `npm run build` first (`npm test`
 * does).
 */
export async function startInstances(count: number, setup: InstanceSetup): Promise<TieredInstance[]> {
  for (const pkg of ['core', 'tags', 'stores']) {
    if (!existsSync(join(ROOT, 'packages', pkg, 'dist', 'index.js'))) throw new Error(`packages/${pkg}/dist is missing: run \`npm run build\` (npm test does it first).`);
  }
  return Promise.all(Array.from({ length: count }, (_, i) => startOne(`${setup.nameStem}-${i}`, setup)));
}

function startOne(name: string, setup: InstanceSetup): Promise<TieredInstance> {
  const child = fork(CHILD, [], {
    cwd: ROOT,
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, TIERED_REDIS_URL: setup.redisUrl, TIERED_PREFIX: setup.prefix, TIERED_DB_PREFIX: setup.dbPrefix, TIERED_NAME: name },
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then((code) => {
    for (const { reject } of pending.values()) reject(new Error(`${name} exited (code ${code}) before answering`));
    pending.clear();
  });
  child.on('message', (reply: Reply) => {
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (reply.ok) waiter.resolve(reply.result);
    else waiter.reject(new Error(reply.error));
  });
  const instance: TieredInstance = {
    name,
    child,
    exited,
    call: <T>(cmd: string, args?: unknown) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, cmd, args });
      }),
  };
  return new Promise((resolve, reject) => {
    // Message id 0 is the child's "started".
    pending.set(0, { resolve: () => resolve(instance), reject });
  });
}

/**
 * Asks every instance to close its provider and client, then waits for each
 * process to exit by itself (a timer or socket left open would keep it
 * alive). Kills whatever is still running after `timeoutMs`. Resolves to the
 * names of the instances that had to be killed.
 */
export async function stopInstances(instances: readonly TieredInstance[], timeoutMs = 5_000): Promise<string[]> {
  const killed: string[] = [];
  await Promise.all(
    instances.map(async (instance) => {
      if (instance.child.exitCode !== null || instance.child.signalCode !== null) return;
      // A child that cannot stop cleanly is killed below; say why.
      await instance.call('stop').catch((error: unknown) => console.warn(`${instance.name}: stop failed: ${String(error)}`));
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
      if ((await Promise.race([instance.exited, late])) === 'late') {
        killed.push(instance.name);
        instance.child.kill('SIGKILL');
        await instance.exited;
      }
      clearTimeout(timer);
    }),
  );
  return killed;
}
