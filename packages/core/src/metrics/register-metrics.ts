import { CacheConfigError } from '../errors';
import type { CacheProvider } from '../provider/cache-provider';
import { internalsOf } from '../provider/provider-internals';
import type { PromClient, PromClientClasses, PromCounter, PromLabels, PromRegistry } from './prom-types';

/** Options of {@link registerMetrics}. */
export interface MetricsOptions {
  /** The prom-client module to build metrics with. @default require('prom-client') (an optional peer dependency) */
  client?: PromClient;
  /** Prefix of every metric name. @default 'cachet_' */
  prefix?: string;
  /** Buckets of the load latency histogram, in seconds. @default DEFAULT_LOAD_BUCKETS */
  buckets?: readonly number[];
}

/** Load latency buckets in seconds: 1 ms to 10 s. */
export const DEFAULT_LOAD_BUCKETS = Object.freeze([0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);

/** Labels are bounded by the code, never by the data: no keys, no tag values. */
const LABELS = ['provider', 'class', 'method'] as const;

/** The monotonic fields of a method's counters. */
type CounterField = 'hits' | 'misses' | 'errors' | 'staleServed' | 'loads';

/** Counters exported from `stats()`: metric suffix, help, field. */
const COUNTERS: ReadonlyArray<readonly [string, string, CounterField]> = [
  ['hits_total', 'Cached calls answered from the cache', 'hits'],
  ['misses_total', 'Cached calls that found no fresh entry', 'misses'],
  ['errors_total', 'Store and listener errors cachet failed open on', 'errors'],
  ['stale_served_total', 'Stale values served (grace, stale-while-revalidate)', 'staleServed'],
  ['loads_total', 'Times a cached method ran to fill the cache', 'loads'],
];

interface RegistryMetrics {
  readonly providers: Map<CacheProvider, () => void>;
  readonly names: string[];
}

const registered = new WeakMap<PromRegistry, Map<string, RegistryMetrics>>();

/**
 * Exposes a provider's counters and load latency to Prometheus:
 * `cachet_hits_total`, `cachet_misses_total`, `cachet_errors_total`,
 * `cachet_stale_served_total`, `cachet_loads_total` (read from `stats()` at each
 * scrape, so `resetStats()` shows as a counter reset) and the histogram
 * `cachet_load_duration_seconds`, all labelled `provider`, `class`, `method`.
 * Several providers may share one registry. Returns a function that removes
 * the provider again (and the metrics, when it was the last one).
 *
 * @throws CacheConfigError when prom-client is not installed and no `client` is given.
 */
export function registerMetrics(provider: CacheProvider, registry: PromRegistry, options: MetricsOptions = {}): () => void {
  const prefix = options.prefix ?? 'cachet_';
  if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(prefix)) throw new CacheConfigError(`registerMetrics: prefix must be a valid Prometheus name prefix, got ${JSON.stringify(prefix)}.`);
  const buckets = [...(options.buckets ?? DEFAULT_LOAD_BUCKETS)];
  if (buckets.length === 0 || buckets.some((b) => !(b > 0))) throw new CacheConfigError(`registerMetrics: buckets must be positive numbers of seconds, got ${JSON.stringify(options.buckets)}.`);
  const { runtime } = internalsOf(provider);
  let perPrefix = registered.get(registry);
  if (perPrefix === undefined) registered.set(registry, (perPrefix = new Map()));
  let metrics = perPrefix.get(prefix);
  if (metrics === undefined) metrics = createMetrics((options.client ?? loadPromClient()) as PromClientClasses, registry, prefix, buckets);
  perPrefix.set(prefix, metrics);
  const { providers } = metrics;
  const histogram = registry.getSingleMetric(`${prefix}load_duration_seconds`) as { observe(labels: PromLabels, value: number): void };
  if (!providers.has(provider)) {
    const observe = (method: string, ms: number): void => histogram.observe(labelsOf(provider.name, method), ms / 1000);
    runtime.loadObservers.add(observe);
    providers.set(provider, () => runtime.loadObservers.delete(observe));
  }
  return () => {
    providers.get(provider)?.();
    providers.delete(provider);
    if (providers.size > 0) return;
    for (const name of metrics.names) registry.removeSingleMetric(name);
    perPrefix.delete(prefix);
  };
}

function createMetrics(client: PromClientClasses, registry: PromRegistry, prefix: string, buckets: number[]): RegistryMetrics {
  const providers = new Map<CacheProvider, () => void>();
  const names: string[] = [];
  for (const [suffix, help, field] of COUNTERS) {
    const name = `${prefix}${suffix}`;
    names.push(name);
    new client.Counter({
      name,
      help,
      labelNames: LABELS,
      registers: [registry],
      // Counters mirror stats() at scrape time: nothing to do on the hit path.
      collect(this: PromCounter) {
        this.reset();
        for (const provider of providers.keys()) {
          const { runtime } = internalsOf(provider);
          for (const [method, counters] of runtime.counters) this.inc(labelsOf(provider.name, method), counters[field]);
          // Provider-level work (evictions, listener errors) has no method: a series only once it counted something.
          const own = runtime.providerCounters[field];
          if (own > 0) this.inc(labelsOf(provider.name, ''), own);
        }
      },
    });
  }
  const histogram = `${prefix}load_duration_seconds`;
  names.push(histogram);
  new client.Histogram({ name: histogram, help: 'Time cached methods took to load on a miss', labelNames: LABELS, registers: [registry], buckets });
  return { providers, names };
}

/** `'UserService.getUser'` → class `UserService`, method `getUser`; `'getOrSet'` → class '', method `getOrSet`. */
function labelsOf(provider: string, method: string): PromLabels {
  const dot = method.indexOf('.');
  return dot < 0 ? { provider, class: '', method } : { provider, class: method.slice(0, dot), method: method.slice(dot + 1) };
}

function loadPromClient(): PromClient {
  try {
    // Loaded lazily: prom-client is an optional peer, needed only by users of registerMetrics.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('prom-client') as PromClient;
  } catch (error) {
    throw new CacheConfigError("registerMetrics needs the 'prom-client' package (an optional peer dependency): npm install prom-client@15, or pass { client } yourself.", { cause: error });
  }
}
