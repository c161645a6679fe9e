import 'reflect-metadata';
import { CACHED_METADATA } from '../metadata/metadata-keys';
import type { CacheWriteOptions } from '../decorators/decorator-options';
import { finishMethodDecorator, readMethodTarget, type AnyMethod, type MethodDecoratorFn, type MethodTarget } from '../decorators/decorator-target';
import type { KeyBuilder } from '../decorators/key-builder';
import { cachedCall } from '../decorators/cached-call';
import { buildWritePlan, type WritePlan } from '../decorators/write-plan';
import type { ResolvedResource } from './cache-resource.decorator';
import type { ResourceReadOptions } from './resource-options';
import { ResourceSite, resourceOfSite } from './resource-site';

/** The tags of a resource read: from the arguments, and optionally from the result. */
export interface ResourceReadTags {
  tags(...args: unknown[]): readonly string[];
  tagsFromResult?(result: unknown, ...args: unknown[]): readonly string[];
}

/** What distinguishes `@CachedById`, `@CachedQuery` and `@CachedRelation`. */
export interface ResourceReadSpec {
  /** '@CachedById', … for errors. */
  readonly decorator: string;
  readonly options: ResourceReadOptions;
  /** Validates the decorator's own options (called once, when applied). */
  validate(where: string): void;
  /** Builds the key part after the class namespace (called once, when applied). */
  key(target: MethodTarget, where: string): KeyBuilder;
  /** The tags, once the class and so its resource are known. */
  tags(resource: ResolvedResource, where: string): ResourceReadTags;
}

/**
 * The read-through wrapper shared by the resource read decorators. It only
 * translates the resource declaration into `@Cached` options; keys, layering,
 * single-flight, fail-open and the no-stale-write-back rule are the engine's.
 */
export function resourceRead(spec: ResourceReadSpec): MethodDecoratorFn {
  return ((...decoratorArgs: unknown[]) => {
    const target = readMethodTarget(spec.decorator, decoratorArgs);
    const where = `${spec.decorator} on ${target.declaringClass ? `${target.declaringClass.name}.` : ''}${target.methodName}`;
    spec.validate(where);
    const buildKey = spec.key(target, where);
    const { ttl, enabled, provider, unless, type, grace, staleWhileRevalidate } = spec.options;
    const base: CacheWriteOptions = { ttl, enabled, provider, unless, type, grace, staleWhileRevalidate };
    const site: ResourceSite<WritePlan> = new ResourceSite<WritePlan>(spec.decorator, target, provider, (s, registered) => {
      const tags = spec.tags(resourceOfSite(s), s.where);
      return buildWritePlan(s, registered, { ...base, tags: tags.tags, tagsFromResult: tags.tagsFromResult }, buildKey);
    });
    const original = target.method;

    const wrapper = function cachedResourceRead(this: unknown, ...args: unknown[]): Promise<unknown> {
      // Resource readers have no `condition`.
      return cachedCall(site, original, this, args, false);
    } as AnyMethod;
    // Marked as a cached method, so `provider.warm` and the admin listing treat it as one.
    return finishMethodDecorator(decoratorArgs, site, wrapper, original, [CACHED_METADATA, base]);
  }) as MethodDecoratorFn;
}

/**
 * The ids of the rows in a result: an array of rows, one row, or nothing
 * (`null` / `undefined`). A row without the id field cannot be tagged, and an
 * untagged row would go stale unnoticed, so it is an error (the result is then
 * returned but not stored, and the error reported).
 */
export function rowIdsOf(result: unknown, idField: string, where: string): unknown[] {
  if (result === null || result === undefined) return [];
  const rows: readonly unknown[] = Array.isArray(result) ? result : [result];
  return rows.map((row, index) => {
    const id = typeof row === 'object' && row !== null ? (row as Record<string, unknown>)[idField] : undefined;
    if (id === undefined || id === null) {
      throw new TypeError(`${where}: row ${index} of the result has no '${idField}' field, so it cannot be tagged; select the id column or set tagsFromResult: false.`);
    }
    return id;
  });
}
