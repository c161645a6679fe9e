import type { Spread } from './stats.js';
import type { Unit } from './workloads/index.js';

/** A number the way a reader scans a table: 3 significant figures, k/M for throughput. */
export function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return '–';
  if (unit === 'calls') return String(Math.round(value));
  if (unit === 'ops/s') {
    if (value >= 1e6) return `${(value / 1e6).toPrecision(3)}M`;
    if (value >= 1e3) return `${(value / 1e3).toPrecision(3)}k`;
    return value.toPrecision(3);
  }
  if (Math.abs(value) >= 100) return String(Math.round(value));
  return value.toPrecision(3);
}

/** `median unit (min–max)`; the range only when there was more than one process. */
export function formatSpread(s: Spread, unit: Unit): string {
  const median = `${formatValue(s.median, unit)} ${unit}`;
  if (s.runs < 2) return median;
  return `${median} (${formatValue(s.min, unit)}–${formatValue(s.max, unit)})`;
}
