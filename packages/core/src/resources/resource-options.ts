import type { Duration } from '../durations';
import type { TypeHint } from '../contracts/serializer';
import type { KeyOption } from '../decorators/decorator-options';
import type { ResourceId } from './resource-tags';

/** Options of `@CacheResource` on a repository or service class. */
export interface CacheResourceOptions {
  /** The model's name: the first segment of its tags (`user`, `user:5`, `user:queries`). Letters, digits, `_`, `.`, `-`. */
  name: string;
  /** The field holding a record's id in the rows the methods return. @default 'id' */
  id?: string;
  /** Default ttl of the class's cached reads. @default the provider's ttl */
  ttl?: Duration;
  /** Registered provider name. @default 'default' */
  provider?: string;
  /** False: the reads always run (data that must be fresh); mutations still invalidate. @default true */
  enabled?: boolean;
}

/** Options every resource read decorator accepts (they override the resource's). */
export interface ResourceReadOptions<Result = unknown> {
  /** @default the resource's ttl, then `@CacheConfig`'s, then the provider's */
  ttl?: Duration;
  /** False turns caching off for this method. @default the resource's `enabled` */
  enabled?: boolean;
  /** Registered provider name. @default the resource's provider */
  provider?: string;
  /** When it returns true the result is returned but not stored (e.g. `(row) => row === null`). */
  unless?(result: Result): boolean;
  /** Revives results as instances of a class (`() => User`) or an array of them (`() => [User]`). */
  type?: () => TypeHint;
  /** Keep an expired value this much longer and serve it if the method fails. */
  grace?: Duration;
  /** Keep serving the old value for this long after ttl while one refresh runs. */
  staleWhileRevalidate?: Duration;
}

/** Options of `@CachedById`. */
export interface CachedByIdOptions<Result = unknown> extends ResourceReadOptions<Result> {
  /**
   * A second by-id read of the same resource in the same namespace (say, a
   * record with its profile) needs its own key: `<id>~<variant>`.
   */
  variant?: string;
}

/** Options of `@CachedQuery`. */
export interface CachedQueryOptions<Result = unknown> extends ResourceReadOptions<Result> {
  /**
   * Tag the entry with `<name>:<id>` of every row returned, so an update of
   * row 5 drops exactly the queries holding row 5. Turn off only for results
   * without rows (counts, aggregates), which are then dropped on create and
   * delete only. @default true
   */
  tagsFromResult?: boolean;
  /** Key template or function, as `@Cached`'s. @default `<method>:<stable encoding of the arguments>` */
  key?: KeyOption;
}

/** Options of `@CachedRelation`. */
export interface CachedRelationOptions<Result = unknown> extends ResourceReadOptions<Result> {
  /** The parent resource, whose id is the method's first argument. Required. */
  of: string;
  /** The child resource. @default the singular of the relation name (`orders` → `order`) */
  child?: string;
  /** Id field of the child rows. @default the class resource's `id` when it is the child, else 'id' */
  childId?: string;
  /** Tag the entry with `<child>:<id>` of every child returned. @default true */
  tagsFromResult?: boolean;
}

/** What the affected-records functions return: one id, several, or none. */
export type AffectedIds = ResourceId | readonly ResourceId[] | null | undefined;

/** A parent whose relations a mutation changes: `[parent, id]` (every relation holding this resource) or `[parent, id, relation]`. */
export type ParentRef = readonly [parent: string, id: ResourceId] | readonly [parent: string, id: ResourceId, relation: string];

/** Another resource a mutation changed: `[name]` (the whole model) or `[name, ids]`. */
export type CascadeRef = readonly [name: string] | readonly [name: string, ids: AffectedIds];

/** Options of `@InvalidatesResource`. Functions receive the method's arguments (as an array) and its resolved result. */
export interface InvalidatesResourceOptions<Args extends unknown[] = unknown[], Result = unknown> {
  /**
   * The ids the mutation changed.
   * @default the first argument when it is an id or an array of ids, else `result[id]` (or the ids of the rows when the result is an array)
   */
  ids?(args: Args, result: Awaited<Result>): AffectedIds;
  /** A create: new rows may belong to cached queries, so `<name>:queries` is invalidated. @default false */
  created?: boolean;
  /** A delete: `<name>:queries` is invalidated (pages, counts). @default false */
  deleted?: boolean;
  /**
   * Invalidate `<name>:queries`. Set it on updates of columns that queries
   * filter or sort on (membership changes). @default created || deleted
   */
  queries?: boolean;
  /** Parents whose relations the mutation changes, e.g. creating an order of user 7: `(args, order) => [['user', order.userId]]`. */
  parents?(args: Args, result: Awaited<Result>): readonly ParentRef[];
  /** Records of other resources the mutation changed (e.g. orders removed by `ON DELETE CASCADE`); their queries are invalidated too. */
  cascade?(args: Args, result: Awaited<Result>): readonly CascadeRef[];
  /** Registered provider name. @default the resource's provider */
  provider?: string;
}
