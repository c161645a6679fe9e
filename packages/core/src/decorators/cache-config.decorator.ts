import 'reflect-metadata';
import { CACHE_CONFIG_METADATA } from '../metadata/metadata-keys';
import { validateNamespace } from '../provider/resolve-provider-options';
import type { CacheConfigOptions } from './decorator-options';
import { readClassTarget, type AnyClass, type ClassDecoratorFn } from './decorator-target';
import { OptionsValidator } from './validate-options';

const KNOWN = ['namespace', 'ttl', 'provider', 'tags', 'enabled'] as const;

/**
 * Class-level defaults for the class's cached methods: `namespace` (default:
 * the class name), `ttl`, `provider`, `tags`, `enabled`. Method options win
 * over these; provider `overrides` win over both.
 */
export function CacheConfig(options: CacheConfigOptions = {}): ClassDecoratorFn {
  return ((...args: unknown[]) => {
    const cls = readClassTarget('@CacheConfig', args);
    const where = `@CacheConfig on ${cls.name}`;
    new OptionsValidator(options, where).known(KNOWN).duration('ttl', true).nonEmptyString('provider').boolean('enabled').strings('tags');
    if (options.namespace !== undefined) validateNamespace(options.namespace, `${where}: namespace`);
    Reflect.defineMetadata(CACHE_CONFIG_METADATA, Object.freeze({ ...options }), cls);
  }) as ClassDecoratorFn;
}

/** The `@CacheConfig` options of a class (own or inherited), or `{}`. */
export function classConfigOf(cls: AnyClass | undefined): CacheConfigOptions {
  return (cls && (Reflect.getMetadata(CACHE_CONFIG_METADATA, cls) as CacheConfigOptions | undefined)) ?? {};
}
