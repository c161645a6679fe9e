/**
 * XFetch (Vattani, Chierichetti, Lowenstein: "Optimal Probabilistic Cache
 * Stampede Prevention", VLDB 2015): refresh when
 * `now - delta * beta * ln(random()) >= expiry`, where delta is how long a
 * load takes. `ln(random())` is ≤ 0, so each hit moves "now" forward by a
 * random amount proportional to delta: far from expiry almost no hit
 * refreshes, near it almost every one would, and in between about one does —
 * so a hot key is refreshed once, in the background, before it expires.
 *
 * @param expiresAt the entry's expiry (epoch ms)
 * @param deltaMs the last load duration of the method (ms)
 * @param beta > 1 favours earlier refreshes, < 1 later ones
 * @param random uniform in [0, 1); injectable for tests
 */
export function xfetchDue(now: number, expiresAt: number, deltaMs: number, beta: number, random: () => number): boolean {
  if (deltaMs <= 0) return false; // no load measured yet: nothing to scale the gap by
  return now - deltaMs * beta * Math.log(random()) >= expiresAt;
}
