/** Which decorator mode this file was compiled in: legacy decorators get 3 arguments, TC39 ones 2. */
function probe(...args: unknown[]): void {
  seen = args.length === 3 ? 'legacy' : 'tc39';
}
let seen: 'legacy' | 'tc39' | undefined;

class Probe {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  @(probe as any)
  method(): void {}
}
void Probe;

export const DECORATOR_MODE = seen as 'legacy' | 'tc39';
