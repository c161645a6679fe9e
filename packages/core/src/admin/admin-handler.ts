import type { ServerResponse } from 'node:http';
import { CacheClosedError, CacheConfigError, CacheKeyError, CacheStoreError, CachetError } from '../errors';
import { CacheModule } from '../module/cache-module';
import type { CacheProvider } from '../provider/cache-provider';
import { validateNamespace } from '../provider/resolve-provider-options';
import { authorize, digest, HttpError, readJsonBody, sendJson, type AdminRequest } from './admin-http';
import { resolveAdminOptions, type AdminHandlerOptions, type ResolvedAdminOptions } from './admin-options';
import { matchRoute, type RouteContext } from './admin-routes';

/** A node:http request listener that Express (`app.use('/admin', h)`) and Fastify (`h(request.raw, reply.raw)`) can mount too. */
export type AdminHandler = (req: AdminRequest, res: ServerResponse) => Promise<void>;

/**
 * An HTTP handler for managing caches: `GET /stats`, `/health`, `/metrics`,
 * `/tags`, `/tags/:tag/keys`; `POST /clear`, `/delete {key}`,
 * `/revoke {pattern}`, `/invalidate {tags}`, each scoped by `?provider=` and
 * `?namespace=` (`/stats` also by `?class=`). Every request needs
 * `Authorization: Bearer <token>`. No endpoint returns a cached value.
 *
 * @throws CacheConfigError for a missing or short token and other bad options.
 * @example http.createServer(createAdminHandler({ token: process.env.CACHE_ADMIN_TOKEN!, basePath: '/admin' }))
 */
export function createAdminHandler(options: AdminHandlerOptions): AdminHandler {
  const resolved = resolveAdminOptions(options, () => CacheModule.names().map((name) => CacheModule.get(name)));
  const expected = digest(resolved.token);
  return async (req, res) => {
    try {
      authorize(req, expected);
      const url = new URL(req.url ?? '/', 'http://admin.local');
      const segments = pathSegments(url.pathname, resolved.basePath);
      const found = matchRoute(req.method ?? 'GET', segments);
      if (found === undefined) throw new HttpError(404, `no admin route ${req.method ?? 'GET'} /${segments.join('/')}`);
      if ('allowed' in found) throw new HttpError(405, `use ${found.allowed.join(' or ')}`, { allow: found.allowed.join(', ') });
      const result = await found.route.run(context(req, url, found.params, resolved));
      if ('text' in result) {
        res.writeHead(200, { 'content-type': result.contentType, 'cache-control': 'no-store' });
        res.end(result.text);
      } else sendJson(res, result.status ?? 200, result.json);
    } catch (error) {
      const { status, message, headers } = toHttpError(error);
      if (!res.headersSent) sendJson(res, status, { error: message }, headers);
      else res.destroy(error instanceof Error ? error : undefined);
    }
  };
}

function context(req: AdminRequest, url: URL, params: string[], options: ResolvedAdminOptions): RouteContext {
  const providerName = url.searchParams.get('provider') ?? undefined;
  const all = options.providers();
  const providers: readonly CacheProvider[] = providerName === undefined ? all : all.filter((p) => p.name === providerName);
  if (providers.length === 0) throw new HttpError(404, providerName === undefined ? 'no cache providers are registered' : `unknown provider '${providerName}'`);
  const namespace = url.searchParams.get('namespace') ?? undefined;
  if (namespace !== undefined) validateNamespace(namespace, 'namespace');
  return {
    providers,
    namespace,
    className: url.searchParams.get('class') ?? undefined,
    registry: options.registry,
    params,
    body: () => readJsonBody(req, options.bodyLimit),
  };
}

/** Path segments after the mount point; the base path is stripped when the server left it in. */
function pathSegments(pathname: string, basePath: string): string[] {
  let path = pathname;
  if (basePath !== '' && (path === basePath || path.startsWith(`${basePath}/`))) path = path.slice(basePath.length);
  const segments = path.split('/').filter((segment) => segment !== '');
  try {
    return segments.map((segment) => decodeURIComponent(segment));
  } catch (error) {
    throw new HttpError(400, `malformed path: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function toHttpError(error: unknown): { status: number; message: string; headers?: Record<string, string> } {
  if (error instanceof HttpError) return { status: error.status, message: error.message, headers: { ...error.headers } };
  if (error instanceof CacheKeyError || error instanceof CacheConfigError) return { status: 400, message: error.message };
  if (error instanceof CacheStoreError || error instanceof CacheClosedError) return { status: 503, message: error.message };
  if (error instanceof CachetError) return { status: 500, message: error.message };
  return { status: 500, message: `internal error: ${error instanceof Error ? error.message : String(error)}` };
}
