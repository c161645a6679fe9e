import { CacheConfigError } from '../errors';
import { compileKeyTemplate } from '../keys/template';
import { parameterNames } from '../keys/param-names';
import type { KeyGenerator } from '../keys/key-generator';
import type { KeyOption } from './decorator-options';
import type { AnyMethod } from './decorator-target';

/** Builds the part of a key after the class namespace for one call. */
export type KeyBuilder = ((thisArg: unknown, args: unknown[], className: string, generator: KeyGenerator) => string) & {
  /** True when the key depends on the arguments alone (a template, or the generator), never on `this`. */
  readonly pure: boolean;
};

/**
 * Compiles a key option once, when the decorator is applied: a template is
 * parsed (unknown parameter names fail now, not on the first call), a function
 * is called with the method's `this`, and no key means the key generator.
 */
export function compileKey(key: KeyOption | undefined, method: AnyMethod, methodName: string, where: string): KeyBuilder {
  if (key === undefined) {
    return Object.assign((thisArg: unknown, args: unknown[], className: string, generator: KeyGenerator) => generator.generate({ className, methodName, args, instance: thisArg }), { pure: true });
  }
  if (typeof key === 'function') {
    const fn = key as (this: unknown, ...args: unknown[]) => unknown;
    const build = (thisArg: unknown, args: unknown[]) => {
      const built = fn.apply(thisArg, args);
      if (typeof built !== 'string' || built.length === 0) throw new CacheConfigError(`${where}: the key function must return a non-empty string, got ${String(built)}.`);
      return built;
    };
    return Object.assign(build, { pure: false });
  }
  const render = compileKeyTemplate(key, parameterNames(method), where);
  return Object.assign((_thisArg: unknown, args: unknown[]) => render(args), { pure: true });
}
