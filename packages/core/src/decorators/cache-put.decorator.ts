import 'reflect-metadata';
import { CACHE_PUT_METADATA } from '../metadata/metadata-keys';
import type { WriteToken } from '../contracts/tag-index';
import type { CachePutOptions } from './decorator-options';
import { finishMethodDecorator, readMethodTarget, type AnyMethod, type MethodDecoratorFn } from './decorator-target';
import { compileKey } from './key-builder';
import { MethodCall } from './method-call';
import { MethodSite } from './method-site';
import { buildWritePlan, type WritePlan } from './write-plan';
import { validateWriteOptions } from './write-options';
import { invokeAsPromise } from './invoke';

/**
 * Always runs the method and stores its result under the key (same options as
 * `@Cached`). Use it on writes that return the new state, with a key matching
 * the `@Cached` reader's, e.g. `@CachePut({ key: 'user:{0.id}' })`.
 */
export function CachePut<Args extends unknown[] = unknown[], Result = unknown>(options: CachePutOptions<Args, Result> = {}): MethodDecoratorFn {
  return ((...decoratorArgs: unknown[]) => {
    const target = readMethodTarget('@CachePut', decoratorArgs);
    const where = `@CachePut on ${target.declaringClass ? `${target.declaringClass.name}.` : ''}${target.methodName}`;
    const opts = options as CachePutOptions;
    validateWriteOptions(opts, where);
    const buildKey = compileKey(opts.key, target.method, target.methodName, where);
    const site = new MethodSite<WritePlan>('@CachePut', target, opts.provider, (s, provider) => buildWritePlan(s, provider, opts, buildKey));
    const original = target.method;

    const wrapper = async function cachePut(this: unknown, ...args: unknown[]): Promise<unknown> {
      const plan = site.planFor(this);
      if (!plan.enabled || (plan.condition !== undefined && !plan.condition.apply(this, args))) return invokeAsPromise(original, this, args);
      const prefix = plan.runtime.prefix();
      const key = prefix + plan.keyOf(this, args);
      const call = new MethodCall(plan, original, this, args, prefix);
      // Taken before the method runs, so an eviction that completes meanwhile wins over this write.
      const token = await plan.runtime.guard<WriteToken | undefined>('begin', Promise.resolve(plan.runtime.tags.begin()), undefined, key, call);
      const started = performance.now();
      const value = await call.load();
      plan.counters.recordLoad(performance.now() - started);
      if (!call.unless(value) && token !== undefined) await plan.runtime.writeEntry(key, value, call, token);
      return value;
    } as AnyMethod;
    return finishMethodDecorator(decoratorArgs, site, wrapper, original, [CACHE_PUT_METADATA, opts]);
  }) as MethodDecoratorFn;
}
