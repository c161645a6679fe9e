import { spread, type Spread } from './stats.js';
import type { Metrics } from './workloads/job.js';

/** Everything measured for one workload × library: one Metrics per process run. */
export interface Outcome {
  readonly workload: string;
  readonly library: string;
  readonly runs: Metrics[];
  /** Set when a run failed; the figures of the other runs are still kept. */
  error?: string;
  /** Set instead of figures when the feature does not exist in this version. */
  readonly unavailable?: string;
}

export class Outcomes {
  readonly all: Outcome[] = [];

  find(workload: string, library: string): Outcome | undefined {
    return this.all.find((o) => o.workload === workload && o.library === library);
  }

  /** Median and range of one metric, or undefined when it was not measured. */
  spread(workload: string, library: string, metric: string): Spread | undefined {
    const values = (this.find(workload, library)?.runs ?? []).map((m) => m[metric]).filter((v): v is number => typeof v === 'number');
    return values.length === 0 ? undefined : spread(values);
  }

  median(workload: string, library: string, metric: string): number | undefined {
    return this.spread(workload, library, metric)?.median;
  }

  get failed(): Outcome[] {
    return this.all.filter((o) => o.error !== undefined);
  }
}
