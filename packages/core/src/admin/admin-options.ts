import { CacheConfigError } from '../errors';
import type { CacheProvider } from '../provider/cache-provider';

/** Anything that renders Prometheus text, e.g. a prom-client `Registry`. */
export interface MetricsSource {
  /** The exposition text. */
  metrics(): Promise<string>;
  /** Its content type. */
  readonly contentType: string;
}

/** Options of {@link createAdminHandler}. */
export interface AdminHandlerOptions {
  /** Bearer token every request must carry; at least {@link MIN_ADMIN_TOKEN_LENGTH} characters. Required. */
  token: string;
  /** Providers to manage, or a function returning them per request. @default every provider registered in CacheModule, looked up per request */
  providers?: readonly CacheProvider[] | (() => readonly CacheProvider[]);
  /** Serves `GET /metrics` from this registry; without it `/metrics` is 404. */
  registry?: MetricsSource;
  /** Path prefix to strip when the server does not (e.g. `'/admin'` in a plain node:http server or Fastify). Express's `app.use('/admin', handler)` strips it itself; both work. @default '' */
  basePath?: string;
  /** Largest request body accepted, in bytes; larger ones get 413. @default 16384 */
  bodyLimit?: number;
}

/** Tokens shorter than this are refused: an admin endpoint that can clear every cache needs a real secret. */
export const MIN_ADMIN_TOKEN_LENGTH = 16;

/** Documented defaults of {@link AdminHandlerOptions}. */
export const DEFAULT_ADMIN_HANDLER_OPTIONS = Object.freeze({ basePath: '', bodyLimit: 16 * 1024 });

/** Options after validation. */
export interface ResolvedAdminOptions {
  readonly token: string;
  readonly providers: () => readonly CacheProvider[];
  readonly registry: MetricsSource | undefined;
  readonly basePath: string;
  readonly bodyLimit: number;
}

/** Validates the options; every problem is a CacheConfigError that says what to change. */
export function resolveAdminOptions(options: AdminHandlerOptions, registered: () => readonly CacheProvider[]): ResolvedAdminOptions {
  const where = 'createAdminHandler';
  if (options === null || typeof options !== 'object') throw new CacheConfigError(`${where}: options must be an object with at least { token }.`);
  const { token } = options;
  if (typeof token !== 'string' || token.trim().length < MIN_ADMIN_TOKEN_LENGTH) {
    throw new CacheConfigError(`${where}: token must be a secret of at least ${MIN_ADMIN_TOKEN_LENGTH} characters (e.g. crypto.randomBytes(32).toString('hex')), got ${typeof token === 'string' ? `${token.length} characters` : typeof token}.`);
  }
  const { providers } = options;
  if (providers !== undefined && typeof providers !== 'function' && !Array.isArray(providers)) {
    throw new CacheConfigError(`${where}: providers must be an array of CacheProvider or a function returning one.`);
  }
  const registry = options.registry;
  if (registry !== undefined && (registry === null || typeof registry.metrics !== 'function')) {
    throw new CacheConfigError(`${where}: registry must be a prom-client Registry (with metrics() and contentType).`);
  }
  const basePath = (options.basePath ?? DEFAULT_ADMIN_HANDLER_OPTIONS.basePath).replace(/\/+$/, '');
  if (typeof basePath !== 'string' || (basePath !== '' && !basePath.startsWith('/'))) {
    throw new CacheConfigError(`${where}: basePath must start with '/', e.g. '/admin', got ${JSON.stringify(options.basePath)}.`);
  }
  const bodyLimit = options.bodyLimit ?? DEFAULT_ADMIN_HANDLER_OPTIONS.bodyLimit;
  if (!Number.isInteger(bodyLimit) || bodyLimit < 1) throw new CacheConfigError(`${where}: bodyLimit must be a positive number of bytes, got ${String(bodyLimit)}.`);
  const list = providers === undefined ? registered : typeof providers === 'function' ? providers : () => providers;
  return { token, providers: list, registry, basePath, bodyLimit };
}
