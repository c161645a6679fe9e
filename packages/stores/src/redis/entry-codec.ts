import { promisify } from 'node:util';
import { deflate, inflate } from 'node:zlib';
import type { CacheEntry, Serializer } from '@cachet/core';
import { decodeEntryFrame, encodeEntryFrame } from '@cachet/tags';

const deflateAsync = promisify(deflate);
const inflateAsync = promisify(inflate);

/** No stored value inflates past this: a corrupt or hostile payload cannot exhaust memory. */
const MAX_INFLATED_BYTES = 512 * 1024 * 1024;

/**
 * Entries ⇄ stored bytes: the value through the serializer, compressed when
 * larger than `compressAbove` (and only if that saves space), framed with its
 * metadata (see `EntryFrame` in @cachet/tags).
 */
export class EntryCodec {
  constructor(
    private readonly serializer: Serializer,
    private readonly compressAbove: number | false,
  ) {}

  /** Bytes to store for `entry`. Throws the serializer's `CacheSerializationError` for values it cannot encode. */
  async encode(entry: CacheEntry): Promise<Buffer> {
    const out = this.serializer.serialize(entry.value);
    const binary = typeof out !== 'string';
    let body = typeof out === 'string' ? Buffer.from(out, 'utf8') : out;
    let compressed = false;
    if (this.compressAbove !== false && body.length > this.compressAbove) {
      const packed = await deflateAsync(body);
      if (packed.length < body.length) {
        body = packed;
        compressed = true;
      }
    }
    return encodeEntryFrame({ expiresAt: entry.expiresAt, staleUntil: entry.staleUntil, createdAt: entry.createdAt, tags: entry.tags, compressed, binary, body });
  }

  /** The entry stored as `payload`. Throws for anything that is not a whole, readable entry. */
  async decode(payload: Buffer): Promise<CacheEntry> {
    const frame = decodeEntryFrame(payload);
    const raw = frame.compressed ? await inflateAsync(frame.body, { maxOutputLength: MAX_INFLATED_BYTES }) : frame.body;
    const value = this.serializer.deserialize(frame.binary ? raw : raw.toString('utf8'));
    return { value, expiresAt: frame.expiresAt, staleUntil: frame.staleUntil, tags: [...frame.tags], createdAt: frame.createdAt };
  }
}
