import type { CacheProvider, HealthReport } from '../provider/cache-provider';
import type { CacheStats } from '../provider/cache-stats';
import { ScopedCache } from './scoped-cache';
import { HttpError } from './admin-http';
import type { MetricsSource } from './admin-options';

/** What a route gets: the providers in scope, the query scope and the body. */
export interface RouteContext {
  readonly providers: readonly CacheProvider[];
  readonly namespace: string | undefined;
  readonly className: string | undefined;
  readonly registry: MetricsSource | undefined;
  readonly params: readonly string[];
  body(): Promise<Record<string, unknown>>;
}

/** A JSON answer, or raw text (the Prometheus exposition). */
export type RouteResult = { status?: number; json: unknown } | { text: string; contentType: string };

/** One endpoint. */
export interface Route {
  readonly method: 'GET' | 'POST';
  /** Path segments; `:param` matches one segment. */
  readonly path: readonly string[];
  run(ctx: RouteContext): Promise<RouteResult>;
}

/** Runs `action` on every provider in scope, collecting `{ [provider name]: result }`. */
async function each<T>(ctx: RouteContext, action: (scope: ScopedCache) => Promise<T> | T): Promise<Record<string, T>> {
  const out: Record<string, T> = {};
  for (const provider of ctx.providers) out[provider.name] = await action(new ScopedCache(() => provider, ctx.namespace, ctx.className));
  return out;
}

/** Sums per-provider removal counts into `{ removed, providers }`. */
async function removal(ctx: RouteContext, action: (scope: ScopedCache) => Promise<number>): Promise<RouteResult> {
  const providers = await each(ctx, action);
  return { json: { removed: Object.values(providers).reduce((sum, n) => sum + n, 0), providers } };
}

function field(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value.length === 0) throw new HttpError(400, `the body needs "${name}": a non-empty string`);
  return value;
}

function noNamespace(ctx: RouteContext, what: string): void {
  if (ctx.namespace !== undefined) throw new HttpError(400, `${what} are provider-wide; ?namespace= does not apply`);
}

/** Every endpoint of the admin handler. None of them returns a cached value. */
export const ADMIN_ROUTES: readonly Route[] = Object.freeze([
  {
    method: 'GET',
    path: ['stats'],
    run: async (ctx) => ({ json: { providers: await each<CacheStats>(ctx, (scope) => scope.stats()) } }),
  },
  {
    method: 'GET',
    path: ['health'],
    async run(ctx) {
      const providers = await each<HealthReport>(ctx, (scope) => scope.provider.health());
      const ok = Object.values(providers).every((report) => report.ok);
      return { status: ok ? 200 : 503, json: { ok, providers } };
    },
  },
  {
    method: 'GET',
    path: ['metrics'],
    async run(ctx) {
      if (ctx.registry === undefined) throw new HttpError(404, 'no metrics registry configured (createAdminHandler({ registry }))');
      return { text: await ctx.registry.metrics(), contentType: ctx.registry.contentType };
    },
  },
  {
    method: 'GET',
    path: ['tags'],
    async run(ctx) {
      noNamespace(ctx, 'tags');
      return { json: { providers: await each(ctx, (scope) => scope.provider.listTags()) } };
    },
  },
  {
    method: 'GET',
    path: ['tags', ':tag', 'keys'],
    run: async (ctx) => ({ json: { providers: await each(ctx, (scope) => scope.keysForTag(ctx.params[0])) } }),
  },
  {
    method: 'POST',
    path: ['clear'],
    async run(ctx) {
      const providers = await each(ctx, async (scope) => (await scope.clear(), true));
      return { json: { cleared: Object.keys(providers), namespace: ctx.namespace ?? null } };
    },
  },
  {
    method: 'POST',
    path: ['delete'],
    async run(ctx) {
      const key = field(await ctx.body(), 'key');
      return removal(ctx, (scope) => scope.delete(key));
    },
  },
  {
    method: 'POST',
    path: ['revoke'],
    async run(ctx) {
      const pattern = field(await ctx.body(), 'pattern');
      return removal(ctx, (scope) => scope.revoke(pattern));
    },
  },
  {
    method: 'POST',
    path: ['invalidate'],
    async run(ctx) {
      const { tags } = await ctx.body();
      if (!Array.isArray(tags) || tags.length === 0 || tags.some((tag) => typeof tag !== 'string' || tag.length === 0)) {
        throw new HttpError(400, 'the body needs "tags": a non-empty array of non-empty strings');
      }
      return removal(ctx, (scope) => scope.invalidateTags(tags as string[]));
    },
  },
] satisfies Route[]);

/** The route for `segments` and its `:param` values, or the methods the path allows (for 405), or nothing (404). */
export function matchRoute(method: string, segments: readonly string[]): { route: Route; params: string[] } | { allowed: string[] } | undefined {
  const allowed: string[] = [];
  for (const route of ADMIN_ROUTES) {
    if (route.path.length !== segments.length) continue;
    const params: string[] = [];
    const fits = route.path.every((part, i) => (part.startsWith(':') ? (params.push(segments[i]), true) : part === segments[i]));
    if (!fits) continue;
    if (route.method === method) return { route, params };
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { allowed } : undefined;
}
