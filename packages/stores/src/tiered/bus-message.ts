/** Format version written in every message; a message with another version is foreign. */
export const BUS_MESSAGE_VERSION = 1;

/** Items per published message: long key lists are split so no payload grows without bound. */
export const ITEMS_PER_MESSAGE = 500;

/** Receiving limits: anything larger is malformed (a peer of this version never sends it). */
const MAX_PAYLOAD = 1024 * 1024;
const MAX_ITEMS = 1_000;
const MAX_ITEM_LENGTH = 8 * 1024;
const MAX_SOURCE_LENGTH = 128;

/** What a message asks every other instance to drop from its L1. */
export type InvalidationOp = 'keys' | 'tags' | 'patterns' | 'flush';

const OPS: ReadonlySet<string> = new Set<InvalidationOp>(['keys', 'tags', 'patterns', 'flush']);

/**
 * One bus message. Carries names only, never values, so a message can neither
 * leak data nor plant a value in a peer's L1.
 *
 * Wire form (JSON): `{"v":1,"src":"<instance id>","op":"keys","items":["k1","k2"]}`.
 */
export interface InvalidationMessage {
  /** Format version ({@link BUS_MESSAGE_VERSION}). */
  readonly v: number;
  /** Id of the instance that sent it; an instance ignores its own messages. */
  readonly src: string;
  readonly op: InvalidationOp;
  /** Full keys, tags or glob patterns; empty for `flush`. */
  readonly items: readonly string[];
}

/** What decoding a received payload found. */
export type DecodedPayload =
  | { readonly kind: 'message'; readonly message: InvalidationMessage }
  /** JSON, but not a cachet message of this version (another program on the channel, or another version). */
  | { readonly kind: 'foreign' }
  /** Not JSON, or claims to be a cachet message of this version but breaks its rules. */
  | { readonly kind: 'malformed' };

/** Encodes one message per chunk of at most {@link ITEMS_PER_MESSAGE} items (one message for `flush`). */
export function encodeMessages(src: string, op: InvalidationOp, items: readonly string[]): string[] {
  if (op === 'flush') return [JSON.stringify({ v: BUS_MESSAGE_VERSION, src, op, items: [] })];
  if (items.length === 1) return [oneItemMessage(messageStart(src), op, items[0])];
  const unique = [...new Set(items)];
  const payloads: string[] = [];
  for (let i = 0; i < unique.length; i += ITEMS_PER_MESSAGE) {
    payloads.push(JSON.stringify({ v: BUS_MESSAGE_VERSION, src, op, items: unique.slice(i, i + ITEMS_PER_MESSAGE) }));
  }
  return payloads;
}

/**
 * How every message {@link encodeMessages} writes for `src` begins (the
 * version, then the sender): a receiver recognises its own messages by it
 * without decoding them.
 */
export function messageStart(src: string): string {
  return `{"v":${BUS_MESSAGE_VERSION},"src":${JSON.stringify(src)},`;
}

/**
 * The message {@link encodeMessages} writes for one item, from the sender's
 * {@link messageStart}: the same text, without the Set, arrays and object of
 * the general path (a tier builds one for every write it makes).
 */
function oneItemMessage(start: string, op: Exclude<InvalidationOp, 'flush'>, item: string): string {
  return `${start}"op":"${op}","items":[${JSON.stringify(item)}]}`;
}

/** Decodes and validates a payload from the channel. Every input is a message, foreign or malformed; nothing throws. */
export function decodeMessage(payload: unknown): DecodedPayload {
  if (typeof payload !== 'string' || payload.length > MAX_PAYLOAD) return { kind: 'malformed' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch (error) {
    // JSON.parse of a string throws only SyntaxError: garbage (or binary traffic) on our channel.
    if (error instanceof SyntaxError) return { kind: 'malformed' };
    throw error;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { kind: 'foreign' };
  const { v, src, op, items } = parsed as Record<string, unknown>;
  if (v !== BUS_MESSAGE_VERSION) return { kind: 'foreign' };
  if (typeof src !== 'string' || src.length === 0 || src.length > MAX_SOURCE_LENGTH) return { kind: 'malformed' };
  if (typeof op !== 'string' || !OPS.has(op)) return { kind: 'malformed' };
  if (!Array.isArray(items) || items.length > MAX_ITEMS) return { kind: 'malformed' };
  if (!items.every((item) => typeof item === 'string' && item.length > 0 && item.length <= MAX_ITEM_LENGTH)) return { kind: 'malformed' };
  if (op !== 'flush' && items.length === 0) return { kind: 'malformed' };
  return { kind: 'message', message: { v, src, op: op as InvalidationOp, items: items as string[] } };
}
