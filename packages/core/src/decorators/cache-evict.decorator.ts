import 'reflect-metadata';
import { CACHE_EVICT_METADATA } from '../metadata/metadata-keys';
import { CacheConfigError } from '../errors';
import { escapeGlob } from '../keys/glob';
import type { CacheProvider } from '../provider/cache-provider';
import { internalsOf } from '../provider/provider-internals';
import type { ProviderRuntime } from '../provider/provider-runtime';
import type { CacheEvictOptions, KeyOption } from './decorator-options';
import { finishMethodDecorator, readMethodTarget, type AnyMethod, type MethodDecoratorFn } from './decorator-target';
import { compileKey, type KeyBuilder } from './key-builder';
import { MethodSite } from './method-site';
import { OptionsValidator } from './validate-options';

type Fn = (this: unknown, ...args: unknown[]) => unknown;

const KNOWN = ['keys', 'tags', 'allEntries', 'beforeInvocation', 'provider'] as const;

interface EvictPlan {
  readonly runtime: ProviderRuntime;
  readonly enabled: boolean;
  readonly method: string;
  readonly namespace: string;
}

/**
 * Deletes entries when the method succeeds (or before it runs, with
 * `beforeInvocation: true`): `keys` (templates over this method's arguments,
 * same syntax as `@Cached`), `tags`, or `allEntries` of the class namespace.
 * If the method throws, nothing is evicted (unless before invocation) and the
 * error propagates unchanged. An eviction the store fails is logged and
 * counted; it never fails the call.
 */
export function CacheEvict<Args extends unknown[] = unknown[]>(options: CacheEvictOptions<Args>): MethodDecoratorFn {
  return ((...decoratorArgs: unknown[]) => {
    const target = readMethodTarget('@CacheEvict', decoratorArgs);
    const where = `@CacheEvict on ${target.declaringClass ? `${target.declaringClass.name}.` : ''}${target.methodName}`;
    const opts = (options ?? {}) as CacheEvictOptions;
    new OptionsValidator(opts, where).known(KNOWN).stringsOrFn('tags').boolean('allEntries').boolean('beforeInvocation').nonEmptyString('provider');
    if (opts.keys === undefined && opts.tags === undefined && opts.allEntries !== true) {
      throw new CacheConfigError(`${where}: say what to evict with keys, tags or allEntries: true.`);
    }
    const keyBuilders = compileKeys(opts.keys, target.method, target.methodName, where);
    const site = new MethodSite<EvictPlan>('@CacheEvict', target, opts.provider, buildPlan);
    const original = target.method;

    const evict = async (plan: EvictPlan, thisArg: unknown, args: unknown[]): Promise<void> => {
      const { runtime } = plan;
      const prefix = runtime.prefix();
      const className = site.cls.name;
      const generator = runtime.options.keyGenerator;
      const keys = keyBuilders === undefined ? [] : keyBuilders(thisArg, args, className, generator).map((key) => `${prefix}${plan.namespace}:${key}`);
      const tags = opts.tags === undefined ? [] : (typeof opts.tags === 'function' ? listOf((opts.tags as Fn).apply(thisArg, args), where) : opts.tags).map((tag) => prefix + tag);
      // Evictions get the management deadline: their completion is what keeps readers from stale data.
      const deadline = runtime.options.operationTimeout;
      const work: Array<Promise<unknown>> = [];
      if (keys.length > 0) work.push(runtime.guard('delete', runtime.tags.delete(runtime.store, keys), 0, keys[0], plan, deadline));
      if (tags.length > 0) {
        work.push(
          runtime
            .guard('invalidate', runtime.tags.invalidate(runtime.store, tags), 0, undefined, plan, deadline)
            .then(() => runtime.store.onTagsInvalidated?.(tags)),
        );
      }
      if (opts.allEntries === true) {
        work.push(runtime.guard('revoke', runtime.tags.revoke(runtime.store, `${escapeGlob(prefix + plan.namespace)}:*`), 0, undefined, plan, deadline));
      }
      await Promise.all(work);
    };

    const wrapper = async function cacheEvict(this: unknown, ...args: unknown[]): Promise<unknown> {
      const plan = site.planFor(this);
      if (!plan.enabled) return original.apply(this, args);
      if (opts.beforeInvocation === true) await evict(plan, this, args);
      const result = await original.apply(this, args);
      if (opts.beforeInvocation !== true) await evict(plan, this, args);
      return result;
    } as AnyMethod;
    return finishMethodDecorator(decoratorArgs, site, wrapper, original, [CACHE_EVICT_METADATA, opts]);
  }) as MethodDecoratorFn;
}

function buildPlan(site: MethodSite<EvictPlan>, provider: CacheProvider): EvictPlan {
  const { runtime } = internalsOf(provider);
  return {
    runtime,
    enabled: runtime.options.enabled,
    method: site.methodId,
    namespace: site.classConfig.namespace ?? site.cls.name,
  };
}

/** Compiles `keys` into one builder returning every key of a call. */
function compileKeys(keys: CacheEvictOptions['keys'], method: AnyMethod, methodName: string, where: string): ((thisArg: unknown, args: unknown[], className: string, generator: Parameters<KeyBuilder>[3]) => string[]) | undefined {
  if (keys === undefined) return undefined;
  if (typeof keys === 'function') {
    const fn = keys as Fn;
    return (thisArg, args) => listOf(fn.apply(thisArg, args), where);
  }
  if (!Array.isArray(keys) || keys.length === 0) throw new CacheConfigError(`${where}: keys must be a non-empty array of key templates/functions, or a function returning keys.`);
  const builders = (keys as ReadonlyArray<KeyOption>).map((key) => {
    if (typeof key !== 'function' && (typeof key !== 'string' || key.length === 0)) throw new CacheConfigError(`${where}: every key must be a non-empty template string or a function, got ${String(key)}.`);
    return compileKey(key, method, methodName, where);
  });
  return (thisArg, args, className, generator) => builders.map((build) => build(thisArg, args, className, generator));
}

function listOf(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item.length === 0)) {
    throw new CacheConfigError(`${where}: a keys/tags function must return an array of non-empty strings, got ${JSON.stringify(value)}.`);
  }
  return value as string[];
}
