import { CacheConfigError, CacheNotConfiguredError } from '../errors';
import { lookupProvider, registryGeneration, DEFAULT_PROVIDER } from '../module/cache-module';
import type { CacheProvider } from '../provider/cache-provider';
import { classConfigOf } from './cache-config.decorator';
import type { CacheConfigOptions } from './decorator-options';
import { findDeclaringClass, type AnyClass, type AnyMethod, type MethodTarget } from './decorator-target';

/**
 * One decorated method: what was declared, and the plan resolved against the
 * provider registered at call time. The plan is rebuilt only when the registry
 * changes, so a hit costs a generation check, not a lookup of every layer.
 */
export class MethodSite<Plan> {
  private declaringClass: AnyClass | undefined;
  private plan: Plan | undefined;
  private planGeneration = -1;
  /** The wrapper installed in place of the method (set right after creation). */
  wrapper: AnyMethod | undefined;

  constructor(
    /** '@Cached', '@CachePut' or '@CacheEvict', for errors. */
    readonly decorator: string,
    readonly target: MethodTarget,
    /** The provider named on the method itself, if any. */
    private readonly methodProvider: string | undefined,
    private readonly buildPlan: (site: MethodSite<Plan>, provider: CacheProvider) => Plan,
  ) {
    this.declaringClass = target.declaringClass;
  }

  /** `ClassName.method` once the class is known, else `method()`. */
  get where(): string {
    return `${this.decorator} on ${this.declaringClass ? `${this.declaringClass.name}.` : ''}${this.target.methodName}${this.declaringClass ? '' : '()'}`;
  }

  /** `'ClassName.method'`: the name used in stats and overrides. */
  get methodId(): string {
    return `${this.declaringClass?.name ?? '?'}.${this.target.methodName}`;
  }

  /** The declaring class's `@CacheConfig` options. */
  get classConfig(): CacheConfigOptions {
    return classConfigOf(this.declaringClass);
  }

  /** The declaring class (resolved from `thisArg` on first call in TC39 mode). */
  get cls(): AnyClass {
    return this.declaringClass as AnyClass;
  }

  /** The plan for this call, resolving the class and the provider as needed. */
  planFor(thisArg: unknown): Plan {
    const generation = registryGeneration();
    if (this.plan !== undefined && this.planGeneration === generation) return this.plan;
    if (this.declaringClass === undefined) {
      this.declaringClass = findDeclaringClass(thisArg, this.target.methodName, this.wrapper as AnyMethod, this.target.isStatic);
      if (this.declaringClass === undefined) {
        throw new CacheConfigError(`${this.where}: called without an instance of its class as 'this'; call it as instance.${this.target.methodName}(…) or bind it.`);
      }
    }
    const name = this.methodProvider ?? this.classConfig.provider ?? DEFAULT_PROVIDER;
    const provider = lookupProvider(name);
    if (provider === undefined) throw new CacheNotConfiguredError(name, this.methodId);
    this.plan = this.buildPlan(this, provider);
    this.planGeneration = generation;
    return this.plan;
  }
}
