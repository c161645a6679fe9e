import { CacheKeyError } from '../errors';
import { escapeKeyPart } from '../keys/escape';

/** The id of a record: what `findById` takes and what a row's id column holds. */
export type ResourceId = string | number | bigint;

/**
 * Resource and relation names become tag segments, so they are restricted to
 * characters that can never be read as a separator, a glob or an escape:
 * `user:5:orders` must mean exactly one thing.
 */
const NAME = /^[A-Za-z0-9_.-]+$/;

/** True when `value` can name a resource or a relation. */
export function isResourceName(value: unknown): value is string {
  return typeof value === 'string' && NAME.test(value);
}

/** True when `value` is a usable record id. */
export function isResourceId(value: unknown): value is ResourceId {
  return (typeof value === 'string' && value.length > 0) || (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint';
}

/**
 * One id as a key or tag segment. Numbers and strings render as text, so
 * `5` (an argument) and `'5'` (a bigint column read by `pg`) name one record;
 * the text is escaped so that no id can forge another segment.
 */
export function idPart(id: unknown, what: string): string {
  if (!isResourceId(id)) throw new CacheKeyError(`${what}: a record id must be a non-empty string, a finite number or a bigint, got ${describe(id)}.`);
  return escapeKeyPart(String(id));
}

function checkName(name: unknown, what: string): string {
  if (!isResourceName(name)) throw new CacheKeyError(`${what}: a resource name must match ${String(NAME)}, got ${describe(name)}.`);
  return name;
}

/** `<name>`: every cached read of the model. */
export function modelTag(name: string, what = 'resource'): string {
  return checkName(name, what);
}

/** `<name>:<id>`: every cached read holding that record. */
export function recordTag(name: string, id: unknown, what = 'resource'): string {
  return `${checkName(name, what)}:${idPart(id, what)}`;
}

/** `<name>:queries`: every cached query of the model (their membership changes on create and delete). */
export function queriesTag(name: string): string {
  return `${name}:queries`;
}

/** `<parent>:<id>:<relation>`: one relation of one parent record. */
export function relationTag(parent: string, id: unknown, relation: string, what = 'resource'): string {
  return `${recordTag(parent, id, what)}:${checkName(relation, what)}`;
}

/**
 * `<parent>:<id>:~<child>`: every relation of that parent holding `child`
 * records, whatever the relation is called. `~` never occurs in a name or an
 * escaped id, so this tag cannot collide with a relation tag.
 */
export function childrenTag(parent: string, id: unknown, child: string, what = 'resource'): string {
  return `${recordTag(parent, id, what)}:~${checkName(child, what)}`;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : typeof value === 'bigint' ? `${value}n` : (JSON.stringify(value) ?? String(value));
}
