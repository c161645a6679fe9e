import { LUA_HELPERS } from './helpers.lua';
import { LuaScript } from './script';

/**
 * The compare-and-set write on a standalone server: guard check, entry SET with
 * PX, and the tag index, in one atomic script.
 *
 * KEYS: entry, key mark, clear mark, pattern marks, tag set × n, tag mark × n.
 * ARGV: token ('' = unconditional), window µs, payload, ttl ms, score
 * (staleUntil ms), relative key, prefix, notAfter (server epoch ms), and
 * optionally a channel and message to PUBLISH once written (a tier's bus
 * message: peers hear of the write in the same round trip, and only if it landed).
 * Returns 1 when written, 0 when refused by the guard, -1 when it arrived after
 * `notAfter` (its sender had given up: applying it now would resurrect a write
 * that failed, e.g. one held in a socket while Redis was frozen). Old tags of
 * the key (read from the entry it replaces) are dropped from their sets, so the
 * index stays exact.
 */
export const WRITE = new LuaScript(
  'cachet:write',
  `${LUA_HELPERS}
local n = (#KEYS - 4) / 2
local now_us = cachet_now_us()
if now_us > tonumber(ARGV[8]) * 1000 then return -1 end
local token = tonumber(ARGV[1])
if token then
  if now_us - token > tonumber(ARGV[2]) then return 0 end
  if cachet_newer(KEYS[2], token) or cachet_newer(KEYS[3], token) then return 0 end
  for i = 1, n do if cachet_newer(KEYS[4 + n + i], token) then return 0 end end
  if cachet_pattern_refuses(KEYS[4], token, ARGV[6]) then return 0 end
end
local keep = {}
for i = 1, n do keep[KEYS[4 + i]] = true end
local old = cachet_entry_tags(KEYS[1])
if old then
  for _, tag in ipairs(old) do
    local set = ARGV[7] .. '~t:' .. tag
    if not keep[set] then redis.call('ZREM', set, ARGV[6]) end
  end
end
local ttl = tonumber(ARGV[4])
redis.call('SET', KEYS[1], ARGV[3], 'PX', ttl)
local now_ms = math.floor(now_us / 1000)
for i = 1, n do cachet_tag_add(KEYS[4 + i], ARGV[5], ARGV[6], ttl, now_ms) end
if ARGV[9] then redis.call('PUBLISH', ARGV[9], ARGV[10]) end
return 1`,
);

/**
 * Plain entry writes that refuse to land late, all or none. KEYS: entries
 * (one slot). ARGV: notAfter (server epoch ms), then payload and ttl ms for
 * each key. Returns the number written, or -1 when the script ran after
 * `notAfter` (see WRITE) and wrote nothing.
 */
export const SET_TIMELY = new LuaScript(
  'cachet:set-timely',
  `${LUA_HELPERS}
if cachet_now_us() > tonumber(ARGV[1]) * 1000 then return -1 end
for i = 1, #KEYS do redis.call('SET', KEYS[i], ARGV[2 * i], 'PX', ARGV[2 * i + 1]) end
return #KEYS`,
);

/** One tag-set insert (Cluster and foreign-store paths). KEYS[1] tag set; ARGV score, member, ttl ms. */
export const TAG_ADD = new LuaScript(
  'cachet:tag-add',
  `${LUA_HELPERS}
cachet_tag_add(KEYS[1], ARGV[1], ARGV[2], tonumber(ARGV[3]), math.floor(cachet_now_us() / 1000))
return 1`,
);

/**
 * Replaces the key → tags record of an entry kept outside Redis. KEYS[1]
 * record; ARGV ttl ms, score, tag… The record expires with its entry.
 */
export const SET_KEY_TAGS = new LuaScript(
  'cachet:set-key-tags',
  `redis.call('DEL', KEYS[1])
for i = 3, #ARGV do redis.call('ZADD', KEYS[1], ARGV[2], ARGV[i]) end
if #ARGV > 2 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return 1`,
);
