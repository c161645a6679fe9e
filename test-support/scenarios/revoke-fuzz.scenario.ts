import { escapeKeyPart, type CacheProvider } from '@cachet/core';
import { seededRandom } from './random';

/** Characters users type that mean something in keys or globs, plus ordinary ones. */
const ALPHABET = ['a', 'b', 'c', '1', '*', '?', '[', ']', '\\', ':', '~', '^', '-', '!', ' '];

/**
 * Stores `ids` hostile user ids under `users:user:<escaped id>` (plus a
 * neighbour namespace), then runs `patterns` revokes built from user-like
 * input the safe way (`escapeKeyPart(input)`, optionally followed by a `*`).
 * After each revoke, checks that exactly the intended keys went, and puts them
 * back. The survivors are read from the tag index and from `has` for the
 * intended ones, so both the store and the index must agree. Resolves to the number of entries removed beyond (or short of) the
 * intended ones (must be 0).
 */
export async function fuzzRevoke(cache: CacheProvider, seed: number, patterns = 1_000, ids = 300): Promise<number> {
  const random = seededRandom(seed);
  const word = (max: number) => Array.from({ length: 1 + Math.floor(random() * max) }, () => ALPHABET[Math.floor(random() * ALPHABET.length)]).join('');
  const users = [...new Set(Array.from({ length: ids }, () => word(4)))];
  const keyOf = (id: string) => `users:user:${escapeKeyPart(id)}`;
  // Every user entry carries one tag, so a single listing shows which survived a revoke.
  const put = (id: string) => cache.set(keyOf(id), id, { tags: ['fuzz-users'] });
  for (const id of users) await put(id);
  await cache.set('users:userx', 'neighbour');
  await cache.set('other:user:a', 'other namespace');
  let wrong = 0;
  for (let i = 0; i < patterns; i++) {
    const input = random() < 0.5 ? users[Math.floor(random() * users.length)].slice(0, 1 + Math.floor(random() * 3)) : word(3);
    const prefixMatch = random() < 0.5;
    const intended = users.filter((id) => (prefixMatch ? id.startsWith(input) : id === input));
    const removed = await cache.revoke(`users:user:${escapeKeyPart(input)}${prefixMatch ? '*' : ''}`);
    const present = new Set(await cache.keysForTag('fuzz-users'));
    const goneUnintended = users.filter((id) => !present.has(keyOf(id)) && !intended.includes(id)).length;
    const keptIntended = users.filter((id) => present.has(keyOf(id)) && intended.includes(id)).length;
    wrong += goneUnintended + keptIntended + Math.abs(removed - intended.length);
    for (const id of intended) if (await cache.has(keyOf(id))) wrong++;
    if (!(await cache.has('users:userx')) || !(await cache.has('other:user:a'))) wrong++;
    for (const id of intended) await put(id);
  }
  return wrong;
}
