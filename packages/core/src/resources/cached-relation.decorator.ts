import { CacheConfigError } from '../errors';
import { compileKey } from '../decorators/key-builder';
import type { MethodDecoratorFn } from '../decorators/decorator-target';
import type { CachedRelationOptions } from './resource-options';
import { resourceRead, rowIdsOf } from './resource-read';
import { childrenTag, isResourceName, modelTag, recordTag, relationTag } from './resource-tags';
import { checkResourceName, validateReadOptions } from './validate-resource-options';
import { singular } from './singular';

/**
 * Caches the related records of a parent, whose id is the method's first
 * argument, e.g. the orders of a user. Tags: `<parent>` and `<parent>:<id>`
 * (the parent changed), `<parent>:<id>:<relation>`, `<parent>:<id>:~<child>` (a child was
 * created or moved for this parent: `@InvalidatesResource({ parents })`),
 * `<child>` and `<child>:<childId>` of every child returned (a child changed).
 *
 * @example @CachedRelation('orders', { of: 'user' }) async forUser(userId: number): Promise<Order[]>
 */
export function CachedRelation<Result = unknown>(relation: string, options: CachedRelationOptions<Result>): MethodDecoratorFn {
  const opts = (options ?? {}) as CachedRelationOptions;
  return resourceRead({
    decorator: '@CachedRelation',
    options: opts,
    validate(where) {
      if (!isResourceName(relation)) throw new CacheConfigError(`${where}: the relation name must be letters, digits, '_', '.' or '-', got ${JSON.stringify(relation) ?? String(relation)}.`);
      validateReadOptions(opts, where, ['of', 'child', 'childId', 'tagsFromResult']).nonEmptyString('childId').boolean('tagsFromResult');
      if (opts.of === undefined) throw new CacheConfigError(`${where}: say whose ${relation} these are with { of: '<parent resource>' }.`);
      checkResourceName(opts.of, 'of', where);
      checkResourceName(opts.child, 'child', where);
    },
    key: (target, where) => compileKey(undefined, target.method, target.methodName, where),
    tags(resource, where) {
      const parent = opts.of;
      const child = opts.child ?? singular(relation);
      const childId = opts.childId ?? (resource.name === child ? resource.id : 'id');
      const tags = (parentId: unknown) => [
        modelTag(child),
        modelTag(parent),
        recordTag(parent, parentId, where),
        relationTag(parent, parentId, relation, where),
        childrenTag(parent, parentId, child, where),
      ];
      if (opts.tagsFromResult === false) return { tags };
      return { tags, tagsFromResult: (result: unknown) => rowIdsOf(result, childId, where).map((id) => recordTag(child, id, where)) };
    },
  });
}
