import { LUA_HELPERS } from './helpers.lua';
import { LuaScript } from './script';

/**
 * Next generation: strictly above the last one and never behind the server
 * clock in microseconds, so a generation also tells its age (tokens older than
 * the guard window are refused because their marks may have expired).
 * KEYS[1] counter. Returns the generation as a decimal string (2^53-safe).
 */
export const NEXT_GEN = new LuaScript(
  'cachet:next-gen',
  `${LUA_HELPERS}
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
local g = string.format('%.0f', math.max(cur + 1, cachet_now_us()))
redis.call('SET', KEYS[1], g)
return g`,
);

/** KEYS[1] counter (routing only). ARGV token, window µs. 1 when the token is young enough to be checked. */
export const TOKEN_FRESH = new LuaScript(
  'cachet:token-fresh',
  `${LUA_HELPERS}
if cachet_now_us() - tonumber(ARGV[1]) > tonumber(ARGV[2]) then return 0 end
return 1`,
);

/**
 * Sets each mark in KEYS to the generation ARGV[1] unless it already holds a
 * newer one (concurrent invalidations must not lower a mark). ARGV[2] window ms.
 */
export const MARK_MAX = new LuaScript(
  'cachet:mark-max',
  `for _, key in ipairs(KEYS) do
  local cur = redis.call('GET', key)
  if not cur or tonumber(cur) < tonumber(ARGV[1]) then redis.call('SET', key, ARGV[1], 'PX', ARGV[2]) end
end
return #KEYS`,
);

/**
 * Records a revoke pattern: KEYS[1] hash pattern → generation. ARGV pattern,
 * generation, window µs, window ms. Drops patterns older than the window, which
 * no acceptable token can predate.
 */
export const MARK_PATTERN = new LuaScript(
  'cachet:mark-pattern',
  `${LUA_HELPERS}
local oldest = cachet_now_us() - tonumber(ARGV[3])
local marks = redis.call('HGETALL', KEYS[1])
for i = 1, #marks, 2 do
  if tonumber(marks[i + 1]) < oldest then redis.call('HDEL', KEYS[1], marks[i]) end
end
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if not cur or tonumber(cur) < tonumber(ARGV[2]) then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1`,
);

/** Test hook: KEYS[1] routing only, ARGV glob, key → 1 when the Lua glob matches. */
export const GLOB_MATCH = new LuaScript(
  'cachet:glob-match',
  `${LUA_HELPERS}
if string.find(ARGV[2], cachet_glob(ARGV[1])) then return 1 end
return 0`,
);
