/**
 * A pino-compatible logger: each method takes an optional object of fields and
 * a message. cachet never logs cached values.
 */
export interface CacheLogger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}
