import { promisify } from 'node:util';
import { deflate, inflate } from 'node:zlib';
import type { CacheEntry, Serializer } from '@cachet/core';
import { decodeEntryFrame, encodeEntryFrame, entryFrameHeader } from '@cachet/tags';
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

  /**
   * What to store for `entry`: one string (the frame's header and the text
   * body) when the body is uncompressed text, the common case, else bytes.
   * Both are the same frame; a string spares two Buffers here and ioredis's
   * slower path for commands with a Buffer argument (W3: ~10% of the CPU of a
   * miss went to building the write command). Throws the serializer's
   * `CacheSerializationError` for values it cannot encode.
   */
  async encode(entry: CacheEntry): Promise<string | Buffer> {
    const out = this.serializer.serialize(entry.value);
    const binary = typeof out !== 'string';
    const bytes = typeof out === 'string' ? Buffer.byteLength(out, 'utf8') : out.length;
    const compress = this.compressAbove !== false && bytes > this.compressAbove;
    if (typeof out === 'string' && !compress) {
      return entryFrameHeader({ expiresAt: entry.expiresAt, staleUntil: entry.staleUntil, createdAt: entry.createdAt, tags: entry.tags, compressed: false, binary: false }, bytes) + out;
    }
    let body = typeof out === 'string' ? Buffer.from(out, 'utf8') : out;
    let compressed = false;
    if (compress) {
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
    // The frame's tags come from its header: a fresh array, or the shared frozen empty one.
    return { value, expiresAt: frame.expiresAt, staleUntil: frame.staleUntil, tags: frame.tags, createdAt: frame.createdAt };
  }
}
