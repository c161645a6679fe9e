import { randomBytes } from 'node:crypto';

/** Payloads for the bus robustness test, and how many of them are malformed or foreign. */
export interface JunkPayloads {
  readonly payloads: Array<string | Buffer>;
  /** Payloads a TieredStore must count as malformed or foreign (the rest are valid replays from a made-up peer). */
  readonly bad: number;
}

const V1 = (fields: Record<string, unknown>) => JSON.stringify({ v: 1, src: 'peer-x', op: 'keys', items: ['app:a'], ...fields });

/** Makers of bad payloads, one kind each. */
const BAD: ReadonlyArray<(i: number) => string | Buffer> = [
  () => randomBytes(32), // binary noise
  (i) => V1({ items: [`app:${i}`] }).slice(0, 20 + (i % 15)), // truncated JSON
  () => '', // empty
  (i) => JSON.stringify({ v: 2, src: 'future-peer', op: 'keys', items: [`app:${i}`] }), // another format version
  (i) => [`[1,2,3]`, 'null', '42', '"text"', '{"hello":"world"}', 'true', '{}'][i % 7], // other programs' JSON
  (i) => V1({ op: ['explode', '', 'KEYS', null, 7][i % 5] }), // unknown op
  (i) => V1({ items: [[1], [null], [{}], 'app:a', { 0: 'app:a' }][i % 5] }), // items of the wrong type
  (i) => V1({ src: ['', 7, null, 'x'.repeat(500)][i % 4] }), // bad source id
  (i) => V1({ items: i % 2 === 0 ? Array.from({ length: 2_000 }, (_, j) => `app:${j}`) : ['x'.repeat(10_000)] }), // over the limits
  () => V1({ op: 'tags', items: [] }), // nothing to invalidate
  () => '{"v":1,"src":"peer-x","op":"keys","items":["app:a"],', // broken tail
  () => `{"__proto__":{"v":1},"src":"peer-x","op":"flush","items":[]}`, // prototype games
];

/**
 * `count` payloads: 7 of every 8 bad (cycling through every kind above), 1 of
 * every 8 a valid message from a made-up peer replaying an invalidation of
 * one of `keys` (or a flush): it may only ever drop L1 copies.
 */
export function junkPayloads(count: number, keys: readonly string[]): JunkPayloads {
  const payloads: Array<string | Buffer> = [];
  let bad = 0;
  for (let i = 0; i < count; i++) {
    if (i % 8 === 7) {
      const op = i % 40 === 7 ? 'flush' : i % 16 === 15 ? 'tags' : 'keys';
      const items = op === 'flush' ? [] : op === 'tags' ? [`app:item:${keys[i % keys.length].slice(4)}`] : [keys[i % keys.length]];
      payloads.push(JSON.stringify({ v: 1, src: 'replaying-peer', op, items }));
    } else {
      payloads.push(BAD[i % BAD.length](i));
      bad++;
    }
  }
  return { payloads, bad };
}
