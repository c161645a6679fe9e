import { CacheSerializationError } from '@cachet/core';
import { decodeEntryFrame, encodeEntryFrame } from '../../src/redis/entry-frame';
import type { EntryFrame } from '../../src/redis/entry-frame';

function frame(times: Pick<EntryFrame, 'expiresAt' | 'staleUntil' | 'createdAt'>, tags: string[] = []): EntryFrame {
  return { ...times, tags, compressed: false, binary: false, body: Buffer.from('{"id":1}') };
}

describe('entry frames', () => {
  it.each<[string, EntryFrame]>([
    ['whole-millisecond times, no tags (read without JSON.parse)', frame({ expiresAt: 1_764_880_000_123, staleUntil: 1_764_880_060_123, createdAt: 1_764_879_999_000 })],
    ['tags', frame({ expiresAt: 2_000, staleUntil: 3_000, createdAt: 1_000 }, ['users', 'user:1'])],
    ['fractional times', frame({ expiresAt: 1_000.5, staleUntil: 2_000.25, createdAt: 999.75 })],
    ['negative and huge times', frame({ expiresAt: 1e21, staleUntil: 1e21, createdAt: -5 })],
    ['a 16-digit time', frame({ expiresAt: 1_234_567_890_123_456, staleUntil: 1_234_567_890_123_456, createdAt: 0 })],
    ['zero times', frame({ expiresAt: 0, staleUntil: 0, createdAt: 0 })],
  ])('round-trips %s exactly', (_name, written) => {
    const read = decodeEntryFrame(encodeEntryFrame(written));
    expect({ ...read, tags: [...read.tags] }).toEqual(written);
  });

  it('refuses altered headers whichever way they are read', () => {
    const good = encodeEntryFrame(frame({ expiresAt: 2_000, staleUntil: 3_000, createdAt: 1_000 })).toString('latin1');
    const altered = [
      good.replace('"n":8', '"n":9'), // length no longer matches the body
      good.replace('"e":2000', '"e":"2000"'), // a string time
      good.replace('}\n', '\n'), // unterminated meta
      good.replace('"s":3000,', ''), // a field missing
    ];
    for (const text of altered) expect(() => decodeEntryFrame(Buffer.from(text, 'latin1'))).toThrow(CacheSerializationError);
  });

  it('hands out an untagged entry’s tags as a list no reader can add to', () => {
    const read = decodeEntryFrame(encodeEntryFrame(frame({ expiresAt: 2_000, staleUntil: 3_000, createdAt: 1_000 })));
    expect(read.tags).toEqual([]);
    expect(Object.isFrozen(read.tags)).toBe(true);
  });
});
