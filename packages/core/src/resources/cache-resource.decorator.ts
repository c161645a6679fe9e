import 'reflect-metadata';
import { CacheConfigError } from '../errors';
import { readClassTarget, type AnyClass, type ClassDecoratorFn } from '../decorators/decorator-target';
import { OptionsValidator } from '../decorators/validate-options';
import type { CacheResourceOptions } from './resource-options';
import { isResourceName } from './resource-tags';

/** Where `@CacheResource` keeps its options, on the class (inherited by subclasses). */
export const CACHE_RESOURCE_METADATA = Symbol.for('cachet:cache-resource');

/** A resource declaration with its defaults filled in. */
export interface ResolvedResource extends Readonly<CacheResourceOptions> {
  readonly id: string;
}

const KNOWN = ['name', 'id', 'ttl', 'provider', 'enabled'] as const;

/**
 * Declares the model a repository or service class serves, once: its name
 * (the tag prefix), its id field, and the defaults of its cached reads. The
 * class namespace of its entries is the resource name unless `@CacheConfig`
 * sets one; where both decorators set `ttl`, `provider` or `enabled`,
 * `@CacheConfig` wins (it is the explicit caching configuration).
 *
 * @example @CacheResource({ name: 'user', ttl: '10m' }) class UserRepository { … }
 */
export function CacheResource(options: CacheResourceOptions): ClassDecoratorFn {
  return ((...args: unknown[]) => {
    const cls = readClassTarget('@CacheResource', args);
    const where = `@CacheResource on ${cls.name}`;
    new OptionsValidator(options, where).known(KNOWN).nonEmptyString('id').duration('ttl', true).nonEmptyString('provider').boolean('enabled');
    if (!isResourceName(options.name)) {
      throw new CacheConfigError(`${where}: name must be letters, digits, '_', '.' or '-' (it becomes the tag prefix), got ${JSON.stringify(options.name) ?? String(options.name)}.`);
    }
    const resolved: ResolvedResource = Object.freeze({ ...options, id: options.id ?? 'id' });
    Reflect.defineMetadata(CACHE_RESOURCE_METADATA, resolved, cls);
  }) as ClassDecoratorFn;
}

/** The `@CacheResource` of a class (own or inherited), if any. */
export function resourceOf(cls: AnyClass | undefined): ResolvedResource | undefined {
  return cls === undefined ? undefined : (Reflect.getMetadata(CACHE_RESOURCE_METADATA, cls) as ResolvedResource | undefined);
}
