import type { CacheLogger } from '../contracts/logger';

/**
 * The logger used when none is given: warnings and errors reach the console
 * (a failing store must never go unnoticed), debug and info are dropped to keep
 * hot paths quiet. Pass a pino logger to see everything.
 */
export const consoleLogger: CacheLogger = Object.freeze({
  debug(): void {
    // Intentionally dropped by default: debug lines are per call.
  },
  info(): void {
    // Intentionally dropped by default.
  },
  warn(obj: Record<string, unknown>, msg?: string): void {
    console.warn(`[cachet] ${msg ?? ''}`, obj);
  },
  error(obj: Record<string, unknown>, msg?: string): void {
    console.error(`[cachet] ${msg ?? ''}`, obj);
  },
});
