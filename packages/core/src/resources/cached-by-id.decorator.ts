import type { MethodDecoratorFn } from '../decorators/decorator-target';
import type { CachedByIdOptions } from './resource-options';
import { resourceRead } from './resource-read';
import { idPart, modelTag, recordTag } from './resource-tags';
import { checkResourceName, validateReadOptions } from './validate-resource-options';

/**
 * Caches a read of one record by id, the method's first argument, under the
 * key `<namespace>:<id>` (`user:5` with the default namespace) with the tags
 * `<name>` and `<name>:<id>`: any mutation of record 5 or of the whole model
 * drops it. Returns a Promise, like every cached method.
 *
 * @example @CachedById() async findById(id: number): Promise<User | null>
 */
export function CachedById<Result = unknown>(options: CachedByIdOptions<Result> = {}): MethodDecoratorFn {
  const opts = options as CachedByIdOptions;
  return resourceRead({
    decorator: '@CachedById',
    options: opts,
    validate(where) {
      validateReadOptions(opts, where, ['variant']);
      checkResourceName(opts.variant, 'variant', where);
    },
    key(_target, where) {
      // `~` is escaped inside ids, so `<id>~<variant>` cannot equal another id's key.
      const suffix = opts.variant === undefined ? '' : `~${opts.variant}`;
      // A function of the id alone: the provider may remember the built key per id.
      return Object.assign((_thisArg: unknown, args: unknown[]) => idPart(args[0], `${where}: first argument`) + suffix, { pure: true });
    },
    tags(resource, where) {
      return { tags: (id: unknown) => [modelTag(resource.name), recordTag(resource.name, id, where)] };
    },
  });
}
