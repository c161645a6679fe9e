import 'reflect-metadata';
import { CacheConfigError } from '../errors';
import { CACHE_TAGS_METADATA } from '../metadata/metadata-keys';
import type { TagProducer } from './decorator-options';
import { isClassDecoration, readClassTarget, readMethodTarget, type AnyClass, type AnyMethod, type ClassDecoratorFn, type MethodDecoratorFn } from './decorator-target';

/**
 * Adds tags to the entries a `@Cached` / `@CachePut` method stores. Each tag is
 * a string or a function of the method's arguments returning one. On a class,
 * the tags go to every cached method of the class. Order relative to `@Cached`
 * does not matter.
 */
export function CacheTag(...tags: TagProducer[]): MethodDecoratorFn & ClassDecoratorFn {
  return ((...args: unknown[]) => {
    const isClass = isClassDecoration(args);
    const holder: AnyClass | AnyMethod = isClass ? readClassTarget('@CacheTag', args) : readMethodTarget('@CacheTag', args).method;
    const where = isClass ? `@CacheTag on ${(holder as AnyClass).name}` : `@CacheTag on ${readMethodTarget('@CacheTag', args).methodName}()`;
    if (tags.length === 0) throw new CacheConfigError(`${where}: give at least one tag, e.g. @CacheTag('users').`);
    for (const tag of tags) {
      if (typeof tag !== 'function' && (typeof tag !== 'string' || tag.length === 0)) {
        throw new CacheConfigError(`${where}: every tag must be a non-empty string or a function of the arguments returning one, got ${String(tag)}.`);
      }
    }
    const existing = (Reflect.getOwnMetadata(CACHE_TAGS_METADATA, holder) as TagProducer[] | undefined) ?? [];
    Reflect.defineMetadata(CACHE_TAGS_METADATA, [...existing, ...tags], holder);
  }) as MethodDecoratorFn & ClassDecoratorFn;
}

/** Tag producers recorded with `@CacheTag` on any of `holders` (deduplicated: a wrapper carries copies of its original's). */
export function tagProducersOf(...holders: ReadonlyArray<object | undefined>): TagProducer[] {
  const all = new Set<TagProducer>();
  for (const holder of holders) {
    if (holder === undefined) continue;
    for (const producer of (Reflect.getMetadata(CACHE_TAGS_METADATA, holder) as TagProducer[] | undefined) ?? []) all.add(producer);
  }
  return [...all];
}
