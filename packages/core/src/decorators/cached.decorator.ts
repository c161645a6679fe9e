import 'reflect-metadata';
import { CACHED_METADATA } from '../metadata/metadata-keys';
import type { CachedOptions } from './decorator-options';
import { finishMethodDecorator, readMethodTarget, type AnyMethod, type MethodDecoratorFn } from './decorator-target';
import { compileKey } from './key-builder';
import { cachedCall, cachedCallWithOne } from './cached-call';
import { MethodSite } from './method-site';
import { buildWritePlan, type WritePlan } from './write-plan';
import { validateWriteOptions } from './write-options';

/**
 * Caches what the method resolves to. On a hit the method does not run; on a
 * miss it runs once per key however many callers wait (single-flight), and its
 * result is stored unless `unless` says not to. Errors are never cached.
 *
 * A decorated method always returns a Promise, even when the method is
 * synchronous, so callers see one behaviour whether the value came from memory,
 * Redis or the method.
 */
export function Cached<Args extends unknown[] = unknown[], Result = unknown>(options: CachedOptions<Args, Result> = {}): MethodDecoratorFn {
  return ((...decoratorArgs: unknown[]) => {
    const target = readMethodTarget('@Cached', decoratorArgs);
    const where = `@Cached on ${target.declaringClass ? `${target.declaringClass.name}.` : ''}${target.methodName}`;
    const opts = options as CachedOptions;
    validateWriteOptions(opts, where);
    const buildKey = compileKey(opts.key, target.method, target.methodName, where);
    const site = new MethodSite<WritePlan>('@Cached', target, opts.provider, (s, provider) => buildWritePlan(s, provider, opts, buildKey));
    const original = target.method;

    // `arguments` rather than a rest parameter: a one-argument hit then allocates no array (V8 reads
    // `arguments.length` and `arguments[0]` without building the object when the function is optimized).
    const wrapper = function cached(this: unknown): Promise<unknown> {
      // eslint-disable-next-line prefer-rest-params
      if (arguments.length === 1) return cachedCallWithOne(site, original, this, arguments[0]);
      // eslint-disable-next-line prefer-rest-params
      return cachedCall(site, original, this, Array.prototype.slice.call(arguments) as unknown[]);
    } as AnyMethod;
    return finishMethodDecorator(decoratorArgs, site, wrapper, original, [CACHED_METADATA, opts]);
  }) as MethodDecoratorFn;
}
