/**
 * Lua functions shared by the tag-index scripts; each script is this prelude
 * plus its body. Kept in one place so the entry-frame and glob rules match the
 * TypeScript side (`entry-frame.ts`, `@cachet/core` glob).
 */
export const LUA_HELPERS = `
-- Server time in microseconds; generations and token ages use the server clock
-- so that instances with skewed clocks still agree.
local function cachet_now_us()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000000 + tonumber(t[2])
end

-- Tags of the cachet entry stored at key, or nil when the key is missing or
-- holds something that is not a cachet entry frame ("ct1" <flag> <json> "\\n" ...).
-- Reads only the head of the value: the meta JSON is never compressed.
-- The first read is short (most metas are well under 256 bytes): a tag
-- invalidation calls this once per entry, and copying 4 KB each time is most
-- of its cost for large values. A caller that read that first head already
-- passes it as head.
local function cachet_entry_tags(key, head)
  head = head or redis.pcall('GETRANGE', key, 0, 255)
  if type(head) ~= 'string' or string.sub(head, 1, 3) ~= 'ct1' then return nil end
  local nl = string.find(head, '\\n', 5, true)
  if not nl and #head == 256 then
    head = redis.call('GETRANGE', key, 0, 4095)
    nl = string.find(head, '\\n', 5, true)
    if not nl and #head == 4096 then
      head = redis.call('GET', key)
      nl = string.find(head, '\\n', 5, true)
    end
  end
  if not nl then return nil end
  local ok, meta = pcall(cjson.decode, string.sub(head, 5, nl - 1))
  if not ok or type(meta) ~= 'table' or type(meta.t) ~= 'table' then return nil end
  return meta.t
end

-- True when the guard mark at key is newer than the token.
local function cachet_newer(key, token)
  local v = redis.call('GET', key)
  return v and tonumber(v) > token
end

local function cachet_lit(c)
  if string.find(c, '^%w$') then return c end
  return '%' .. c
end

-- Compiles a Redis glob (* ? [abc] [^a] [a-z] \\x) into an anchored Lua pattern.
local function cachet_glob(g)
  local out = { '^' }
  local i, n = 1, #g
  while i <= n do
    local c = string.sub(g, i, i)
    if c == '*' then table.insert(out, '.-')
    elseif c == '?' then table.insert(out, '.')
    elseif c == '\\\\' and i < n then i = i + 1; table.insert(out, cachet_lit(string.sub(g, i, i)))
    elseif c == '[' then
      local j = i + 1
      if string.sub(g, j, j) == '^' then j = j + 1 end
      if string.sub(g, j, j) == ']' then j = j + 1 end
      while j <= n and string.sub(g, j, j) ~= ']' do
        if string.sub(g, j, j) == '\\\\' then j = j + 1 end
        j = j + 1
      end
      if j > n then table.insert(out, '%[')
      else
        local body = string.sub(g, i + 1, j - 1)
        local cls = { '[' }
        local k = 1
        if string.sub(body, 1, 1) == '^' then table.insert(cls, '^'); k = 2 end
        while k <= #body do
          local b = string.sub(body, k, k)
          if b == '\\\\' and k < #body then k = k + 1; b = string.sub(body, k, k) end
          if string.sub(body, k + 1, k + 1) == '-' and k + 2 <= #body then
            local e = string.sub(body, k + 2, k + 2)
            k = k + 2
            if e == '\\\\' and k < #body then k = k + 1; e = string.sub(body, k, k) end
            local lo, hi = string.byte(b), string.byte(e)
            if hi < lo then lo, hi = hi, lo end
            -- Ranges are spelled out: Lua has no escaped range endpoints.
            for code = lo, hi do table.insert(cls, cachet_lit(string.char(code))) end
          else
            table.insert(cls, cachet_lit(b))
          end
          k = k + 1
        end
        table.insert(cls, ']')
        table.insert(out, table.concat(cls))
        i = j
      end
    else table.insert(out, cachet_lit(c)) end
    i = i + 1
  end
  table.insert(out, '$')
  return table.concat(out)
end

-- True when a revoke pattern newer than the token matches the key. marks is
-- the pattern-mark hash as HGETALL returns it (read once per script).
local function cachet_pattern_refuses(marks, token, key)
  for i = 1, #marks, 2 do
    if tonumber(marks[i + 1]) > token and string.find(key, cachet_glob(marks[i])) then return true end
  end
  return false
end

-- Adds member to a tag set: prunes members whose staleUntil has passed (so
-- sets do not grow while entries expire), keeps the larger score (GT) so an
-- older concurrent write cannot shorten a membership, and keeps the set alive
-- at least as long as its longest entry.
local function cachet_tag_add(set, score, member, ttl, now_ms)
  redis.call('ZREMRANGEBYSCORE', set, '-inf', now_ms)
  redis.call('ZADD', set, 'GT', score, member)
  if redis.call('PTTL', set) < ttl then redis.call('PEXPIRE', set, ttl) end
end
`;
