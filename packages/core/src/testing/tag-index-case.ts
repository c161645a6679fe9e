import type { CacheStore } from '../contracts/cache-store';
import type { TagIndex } from '../contracts/tag-index';
import type { StoreFactoryOptions } from './store-case';

/** A tag index together with the store it writes to. */
export interface TagIndexPair {
  readonly store: CacheStore;
  readonly index: TagIndex;
}

/**
 * Creates a fresh store and tag index for one case (use `prefix` for both on a
 * shared backend); the suite clears and closes both afterwards.
 */
export type TagIndexFactory = (options: StoreFactoryOptions) => TagIndexPair | Promise<TagIndexPair>;

/** What each tag-index case gets. */
export interface TagIndexCaseContext {
  /** A random namespace (letters and digits) that starts every key and tag of the case. */
  readonly ns: string;
  /** `<ns>:<name>`: a key unique to this case. */
  key(name: string): string;
  /** `<ns>:tag:<name>`: a tag unique to this case. */
  tag(name: string): string;
  /** A new store and index with their own random prefix, released when the case ends. */
  open(): Promise<TagIndexPair>;
}

/** One case of the tag-index suite: a title and its body. */
export type TagIndexCase = readonly [title: string, run: (ctx: TagIndexCaseContext) => Promise<void>];
