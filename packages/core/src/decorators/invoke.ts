/** Runs a method and returns a Promise of its result, turning a synchronous throw into a rejection. */
export function invokeAsPromise(method: (this: unknown, ...args: unknown[]) => unknown, thisArg: unknown, args: unknown[]): Promise<unknown> {
  try {
    return Promise.resolve(method.apply(thisArg, args));
  } catch (error) {
    return Promise.reject(error);
  }
}
