import 'reflect-metadata';
import type { CacheProvider } from '../provider/cache-provider';
import { internalsOf } from '../provider/provider-internals';
import type { ProviderRuntime } from '../provider/provider-runtime';
import { finishMethodDecorator, readMethodTarget, type AnyMethod, type MethodDecoratorFn } from '../decorators/decorator-target';
import { OptionsValidator } from '../decorators/validate-options';
import type { ResolvedResource } from './cache-resource.decorator';
import type { InvalidatesResourceOptions } from './resource-options';
import { ResourceSite, resourceOfSite } from './resource-site';
import type { MethodSite } from '../decorators/method-site';
import { mutationTags } from './mutation-tags';
import { modelTag } from './resource-tags';

const KNOWN = ['ids', 'created', 'deleted', 'queries', 'parents', 'cascade', 'provider'] as const;

interface MutationPlan {
  readonly runtime: ProviderRuntime;
  readonly enabled: boolean;
  readonly method: string;
  readonly resource: ResolvedResource;
}

/**
 * Marks a create, update, delete or batch update of the class's resource.
 * After the method resolves, the entries it affected are invalidated (see
 * `mutationTags` for the exact rules): the changed records, the resource's
 * queries for creates and deletes, the parents' relations it lists. Nothing
 * is invalidated when the method throws; the error propagates unchanged. An
 * invalidation the store fails is logged and counted, like `@CacheEvict`'s.
 *
 * @example @InvalidatesResource({ created: true, parents: (args, order: Order) => [['user', order.userId]] })
 */
export function InvalidatesResource<Args extends unknown[] = unknown[], Result = unknown>(options: InvalidatesResourceOptions<Args, Result> = {}): MethodDecoratorFn {
  return ((...decoratorArgs: unknown[]) => {
    const target = readMethodTarget('@InvalidatesResource', decoratorArgs);
    const where = `@InvalidatesResource on ${target.declaringClass ? `${target.declaringClass.name}.` : ''}${target.methodName}`;
    const opts = options as InvalidatesResourceOptions;
    new OptionsValidator(opts, where).known(KNOWN).fn('ids').boolean('created').boolean('deleted').boolean('queries').fn('parents').fn('cascade').nonEmptyString('provider');
    const site: ResourceSite<MutationPlan> = new ResourceSite<MutationPlan>('@InvalidatesResource', target, opts.provider, buildPlan);
    const original = target.method;

    const wrapper = async function invalidatesResource(this: unknown, ...args: unknown[]): Promise<unknown> {
      // Resolved before the method runs: a missing provider or @CacheResource must fail before the write, not after it.
      const plan = site.planFor(this);
      const result = await original.apply(this, args);
      if (plan.enabled) await invalidate(plan, tagsOf(plan, opts, args, result, site.where));
      return result;
    } as AnyMethod;
    return finishMethodDecorator(decoratorArgs, site, wrapper, original);
  }) as MethodDecoratorFn;
}

function buildPlan(site: MethodSite<MutationPlan>, provider: CacheProvider): MutationPlan {
  const { runtime } = internalsOf(provider);
  return { runtime, enabled: runtime.options.enabled, method: site.methodId, resource: resourceOfSite(site) };
}

/** The tags to drop; when the options' functions fail, the whole model, with the failure reported. */
function tagsOf(plan: MutationPlan, options: InvalidatesResourceOptions, args: unknown[], result: unknown, where: string): string[] {
  try {
    return mutationTags(plan.resource, options, args, result, where);
  } catch (error) {
    // The write has happened: failing the call now would hide that. Dropping the whole model keeps reads correct.
    plan.runtime.reportError('resource-tags', error, undefined, plan.method);
    return [modelTag(plan.resource.name)];
  }
}

async function invalidate(plan: MutationPlan, relativeTags: readonly string[]): Promise<void> {
  const { runtime } = plan;
  const prefix = runtime.prefix();
  const tags = relativeTags.map((tag) => prefix + tag);
  const work = async (): Promise<number> => {
    const count = await runtime.tags.invalidate(runtime.store, tags);
    await runtime.store.onTagsInvalidated?.(tags);
    return count;
  };
  // The management deadline, as for @CacheEvict: completing the invalidation is what keeps readers off stale rows.
  await runtime.guard('invalidate', work(), 0, undefined, plan, runtime.options.operationTimeout);
}
