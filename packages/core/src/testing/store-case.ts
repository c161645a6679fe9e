import type { CacheStore } from '../contracts/cache-store';

/** What a store factory is given: a prefix unique to one store of one case. */
export interface StoreFactoryOptions {
  /**
   * A fresh prefix such as `'cachet-test:3f9a0c1b2d:'`, so stores on a shared
   * backend (one Redis for every case) never see each other's keys.
   */
  readonly prefix: string;
}

/** Creates a fresh store for one case; the suite clears and closes it afterwards. */
export type StoreFactory = (options: StoreFactoryOptions) => CacheStore | Promise<CacheStore>;

/** What each store case gets. */
export interface StoreCaseContext {
  /** A random namespace (letters and digits) that starts every key of the case. */
  readonly ns: string;
  /** `<ns>:<name>`: a key unique to this case. */
  key(name: string): string;
  /** A new store with its own random prefix, released when the case ends. */
  open(): Promise<CacheStore>;
}

/** One case of the store suite: a title and its body. */
export type StoreCase = readonly [title: string, run: (ctx: StoreCaseContext) => Promise<void>];
