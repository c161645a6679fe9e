import { join } from 'node:path';
import { assertPackagesBuilt, forkIpcInstance, type IpcInstance } from './ipc-instance';
const CHILD = join(__dirname, 'tiered-child.js');

/** One forked application instance (see tiered-child.js), driven over IPC. */
export type TieredInstance = IpcInstance;

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

/**
 * Forks `count` instances and waits until each has started. The children
 * load the built packages (dist/), so run `npm run build` first (`npm test`
 * does).
 */
export async function startInstances(count: number, setup: InstanceSetup): Promise<TieredInstance[]> {
  assertPackagesBuilt();
  return Promise.all(Array.from({ length: count }, (_, i) => startOne(`${setup.nameStem}-${i}`, setup)));
}

function startOne(name: string, setup: InstanceSetup): Promise<TieredInstance> {
  return forkIpcInstance(CHILD, name, { TIERED_REDIS_URL: setup.redisUrl, TIERED_PREFIX: setup.prefix, TIERED_DB_PREFIX: setup.dbPrefix, TIERED_NAME: name });
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
