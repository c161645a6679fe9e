/**
 * Settles like `pending`, or rejects with `onTimeout()` when `ms` pass first.
 *
 * When the timer fires, the rejection waits for one `setImmediate`: replies
 * already sitting in the socket are read in the event loop's poll phase,
 * which runs before it. So an event loop that was blocked (a GC pause, a busy
 * test runner) is not mistaken for a slow Redis. The timer is unref'd: a
 * pending deadline never keeps the process alive.
 */
export function withCommandDeadline<T>(pending: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      setImmediate(() => {
        if (settled) return;
        settled = true;
        reject(onTimeout());
      });
    }, ms);
    timer.unref();
    pending.then(
      (value) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
