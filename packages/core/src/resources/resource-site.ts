import { CacheConfigError } from '../errors';
import { classConfigOf } from '../decorators/cache-config.decorator';
import type { CacheConfigOptions } from '../decorators/decorator-options';
import { MethodSite } from '../decorators/method-site';
import { resourceOf, type ResolvedResource } from './cache-resource.decorator';

/**
 * A method of a `@CacheResource` class. The resource's settings become class
 * defaults underneath `@CacheConfig`, so provider resolution and the write
 * plan (ttl, enabled, namespace) layer them like any other class setting:
 * provider overrides → method options → `@CacheConfig` → `@CacheResource` → provider defaults.
 */
export class ResourceSite<Plan> extends MethodSite<Plan> {
  override get classConfig(): CacheConfigOptions {
    const config = classConfigOf(this.cls);
    const resource = resourceOf(this.cls);
    if (resource === undefined) return config;
    return {
      ...config,
      namespace: config.namespace ?? resource.name,
      ttl: config.ttl ?? resource.ttl,
      provider: config.provider ?? resource.provider,
      enabled: config.enabled ?? resource.enabled,
    };
  }
}

/** The resource of a site's declaring class; a clear error when the class lacks `@CacheResource`. */
export function resourceOfSite<Plan>(site: MethodSite<Plan>): ResolvedResource {
  const resource = resourceOf(site.cls);
  if (resource === undefined) {
    throw new CacheConfigError(`${site.where}: ${site.cls.name} has no @CacheResource; declare the model on the class, e.g. @CacheResource({ name: 'user' }).`);
  }
  return resource;
}
