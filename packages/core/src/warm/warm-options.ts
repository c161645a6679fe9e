/** Names of the methods of `T`. */
export type MethodKey<T> = { [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T] & string;

/** The parameter list of method `M`. */
export type MethodArgs<M> = M extends (...args: infer A) => unknown ? A : never;

/** Where a warm run stands; passed to `onProgress` after every call. */
export interface WarmProgress {
  /** Argument lists in the run. */
  readonly total: number;
  /** Calls finished so far (any outcome). */
  readonly done: number;
  /** Calls whose method ran and filled the cache. */
  readonly loaded: number;
  /** Calls answered from the cache (or by a load already in flight for the same key). */
  readonly alreadyCached: number;
  /** Calls that bypassed the cache (caching disabled, or `condition` false). */
  readonly skipped: number;
  /** Calls whose method threw. */
  readonly failed: number;
}

/** One failed call of a warm run. */
export interface WarmFailure {
  /** The argument list that failed. */
  readonly args: readonly unknown[];
  /** What the method threw. */
  readonly error: unknown;
}

/** What `provider.warm` resolves to. */
export interface WarmSummary extends Omit<WarmProgress, 'done'> {
  /** The first {@link MAX_WARM_ERRORS} failures (`failed` counts all of them). */
  readonly errors: readonly WarmFailure[];
}

/** Options of `provider.warm`. */
export interface WarmOptions {
  /** Calls running at once. @default 4 */
  concurrency?: number;
  /** Called after every call with the progress so far; what it throws is logged, never breaks the run. */
  onProgress?: (progress: WarmProgress) => void;
}

/** Documented defaults of {@link WarmOptions}. */
export const DEFAULT_WARM_OPTIONS = Object.freeze({ concurrency: 4 });

/** Failures kept in a summary: a warm run over a million ids against a dead database must not hold a million errors. */
export const MAX_WARM_ERRORS = 100;
