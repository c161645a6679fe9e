import { readFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly redis: string;
  readonly loadAverage: string;
}

export function describeMachine(redis: string): Machine {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    redis,
    loadAverage: os.loadavg().map((l) => l.toFixed(2)).join(' '),
  };
}

/** The libraries as installed (read from their package.json: not every package exports it). */
export const MEASURED_PACKAGES = [
  '@cachet/core',
  '@cachet/stores',
  '@cachet/tags',
  'bentocache',
  'cacheable',
  'cache-manager',
  '@keyv/redis',
  'keyv',
  '@type-cacheable/core',
  '@type-cacheable/lru-cache-adapter',
  '@type-cacheable/ioredis-adapter',
  'async-cache-dedupe',
  'lru-cache',
  'ioredis',
  'mitata',
];

export function packageVersions(): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of MEASURED_PACKAGES) {
    try {
      versions[name] = (JSON.parse(readFileSync(join(BENCH_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      versions[name] = 'not installed';
    }
  }
  return versions;
}
