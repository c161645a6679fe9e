import type { MetricsSource } from '../admin/admin-options';

/**
 * The parts of prom-client cachet uses, written out structurally so that
 * @cachet/core's types never import 'prom-client': users without it are
 * unaffected, and a prom-client `Registry` / the module itself fit these
 * shapes (checked in the metrics tests).
 */

/** Label values of one series. */
export type PromLabels = Record<string, string>;

/** A prom-client `Registry`. */
export interface PromRegistry extends MetricsSource {
  getSingleMetric(name: string): unknown;
  removeSingleMetric(name: string): void;
}

/** A prom-client `Counter` as its `collect` callback sees it. */
export interface PromCounter {
  inc(labels: PromLabels, value?: number): void;
  reset(): void;
}

/** A prom-client `Histogram`. */
export interface PromHistogram {
  observe(labels: PromLabels, value: number): void;
}

/** Common options of prom-client metric constructors. */
export interface PromMetricConfig {
  name: string;
  help: string;
  labelNames: readonly string[];
  registers: PromRegistry[];
}

/**
 * The prom-client module (`import * as promClient from 'prom-client'`). Its
 * constructors are typed loosely here (their configuration types name
 * prom-client's own Registry class); cachet calls them as {@link PromClientClasses}.
 */
export interface PromClient {
  Counter: new (config: never) => unknown;
  Histogram: new (config: never) => unknown;
}

/** How cachet calls the constructors of {@link PromClient}. */
export interface PromClientClasses {
  Counter: new (config: PromMetricConfig & { collect?: (this: PromCounter) => void }) => PromCounter;
  Histogram: new (config: PromMetricConfig & { buckets?: number[] }) => PromHistogram;
}
