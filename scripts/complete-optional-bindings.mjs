// The package registry reachable from these machines serves only the Linux
// builds of unrs-resolver's native bindings (a dependency of jest 30); the
// other platforms answer 404. npm then writes a lock without them, and
// `npm ci` refuses that lock as out of sync with unrs-resolver's
// optionalDependencies. This script adds the missing entries with their
// os/cpu/libc, so `npm ci` accepts the lock and skips them on Linux (they are
// optional and for other platforms, so nothing is fetched). It runs as the
// root `postinstall`, so every `npm install` leaves a lock that `npm ci` takes.
import { readFileSync, writeFileSync } from 'node:fs';

const LOCK = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(LOCK, 'utf8'));
const PLATFORM = {
  'android-arm-eabi': { os: ['android'], cpu: ['arm'] },
  'android-arm64': { os: ['android'], cpu: ['arm64'] },
  'darwin-arm64': { os: ['darwin'], cpu: ['arm64'] },
  'darwin-x64': { os: ['darwin'], cpu: ['x64'] },
  'freebsd-x64': { os: ['freebsd'], cpu: ['x64'] },
  'linux-arm-gnueabihf': { os: ['linux'], cpu: ['arm'], libc: ['glibc'] },
  'linux-arm-musleabihf': { os: ['linux'], cpu: ['arm'], libc: ['musl'] },
  'linux-loong64-gnu': { os: ['linux'], cpu: ['loong64'], libc: ['glibc'] },
  'linux-loong64-musl': { os: ['linux'], cpu: ['loong64'], libc: ['musl'] },
  'linux-ppc64-gnu': { os: ['linux'], cpu: ['ppc64'], libc: ['glibc'] },
  'linux-riscv64-gnu': { os: ['linux'], cpu: ['riscv64'], libc: ['glibc'] },
  'linux-riscv64-musl': { os: ['linux'], cpu: ['riscv64'], libc: ['musl'] },
  'linux-s390x-gnu': { os: ['linux'], cpu: ['s390x'], libc: ['glibc'] },
  'openharmony-arm64': { os: ['openharmony'], cpu: ['arm64'] },
  'wasm32-wasi': { cpu: ['wasm32'] },
  'win32-arm64-msvc': { os: ['win32'], cpu: ['arm64'] },
  'win32-ia32-msvc': { os: ['win32'], cpu: ['ia32'] },
  'win32-x64-msvc': { os: ['win32'], cpu: ['x64'] },
};

let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  if (!path.endsWith('node_modules/unrs-resolver')) continue;
  const base = path.slice(0, -'unrs-resolver'.length);
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `${base}${name}`;
    if (lock.packages[key]) continue;
    const platform = PLATFORM[name.replace('@unrs/resolver-binding-', '')];
    if (!platform) throw new Error(`complete-optional-bindings: no platform known for ${name}`);
    lock.packages[key] = { version, ...platform, dev: true, optional: true };
    added++;
  }
}
// Untouched when nothing was missing, so a clean `npm ci` never rewrites the lock.
if (added > 0) {
  lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
  writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`complete-optional-bindings: ${added} lock entries added for platforms the registry here does not serve`);
}
