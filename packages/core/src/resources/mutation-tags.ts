import type { ResolvedResource } from './cache-resource.decorator';
import type { AffectedIds, CascadeRef, InvalidatesResourceOptions, ParentRef } from './resource-options';
import { childrenTag, isResourceId, modelTag, queriesTag, recordTag, relationTag } from './resource-tags';

/**
 * The tags one successful mutation invalidates, relative to the provider
 * prefix. Kept apart from the decorator so the rules can be read (and tested)
 * in one place:
 * - `<name>:<id>` for every affected id (reads by id, queries and relations holding the row);
 * - `<name>:queries` for creates, deletes, and updates marked `queries: true`;
 * - `<parent>:<id>:~<name>` (or `<parent>:<id>:<relation>`) for every parent listed;
 * - `<other>:<id>` and `<other>:queries` for every cascaded resource.
 * When the ids cannot be told, the whole model (`<name>`) is invalidated:
 * dropping too much costs a reload, dropping too little serves stale data.
 */
export function mutationTags(resource: ResolvedResource, options: InvalidatesResourceOptions, args: unknown[], result: unknown, where: string): string[] {
  const name = resource.name;
  const tags: string[] = [];
  const ids = options.ids === undefined ? defaultIds(args, result, resource.id) : idList(options.ids(args, result), `${where}: ids()`);
  if (ids === undefined) tags.push(modelTag(name));
  else for (const id of ids) tags.push(recordTag(name, id, where));
  if (options.queries ?? (options.created === true || options.deleted === true)) tags.push(queriesTag(name));
  for (const ref of listOf<ParentRef>(options.parents?.(args, result), `${where}: parents()`)) {
    const [parent, id, relation] = ref;
    tags.push(relation === undefined ? childrenTag(parent, id, name, where) : relationTag(parent, id, relation, where));
  }
  for (const ref of listOf<CascadeRef>(options.cascade?.(args, result), `${where}: cascade()`)) {
    const [other, otherIds] = ref;
    if (ref.length === 1) {
      tags.push(modelTag(other, where));
      continue;
    }
    for (const id of idList(otherIds, `${where}: cascade()`) ?? []) tags.push(recordTag(other, id, where));
    tags.push(queriesTag(modelTag(other, where)));
  }
  return [...new Set(tags)];
}

/**
 * The default affected ids: the first argument when it is an id or an array of
 * ids (`update(5, …)`, `updateMany([1, 2], …)`), else the id of the result row
 * or rows (`create(data)` returning the new row). `undefined` when neither says.
 */
export function defaultIds(args: unknown[], result: unknown, idField: string): readonly unknown[] | undefined {
  const first = args[0];
  if (isResourceId(first)) return [first];
  if (Array.isArray(first) && first.every(isResourceId)) return first;
  const rows: readonly unknown[] = Array.isArray(result) ? result : [result];
  const ids = rows.map((row) => (typeof row === 'object' && row !== null ? (row as Record<string, unknown>)[idField] : undefined));
  return rows.length > 0 && ids.every(isResourceId) ? ids : undefined;
}

function idList(value: AffectedIds | unknown, what: string): readonly unknown[] | undefined {
  if (value === null || value === undefined) return [];
  if (isResourceId(value)) return [value];
  if (Array.isArray(value) && value.every(isResourceId)) return value;
  throw new TypeError(`${what} must return an id, an array of ids, or nothing; got ${JSON.stringify(value) ?? String(value)}.`);
}

function listOf<T>(value: unknown, what: string): readonly T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => !Array.isArray(item) || typeof item[0] !== 'string')) {
    throw new TypeError(`${what} must return an array of tuples such as ['user', 7], got ${JSON.stringify(value) ?? String(value)}.`);
  }
  return value as readonly T[];
}
