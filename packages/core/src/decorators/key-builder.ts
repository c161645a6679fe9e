import { CacheConfigError } from '../errors';
import { compileKeyTemplate } from '../keys/template';
import { parameterNames } from '../keys/param-names';
import type { KeyGenerator } from '../keys/key-generator';
import type { KeyOption } from './decorator-options';
import type { AnyMethod } from './decorator-target';

/** Builds the part of a key after the class namespace for one call. */
export type KeyBuilder = (thisArg: unknown, args: unknown[], className: string, generator: KeyGenerator) => string;

/**
 * Compiles a key option once, when the decorator is applied: a template is
 * parsed (unknown parameter names fail now, not on the first call), a function
 * is called with the method's `this`, and no key means the key generator.
 */
export function compileKey(key: KeyOption | undefined, method: AnyMethod, methodName: string, where: string): KeyBuilder {
  if (key === undefined) {
    return (thisArg, args, className, generator) => generator.generate({ className, methodName, args, instance: thisArg });
  }
  if (typeof key === 'function') {
    const fn = key as (this: unknown, ...args: unknown[]) => unknown;
    return (thisArg, args) => {
      const built = fn.apply(thisArg, args);
      if (typeof built !== 'string' || built.length === 0) throw new CacheConfigError(`${where}: the key function must return a non-empty string, got ${String(built)}.`);
      return built;
    };
  }
  const render = compileKeyTemplate(key, parameterNames(method), where);
  return (_thisArg, args) => render(args);
}
