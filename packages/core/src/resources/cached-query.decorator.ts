import { compileKey } from '../decorators/key-builder';
import type { MethodDecoratorFn } from '../decorators/decorator-target';
import type { CachedQueryOptions } from './resource-options';
import { resourceRead, rowIdsOf } from './resource-read';
import { modelTag, queriesTag, recordTag } from './resource-tags';
import { validateReadOptions } from './validate-resource-options';

/**
 * Caches a query returning rows of the class's resource, under a key from the
 * arguments (the stable default key, or `key`). Tags: `<name>`,
 * `<name>:queries` and `<name>:<id>` of every row returned, so an update of
 * row 5 drops only the queries that hold row 5, and a create or delete drops
 * every query (their membership may change).
 *
 * @example @CachedQuery() async findByCity(city: string): Promise<User[]>
 */
export function CachedQuery<Result = unknown>(options: CachedQueryOptions<Result> = {}): MethodDecoratorFn {
  const opts = options as CachedQueryOptions;
  return resourceRead({
    decorator: '@CachedQuery',
    options: opts,
    validate(where) {
      validateReadOptions(opts, where, ['tagsFromResult', 'key']).boolean('tagsFromResult').stringOrFn('key');
    },
    key: (target, where) => compileKey(opts.key, target.method, target.methodName, where),
    tags(resource, where) {
      const name = resource.name;
      const fixed = [modelTag(name), queriesTag(name)];
      if (opts.tagsFromResult === false) return { tags: () => fixed };
      return {
        tags: () => fixed,
        tagsFromResult: (result: unknown) => rowIdsOf(result, resource.id, where).map((id) => recordTag(name, id, where)),
      };
    },
  });
}
