import { startDeadline } from '@cachet/core';

/**
 * Settles like `pending`, or rejects with `onTimeout()` when `ms` pass first.
 *
 * When the deadline passes, the rejection waits for one `setImmediate`:
 * replies already sitting in the socket are read in the event loop's poll
 * phase, which runs before it. So an event loop that was blocked (a GC pause,
 * a busy test runner) is not mistaken for a slow Redis. The deadline is a
 * queued one (see `startDeadline`), never a timer that keeps the process alive.
 */
export function withCommandDeadline<T>(pending: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => raceCommandDeadline(pending, ms, resolve, reject, () => reject(onTimeout())));
}

/**
 * The callback form of {@link withCommandDeadline}, for callers that settle a
 * promise of their own (the command gate, on every command): exactly one of
 * `onValue`, `onError` and `onTimeout` runs, the last one `setImmediate` after
 * the deadline, as above.
 */
export function raceCommandDeadline<T>(pending: Promise<T>, ms: number, onValue: (value: T) => void, onError: (error: unknown) => void, onTimeout: () => void): void {
  let settled = false;
  const deadline = startDeadline(ms, () => {
    setImmediate(() => {
      if (settled) return;
      settled = true;
      onTimeout();
    });
  });
  pending.then(
    (value) => {
      if (settled) return;
      settled = true;
      deadline.settle();
      onValue(value);
    },
    (error: unknown) => {
      if (settled) return;
      settled = true;
      deadline.settle();
      onError(error);
    },
  );
}
