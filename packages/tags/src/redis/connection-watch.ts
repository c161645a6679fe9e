import type { RedisClient } from '../lua/script';

interface Watch {
  readonly listeners: Set<() => void>;
  readonly onReady: () => void;
  everReady: boolean;
  /** The one promise every command waiting for the first connection shares. */
  pending?: Promise<void>;
}

/**
 * One 'ready' listener per client, however many stores and indexes share it
 * (a listener each would trip Node's MaxListeners warning past ten), and the
 * memory of whether the client was ever ready.
 */
const watches = new WeakMap<RedisClient, Watch>();

/** What a {@link CommandGate} learns about its connection. */
export interface ConnectionWatch {
  /** True once the client has been ready at least once (so "not ready" now means the connection was lost). */
  readonly everReady: boolean;
  /** Resolves at the next 'ready' or 'end' of the client. */
  nextReady(): Promise<void>;
  /** Stops telling this watcher; the client's listener goes when the last watcher stops. */
  stop(): void;
}

/** Watches `client`'s connection; `onReady` runs after every (re)connect. */
export function watchConnection(client: RedisClient, onReady: () => void): ConnectionWatch {
  let watch = watches.get(client);
  if (watch === undefined) {
    const created: Watch = {
      listeners: new Set(),
      everReady: client.status === 'ready',
      onReady: () => {
        created.everReady = true;
        for (const listener of [...created.listeners]) listener();
      },
    };
    client.on('ready', created.onReady);
    watches.set(client, created);
    watch = created;
  }
  const current = watch;
  current.listeners.add(onReady);
  return {
    get everReady() {
      return current.everReady || client.status === 'ready';
    },
    nextReady: () =>
      (current.pending ??= new Promise<void>((resolve) => {
        const done = (): void => {
          current.listeners.delete(done);
          client.off('end', done);
          current.pending = undefined;
          resolve();
        };
        current.listeners.add(done);
        client.once('end', done);
      })),
    stop: () => {
      current.listeners.delete(onReady);
      if (current.listeners.size > 0) return;
      client.off('ready', current.onReady);
      watches.delete(client);
    },
  };
}
