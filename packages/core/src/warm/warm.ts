import 'reflect-metadata';
import { CacheConfigError } from '../errors';
import { CACHED_METADATA } from '../metadata/metadata-keys';
import { probeOutcome } from '../provider/outcome-probe';
import { DEFAULT_WARM_OPTIONS, MAX_WARM_ERRORS, type WarmFailure, type WarmOptions, type WarmSummary } from './warm-options';

type AnyFn = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Calls the `@Cached` method `method` of `instance` once per argument list,
 * at most `concurrency` at a time, and reports how each call was answered.
 * The method's own provider, key and ttl apply, exactly as for a normal call.
 *
 * @param onCallbackError receives what `onProgress` throws (the provider logs it).
 * @throws CacheConfigError when `method` is not a `@Cached` method or the options are invalid.
 */
export async function warmMethod(
  instance: object,
  method: string,
  argsList: Iterable<readonly unknown[]>,
  options: WarmOptions,
  onCallbackError: (error: unknown) => void,
): Promise<WarmSummary> {
  const { concurrency, onProgress } = resolveWarmOptions(options);
  const fn = (instance as Record<string, unknown> | null)?.[method];
  if (typeof fn !== 'function' || Reflect.getMetadata(CACHED_METADATA, fn) === undefined) {
    throw new CacheConfigError(`warm: ${instance?.constructor?.name ?? typeof instance}.${method} is not a @Cached method; warm only calls cached methods.`);
  }
  const all = [...argsList];
  all.forEach((args, i) => {
    if (!Array.isArray(args)) throw new CacheConfigError(`warm: argsList[${i}] must be an array of arguments, got ${JSON.stringify(args)}.`);
  });
  const counts = { total: all.length, done: 0, loaded: 0, alreadyCached: 0, skipped: 0, failed: 0 };
  const errors: WarmFailure[] = [];
  let next = 0;

  const worker = async (): Promise<void> => {
    while (next < all.length) {
      const args = all[next++];
      try {
        const { outcome } = await probeOutcome(() => Promise.resolve((fn as AnyFn).apply(instance, [...args])));
        if (outcome === 'loaded') counts.loaded++;
        else if (outcome === undefined) counts.skipped++;
        else counts.alreadyCached++;
      } catch (error) {
        counts.failed++;
        if (errors.length < MAX_WARM_ERRORS) errors.push({ args, error });
      }
      counts.done++;
      if (onProgress !== undefined) {
        try {
          onProgress({ ...counts });
        } catch (error) {
          onCallbackError(error);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, all.length) }, worker));
  return { total: counts.total, loaded: counts.loaded, alreadyCached: counts.alreadyCached, skipped: counts.skipped, failed: counts.failed, errors };
}

function resolveWarmOptions(options: WarmOptions): Required<Pick<WarmOptions, 'concurrency'>> & Pick<WarmOptions, 'onProgress'> {
  if (options === null || typeof options !== 'object') throw new CacheConfigError(`warm: options must be an object, got ${String(options)}.`);
  const concurrency = options.concurrency ?? DEFAULT_WARM_OPTIONS.concurrency;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new CacheConfigError(`warm: concurrency must be a positive integer, got ${String(concurrency)}.`);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw new CacheConfigError('warm: onProgress must be a function.');
  return { concurrency, onProgress: options.onProgress };
}
