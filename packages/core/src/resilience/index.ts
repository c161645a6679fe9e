export { CircuitBreaker, isOutage } from './circuit-breaker';
export type { BreakerTicket, CircuitBreakerStats } from './circuit-breaker';
export { DEFAULT_CIRCUIT_BREAKER_OPTIONS, resolveBreakerOptions } from './circuit-breaker.options';
export type { BreakerState, CircuitBreakerOptions, ResolvedCircuitBreakerOptions } from './circuit-breaker.options';
export { CircuitOpenError } from './circuit-open-error';
export { BreakerStore, breakerOf } from './breaker-store';
export type { BreakerAware } from './breaker-store';
export { startDeadline } from './deadline-queue';
export type { Deadline } from './deadline-queue';
