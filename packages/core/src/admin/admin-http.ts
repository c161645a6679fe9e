import { timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request as node:http, Express or Fastify (`request.raw`) hands it over; Express may have parsed the body already. */
export type AdminRequest = IncomingMessage & { body?: unknown };

/** An answer with an HTTP status, thrown by routes and turned into a JSON error response. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** Writes a JSON response that no proxy or browser keeps. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** SHA-256 of a token: compared digests have equal length, so timingSafeEqual never leaks the token's length. */
export function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Checks `Authorization: Bearer <token>` in constant time; throws 401 without credentials, 403 with wrong ones. */
export function authorize(req: IncomingMessage, expected: Buffer): void {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (match === null) throw new HttpError(401, 'missing bearer token', { 'www-authenticate': 'Bearer realm="cachet-admin"' });
  if (!timingSafeEqual(digest(match[1]), expected)) throw new HttpError(403, 'invalid token');
}

/**
 * The JSON body of a request: the one a framework already parsed (`req.body`),
 * else read from the stream up to `limit` bytes. An empty body is `{}`.
 * Throws 413 past the limit and 400 for malformed JSON or a non-object.
 */
export async function readJsonBody(req: AdminRequest, limit: number): Promise<Record<string, unknown>> {
  let raw: unknown = req.body;
  if (raw === undefined) {
    if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge(req, limit);
    raw = await readStream(req, limit);
  }
  if (Buffer.isBuffer(raw)) raw = raw.toString('utf8');
  if (typeof raw === 'string') {
    if (raw.trim() === '') return {};
    try {
      raw = JSON.parse(raw) as unknown;
    } catch (error) {
      throw new HttpError(400, `malformed JSON body: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new HttpError(400, 'the body must be a JSON object');
  return raw as Record<string, unknown>;
}

function readStream(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        reject(tooLarge(req, limit));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function tooLarge(req: IncomingMessage, limit: number): HttpError {
  // Drain what is left so the 413 can be written, and close the connection after it.
  req.resume();
  return new HttpError(413, `body larger than ${limit} bytes`, { connection: 'close' });
}
