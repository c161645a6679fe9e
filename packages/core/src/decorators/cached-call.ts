import { invokeAsPromise } from './invoke';
import { MethodCall } from './method-call';
import type { WritePlan } from './write-plan';
import type { MethodSite } from './method-site';

type Method = (this: unknown, ...args: unknown[]) => unknown;

/**
 * A call with exactly one argument, the common case: with its key remembered,
 * a fresh in-process hit is answered before any argument list is built, and
 * anything else goes to the engine with that key (the store is not asked
 * twice). A key not remembered yet goes on as {@link cachedCall}.
 */
export function cachedCallWithOne(site: MethodSite<WritePlan>, original: Method, thisArg: unknown, arg: unknown): Promise<unknown> {
  try {
    const plan = site.planFor(thisArg);
    if (plan.enabled && plan.condition === undefined) {
      const key = plan.rememberedKey(arg);
      if (key !== undefined) return plan.engine.tryHit(key, plan, plan.resilience.earlyRefresh) ?? plan.engine.fetch(key, new MethodCall(plan, original, thisArg, [arg], plan.runtime.prefix()));
    }
  } catch (error) {
    return Promise.reject(error);
  }
  return cachedCall(site, original, thisArg, [arg]);
}

/**
 * One call of a read-through method (`@Cached`, and the resource readers):
 * pass through when caching is off for it, answer a fresh in-process hit
 * without allocating anything, and otherwise hand the engine a full call.
 * Never throws: provider, key and configuration errors become a rejected Promise.
 */
export function cachedCall(site: MethodSite<WritePlan>, original: Method, thisArg: unknown, args: unknown[], useCondition = true): Promise<unknown> {
  try {
    const plan = site.planFor(thisArg);
    const condition = useCondition ? plan.condition : undefined;
    if (!plan.enabled || (condition !== undefined && !condition.apply(thisArg, args))) return invokeAsPromise(original, thisArg, args);
    const prefix = plan.runtime.prefix();
    const key = plan.fullKeyOf(thisArg, args, prefix);
    return plan.engine.tryHit(key, plan, plan.resilience.earlyRefresh) ?? plan.engine.fetch(key, new MethodCall(plan, original, thisArg, args, prefix));
  } catch (error) {
    return Promise.reject(error);
  }
}
