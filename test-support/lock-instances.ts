import { join } from 'node:path';
import { assertPackagesBuilt, forkIpcInstance, type IpcInstance } from './ipc-instance';

/** One forked instance of test-support/lock-child.js, driven over IPC. */
export interface LockInstance extends IpcInstance {
  /** Resolves when the child reports that its loader started (message id -1). */
  loading(): Promise<void>;
}

/** Forks instances of lock-child.js (which load the built packages: run `npm run build` first). */
export async function startLockInstances(count: number, env: Record<string, string>): Promise<LockInstance[]> {
  assertPackagesBuilt();
  return Promise.all(Array.from({ length: count }, (_, i) => startOne(`${env.LOCK_NAME}-${i}`, env)));
}

async function startOne(name: string, env: Record<string, string>): Promise<LockInstance> {
  const loadingWaiters: Array<() => void> = [];
  let loadingSeen = false;
  // Message id -1 is the child's "my loader started".
  const instance = await forkIpcInstance(join(__dirname, 'lock-child.js'), name, { ...env, LOCK_NAME: name }, (reply) => {
    if (reply.id !== -1) return;
    loadingSeen = true;
    loadingWaiters.splice(0).forEach((wake) => wake());
  });
  return {
    ...instance,
    loading: () => (loadingSeen ? Promise.resolve() : new Promise<void>((resolve) => loadingWaiters.push(resolve))),
  };
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
