import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** One forked instance of test-support/lock-child.js, driven over IPC. */
export interface LockInstance {
  readonly name: string;
  readonly child: ChildProcess;
  call<T = unknown>(cmd: string, args?: unknown): Promise<T>;
  /** Resolves when the child reports that its loader started (message id -1). */
  loading(): Promise<void>;
  readonly exited: Promise<number | null>;
}

/** Forks instances of lock-child.js (which load the built packages: run `npm run build` first). */
export async function startLockInstances(count: number, env: Record<string, string>): Promise<LockInstance[]> {
  for (const pkg of ['core', 'tags', 'stores']) {
    if (!existsSync(join(ROOT, 'packages', pkg, 'dist', 'index.js'))) throw new Error(`packages/${pkg}/dist is missing: run \`npm run build\` (npm test does it first).`);
  }
  return Promise.all(Array.from({ length: count }, (_, i) => startOne(`${env.LOCK_NAME}-${i}`, env)));
}

function startOne(name: string, env: Record<string, string>): Promise<LockInstance> {
  const child = fork(join(__dirname, 'lock-child.js'), [], { cwd: ROOT, execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...env, LOCK_NAME: name } });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const loadingWaiters: Array<() => void> = [];
  let loadingSeen = false;
  let nextId = 1;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then((code) => {
    for (const { reject } of pending.values()) reject(new Error(`${name} exited (code ${code}) before answering`));
    pending.clear();
  });
  child.on('message', (reply: { id: number; ok: boolean; result?: unknown; error?: string }) => {
    if (reply.id === -1) {
      loadingSeen = true;
      loadingWaiters.splice(0).forEach((wake) => wake());
      return;
    }
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (reply.ok) waiter.resolve(reply.result);
    else waiter.reject(new Error(reply.error));
  });
  const instance: LockInstance = {
    name,
    child,
    exited,
    call: <T>(cmd: string, args?: unknown) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, cmd, args });
      }),
    loading: () => (loadingSeen ? Promise.resolve() : new Promise<void>((resolve) => loadingWaiters.push(resolve))),
  };
  return new Promise((resolve, reject) => pending.set(0, { resolve: () => resolve(instance), reject }));
}

/** Stops every live instance (SIGKILL after `timeoutMs`). */
export async function stopLockInstances(instances: readonly LockInstance[], timeoutMs = 5_000): Promise<void> {
  await Promise.all(
    instances.map(async (instance) => {
      if (instance.child.exitCode !== null || instance.child.signalCode !== null) return;
      await instance.call('stop').catch((error: unknown) => console.warn(`${instance.name}: stop failed: ${String(error)}`));
      const timer = setTimeout(() => instance.child.kill('SIGKILL'), timeoutMs);
      await instance.exited;
      clearTimeout(timer);
    }),
  );
}
