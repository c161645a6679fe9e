import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { Ready, Reply, Request } from './protocol';

/** Longest wait for one answer of an instance: a hung instance fails the walkthrough instead of hanging it. */
const ANSWER_TIMEOUT_MS = 10_000;

/** A request before it is numbered (distributes over the union, so each op keeps its fields). */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type Question = WithoutId<Request>;

/**
 * One instance process (dist/instance.js, built by `npm run build`) and the
 * request / reply exchange with it over IPC.
 */
export class InstanceProcess {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    child.on('message', (message: Reply | Ready) => {
      if ('ready' in message) return;
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.error !== undefined) waiter?.reject(new Error(`${name}: ${message.error}`));
      else waiter?.resolve(message);
    });
    child.on('exit', (code) => {
      for (const waiter of this.waiting.values()) waiter.reject(new Error(`${name} exited (code ${code}) before answering`));
      this.waiting.clear();
    });
  }

  /** Starts an instance and resolves once its bus is up. */
  static start(name: string, env: Record<string, string>): Promise<InstanceProcess> {
    // Works from src (ts-jest) and from dist alike: the instance always runs compiled.
    const child = fork(resolve(__dirname, '../dist/instance.js'), [], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Promise((ready, fail) => {
      const timer = setTimeout(() => fail(new Error(`${name} did not start within ${ANSWER_TIMEOUT_MS} ms`)), ANSWER_TIMEOUT_MS);
      child.once('message', () => {
        clearTimeout(timer);
        ready(new InstanceProcess(name, child));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`${name} exited (code ${code}) while starting`));
      });
    });
  }

  ask(question: Question): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${this.name} gave no answer to ${question.op} within ${ANSWER_TIMEOUT_MS} ms`));
      }, ANSWER_TIMEOUT_MS);
      const settle = { resolve: (reply: Reply) => (clearTimeout(timer), resolve(reply)), reject: (error: Error) => (clearTimeout(timer), reject(error)) };
      this.waiting.set(id, settle);
      this.child.send({ ...question, id } as Request);
    });
  }

  /** Closes the instance's cache and connections, then waits for the process to end. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.ask({ op: 'close' }).catch(() => this.child.kill());
    await exited;
  }
}
