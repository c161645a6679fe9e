import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** A message a child sends: a reply to call `id`, or (negative ids) an event of its own. */
export interface ChildReply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

/** One forked test process driven over IPC: `call` sends `{ id, cmd, args }` and awaits the reply with that id. */
export interface IpcInstance {
  readonly name: string;
  readonly child: ChildProcess;
  /** Runs a command in the child; rejects with the child's error. */
  call<T = unknown>(cmd: string, args?: unknown): Promise<T>;
  /** Resolves with the exit code when the process ends (null when killed by a signal). */
  readonly exited: Promise<number | null>;
}

/** Children load the built packages (dist/): `npm test` builds first; a bare `jest` run needs `npm run build`. */
export function assertPackagesBuilt(): void {
  for (const pkg of ['core', 'tags', 'stores']) {
    if (!existsSync(join(ROOT, 'packages', pkg, 'dist', 'index.js'))) throw new Error(`packages/${pkg}/dist is missing: run \`npm run build\` (npm test does it first).`);
  }
}

/**
 * Forks `script` with `env` and resolves once it reports "started" (reply id
 * 0). Messages with other ids that no call waits for go to `onEvent`. Calls
 * still waiting when the child exits are rejected.
 */
export function forkIpcInstance(script: string, name: string, env: Record<string, string>, onEvent?: (reply: ChildReply) => void): Promise<IpcInstance> {
  const child = fork(script, [], { cwd: ROOT, execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...env } });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then((code) => {
    for (const { reject } of pending.values()) reject(new Error(`${name} exited (code ${code}) before answering`));
    pending.clear();
  });
  child.on('message', (reply: ChildReply) => {
    const waiter = pending.get(reply.id);
    if (!waiter) return onEvent?.(reply);
    pending.delete(reply.id);
    if (reply.ok) waiter.resolve(reply.result);
    else waiter.reject(new Error(reply.error));
  });
  const instance: IpcInstance = {
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
  // Message id 0 is the child's "started".
  return new Promise((resolve, reject) => pending.set(0, { resolve: () => resolve(instance), reject }));
}
