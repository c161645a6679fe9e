import { LUA_HELPERS } from './helpers.lua';
import { LuaScript } from './script';

/**
 * One chunk of a tag invalidation on a standalone server: takes up to ARGV[2]
 * members of the tag set KEYS[1], deletes their entries (only those whose entry
 * still carries the tag ARGV[3], or that are not cachet entries at all), drops
 * them from their other tag sets and from this one. ARGV[1] prefix, ARGV[4]
 * the tag as JSON text (as the entry frame's meta spells it).
 * Chunks keep every single command short (see SLOWLOG in the README).
 * Returns { entries removed, members left }.
 *
 * Most entries carry this one tag only: their meta then holds the exact text
 * `"t":[<tag>],"n":` (the frame writes its fields in a fixed order, see
 * entry-frame.ts), found with one plain search in the head the script reads
 * anyway, instead of decoding the meta with cjson: that halved the script's
 * time (10,000 entries: ~1.4 → ~0.75 ms per chunk of 200, INFO commandstats).
 */
export const INVALIDATE_CHUNK = new LuaScript(
  'cachet:invalidate-chunk',
  `${LUA_HELPERS}
local members = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)
if #members == 0 then return { 0, 0 } end
local only = '"t":[' .. ARGV[4] .. '],"n":'
-- Collected first, then one UNLINK and one ZREM per other tag for the whole
-- chunk: a redis.call per entry and tag was most of the script's time.
local doomed = {}
local others = {}
for _, m in ipairs(members) do
  local entry = ARGV[1] .. m
  local head = redis.pcall('GETRANGE', entry, 0, 255)
  local at = type(head) == 'string' and string.sub(head, 1, 3) == 'ct1' and string.find(head, only, 5, true)
  local nl = at and string.find(head, '\\n', 5, true)
  if at and nl and at < nl then
    -- Carries this tag and no other.
    doomed[#doomed + 1] = entry
  else
    local tags = cachet_entry_tags(entry, head)
    local carries = tags == nil
    if tags then
      for _, tag in ipairs(tags) do
        if tag == ARGV[3] then carries = true end
      end
    end
    if carries then
      doomed[#doomed + 1] = entry
      if tags then
        for _, tag in ipairs(tags) do
          if tag ~= ARGV[3] then
            local list = others[tag]
            if not list then
              list = {}
              others[tag] = list
            end
            list[#list + 1] = m
          end
        end
      end
    end
  end
end
local removed = 0
if #doomed > 0 then removed = redis.call('UNLINK', unpack(doomed)) end
for tag, list in pairs(others) do redis.call('ZREM', ARGV[1] .. '~t:' .. tag, unpack(list)) end
-- By rank: the chunk is the set's first members (the script is atomic), and this
-- skips looking each one up again (~25 µs less per chunk of 200 than ZREM;
-- ZPOPMIN was slower still, as it replies with every score).
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, #members - 1)
return { removed, redis.call('ZCARD', KEYS[1]) }`,
);

/**
 * Deletes entries KEYS (one slot on a Cluster). ARGV[1] prefix, ARGV[2] '1' to
 * also drop each key from its tag sets (standalone only: the sets live in other
 * slots on a Cluster), ARGV[3..] the relative keys. Returns how many existed.
 */
export const DELETE_ENTRIES = new LuaScript(
  'cachet:delete-entries',
  `${LUA_HELPERS}
local removed = 0
for i, entry in ipairs(KEYS) do
  if ARGV[2] == '1' then
    local tags = cachet_entry_tags(entry)
    if tags then
      for _, tag in ipairs(tags) do redis.call('ZREM', ARGV[1] .. '~t:' .. tag, ARGV[2 + i]) end
    end
  end
  removed = removed + redis.call('UNLINK', entry)
end
return removed`,
);

/**
 * Removes members from the tag set KEYS[1] unless a write re-added them with a
 * later staleUntil since they were read. ARGV: member, score, member, score, …
 */
export const ZREM_IF_NOT_NEWER = new LuaScript(
  'cachet:zrem-if-not-newer',
  `local n = 0
for i = 1, #ARGV, 2 do
  local s = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if s and tonumber(s) <= tonumber(ARGV[i + 1]) then n = n + redis.call('ZREM', KEYS[1], ARGV[i]) end
end
return n`,
);
