import { LUA_HELPERS } from './helpers.lua';
import { LuaScript } from './script';

/** A write script's reply for a write that landed and had nothing to publish. */
export const WRITTEN = 1;
/** A write script's reply for a write that landed over an entry and published its message. */
export const WRITTEN_AND_PUBLISHED = 2;

/**
 * One compare-and-set write: guard check, the old entry's tags dropped from
 * their sets (so the index stays exact), SET with PX, the tag sets, and the
 * PUBLISH of `message` on `channel` when given and the write replaced an
 * entry. Returns WRITTEN_AND_PUBLISHED (2) when written and published,
 * WRITTEN (1) when written with nothing to publish, 0 when the guard
 * refused it. `marks` is the pattern-mark hash as HGETALL returns it, read
 * once per script.
 *
 * Why a write into an empty key publishes nothing: a tier's L1 copies are
 * only ever made of values L2 held, and a value leaves L2 by expiring (its
 * copies expire with it), by a delete, invalidation, revoke or clear (each
 * publishes its own message), or by eviction or a deletion outside cachet
 * (which no message ever announced). So no peer can hold a copy this write
 * must drop, and a read-through miss, the most common write, sends no
 * message to every instance (nor to its own subscriber).
 */
const WRITE_ONE = `
local function cachet_write(entry, key_mark, clear_newer, marks, sets, tag_marks, token_arg, window, payload, ttl, score, rel, prefix, now_us, channel, message)
  local token = tonumber(token_arg)
  if token then
    if now_us - token > window then return 0 end
    if clear_newer(token) or cachet_newer(key_mark, token) then return 0 end
    for i = 1, #tag_marks do if cachet_newer(tag_marks[i], token) then return 0 end end
    if cachet_pattern_refuses(marks, token, rel) then return 0 end
  end
  local keep = {}
  for i = 1, #sets do keep[sets[i]] = true end
  -- Anything at the key (even another program's value) counts as replaced.
  local head = redis.pcall('GETRANGE', entry, 0, 255)
  local replaced = type(head) ~= 'string' or head ~= ''
  local old = cachet_entry_tags(entry, head)
  if old then
    for _, tag in ipairs(old) do
      local set = prefix .. '~t:' .. tag
      if not keep[set] then redis.call('ZREM', set, rel) end
    end
  end
  redis.call('SET', entry, payload, 'PX', ttl)
  local now_ms = math.floor(now_us / 1000)
  for i = 1, #sets do cachet_tag_add(sets[i], score, rel, ttl, now_ms) end
  if channel and channel ~= '' and replaced then
    redis.call('PUBLISH', channel, message)
    return ${WRITTEN_AND_PUBLISHED}
  end
  return ${WRITTEN}
end

-- The clear mark is read at most once per script, and only by a write with a token.
local function cachet_clear_check(clear_mark)
  local value = false
  local read = false
  return function(token)
    if not read then
      value = redis.call('GET', clear_mark)
      read = true
    end
    return value and tonumber(value) > token
  end
end
`;

/**
 * The compare-and-set write on a standalone server: guard check, entry SET with
 * PX, and the tag index, in one atomic script.
 *
 * KEYS: entry, key mark, clear mark, pattern marks, tag set × n, tag mark × n.
 * ARGV: token ('' = unconditional), window µs, payload, ttl ms, score
 * (staleUntil ms), relative key, prefix, notAfter (server epoch ms), and
 * optionally a channel and message to PUBLISH once written over an entry (a
 * tier's bus message: peers hear of the write in the same round trip, and only
 * if it landed). Returns 2 when written and published, 1 when written (nothing
 * to publish), 0 when refused by the guard, -1 when it arrived after
 * `notAfter` (its sender had given up: applying it now would resurrect a write
 * that failed, e.g. one held in a socket while Redis was frozen). Old tags of
 * the key (read from the entry it replaces) are dropped from their sets, so the
 * index stays exact.
 */
export const WRITE = new LuaScript(
  'cachet:write',
  `${LUA_HELPERS}${WRITE_ONE}
local n = (#KEYS - 4) / 2
local now_us = cachet_now_us()
if now_us > tonumber(ARGV[8]) * 1000 then return -1 end
local sets, tag_marks = {}, {}
for i = 1, n do
  sets[i] = KEYS[4 + i]
  tag_marks[i] = KEYS[4 + n + i]
end
local marks = {}
if ARGV[1] ~= '' then marks = redis.call('HGETALL', KEYS[4]) end
return cachet_write(KEYS[1], KEYS[2], cachet_clear_check(KEYS[3]), marks, sets, tag_marks, ARGV[1], tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4]), ARGV[5], ARGV[6], ARGV[7], now_us, ARGV[9], ARGV[10])`,
);

/** Arguments per write in {@link WRITE_MANY}. */
export const WRITE_MANY_ARGS_PER_ITEM = 8;

/**
 * {@link WRITE} for several entries in one round trip, each judged on its own
 * (the writes of one turn of the event loop, batched by the tag index).
 *
 * KEYS: clear mark, pattern marks, then per write: entry, key mark, tag set ×
 * n, tag mark × n. ARGV: window µs, prefix, notAfter, then per write: token
 * ('' = unconditional), payload, ttl ms, score, relative key, n, channel and
 * message ('' = publish nothing). Returns -1 when the script ran after
 * `notAfter` (nothing written), else an array of 2 (written and published) /
 * 1 (written) / 0 (refused by the guard), one per write, applied in order.
 */
export const WRITE_MANY = new LuaScript(
  'cachet:write-many',
  `${LUA_HELPERS}${WRITE_ONE}
local now_us = cachet_now_us()
if now_us > tonumber(ARGV[3]) * 1000 then return -1 end
local window = tonumber(ARGV[1])
local clear_newer = cachet_clear_check(KEYS[1])
local marks = nil
local results = {}
local k = 3
for a = 4, #ARGV, ${WRITE_MANY_ARGS_PER_ITEM} do
  local n = tonumber(ARGV[a + 5])
  local sets, tag_marks = {}, {}
  for i = 1, n do
    sets[i] = KEYS[k + 1 + i]
    tag_marks[i] = KEYS[k + 1 + n + i]
  end
  if marks == nil and ARGV[a] ~= '' then marks = redis.call('HGETALL', KEYS[2]) end
  results[#results + 1] = cachet_write(KEYS[k], KEYS[k + 1], clear_newer, marks or {}, sets, tag_marks, ARGV[a], window, ARGV[a + 1], tonumber(ARGV[a + 2]), ARGV[a + 3], ARGV[a + 4], ARGV[2], now_us, ARGV[a + 6], ARGV[a + 7])
  k = k + 2 + 2 * n
end
return results`,
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
