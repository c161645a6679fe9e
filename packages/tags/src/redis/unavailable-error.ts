/** Replies that mean "answered, but cannot serve now": they count as outages. */
const UNAVAILABLE_REPLY = /^(LOADING|BUSY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN)\b/;

/**
 * True when an error says Redis cannot be used: no answer, no connection, or
 * a reply such as LOADING or CLUSTERDOWN. Other replies (WRONGTYPE, NOSCRIPT,
 * a script error) prove the server answers, so they do not open the breaker.
 */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return true;
  const isReply = error.name === 'ReplyError' || error.constructor.name === 'ReplyError';
  return !isReply || UNAVAILABLE_REPLY.test(error.message);
}
