import type { ReadThroughCall } from '../provider/read-through-call';
import type { WritePlan } from './write-plan';
import type { LockSettings } from '../provider/resilience-options';

/**
 * One call of a `@Cached` method as the engine sees it. A class rather than
 * an object of closures: one allocation per call on the miss path.
 */
export class MethodCall implements ReadThroughCall<unknown> {
  constructor(
    private readonly plan: WritePlan,
    private readonly original: (this: unknown, ...args: unknown[]) => unknown,
    private readonly thisArg: unknown,
    private readonly args: unknown[],
    private readonly prefix: string,
  ) {}

  get method(): string {
    return this.plan.method;
  }
  get counters() {
    return this.plan.counters;
  }
  get ttl(): number {
    return this.plan.ttl;
  }
  get grace(): number {
    return this.plan.grace;
  }
  get staleWhileRevalidate(): number {
    return this.plan.staleWhileRevalidate;
  }

  get graceBackoff(): number {
    return this.plan.resilience.graceBackoff;
  }
  get timeout(): number {
    return this.plan.resilience.timeout;
  }
  get hardTimeout(): number {
    return this.plan.resilience.hardTimeout;
  }
  get earlyRefresh(): number {
    return this.plan.resilience.earlyRefresh;
  }
  get lock(): LockSettings | undefined {
    return this.plan.resilience.lock;
  }

  load(): unknown {
    return this.original.apply(this.thisArg, this.args);
  }

  tags(value: unknown): readonly string[] {
    const tags = this.plan.tagsOf(this.thisArg, this.args, value);
    for (let i = 0; i < tags.length; i++) tags[i] = this.prefix + tags[i];
    return tags;
  }

  unless(value: unknown): boolean {
    return this.plan.unless !== undefined && this.plan.unless(value) === true;
  }

  revive(value: unknown): unknown {
    return this.plan.revive === undefined ? value : this.plan.revive(value);
  }
}
