import { promisify } from 'node:util';
import { deflate, inflate } from 'node:zlib';
import type { CacheEntry, Serializer } from '@cachet/core';
import { decodeEntryFrame, encodeEntryFrame } from '@cachet/tags';
import type { EntryFrame } from '@cachet/tags';

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

  /**
   * The entry stored as `payload`; a promise only for a compressed one (inflating
   * is asynchronous), so that a Redis hit of an ordinary entry costs no extra
   * promise. Throws (or rejects) for anything that is not a whole, readable entry.
   */
  decode(payload: Buffer): CacheEntry | Promise<CacheEntry> {
    const frame = decodeEntryFrame(payload);
    if (frame.compressed) return inflateAsync(frame.body, { maxOutputLength: MAX_INFLATED_BYTES }).then((raw) => this.entry(frame, raw));
    return this.entry(frame, frame.body);
  }

  private entry(frame: EntryFrame, raw: Buffer): CacheEntry {
    const value = this.serializer.deserialize(frame.binary ? raw : raw.toString('utf8'));
    // The frame's tags are a fresh array from its header: no copy needed.
    return { value, expiresAt: frame.expiresAt, staleUntil: frame.staleUntil, tags: frame.tags, createdAt: frame.createdAt };
  }
}
