/**
 * The fleet's shared state in Redis, changed only by these scripts so that every api and worker
 * process sees one consistent fleet. Keys are built inside the scripts from a prefix (ARGV[1]):
 * fine on one Redis server, which is what the gateway supports (not Redis Cluster).
 *
 *   <p>online                      ZSET device id -> last sign of life (ms)
 *   <p>dev:<id>                    HASH acct, sid (the socket that currently speaks for the phone)
 *   <p>acct:<acct>:devices         SET  the account's devices that are present
 *   <p>dev:<id>:inflight           ZSET message id -> handed over at (ms), until confirmed `sent`
 *   <p>dev:<id>:log                ZSET "<message>:<attempt>:<parts>" -> handed over at (ms), one day
 *   <p>dev:<id>:sim:<slot>:log     the same per SIM
 *   <p>dev:<id>:rr                 the next SIM index for round robin
 *   <p>acct:<acct>:sticky:<hash>   the device a recipient last heard from (the number hashed)
 *   <p>acct:<acct>:last            HASH device id -> when it last got work (ms)
 *   <p>msg:<id>:dev                the device whose inflight set holds the message, while it does
 */

/** ARGV: prefix, device, account, socket id, now. Returns 1 when the device came online. */
export const PRESENCE_UP = `
local P, dev, acct, sid, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local h = P .. 'dev:' .. dev
local was = redis.call('EXISTS', h)
redis.call('HSET', h, 'acct', acct, 'sid', sid)
redis.call('ZADD', P .. 'online', now, dev)
redis.call('SADD', P .. 'acct:' .. acct .. ':devices', dev)
return was == 1 and 0 or 1
`;

/**
 * ARGV: prefix, device, account, socket id, now. A sign of life from the socket that speaks for
 * the phone. Returns 1, or 2 when the device had been declared offline meanwhile (it is back), or
 * 0 when another socket has taken over (this one is stale).
 */
export const PRESENCE_BEAT = `
local P, dev, acct, sid, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local h = P .. 'dev:' .. dev
local current = redis.call('HGET', h, 'sid')
if current == false then
  redis.call('HSET', h, 'acct', acct, 'sid', sid)
  redis.call('ZADD', P .. 'online', now, dev)
  redis.call('SADD', P .. 'acct:' .. acct .. ':devices', dev)
  return 2
end
if current ~= sid then return 0 end
redis.call('ZADD', P .. 'online', now, dev)
return 1
`;

/** ARGV: prefix, device, socket id ('' = whichever). Returns 1 when the device went offline. */
export const PRESENCE_DOWN = `
local P, dev, sid = ARGV[1], ARGV[2], ARGV[3]
local h = P .. 'dev:' .. dev
local current = redis.call('HGET', h, 'sid')
if current == false or (sid ~= '' and current ~= sid) then return 0 end
local acct = redis.call('HGET', h, 'acct')
redis.call('DEL', h)
redis.call('ZREM', P .. 'online', dev)
redis.call('SREM', P .. 'acct:' .. acct .. ':devices', dev)
return 1
`;

/** ARGV: prefix, silent-since (ms). Removes the devices silent since then; returns [id, account, ...]. */
export const PRESENCE_EXPIRE = `
local P, since = ARGV[1], tonumber(ARGV[2])
local out = {}
for _, dev in ipairs(redis.call('ZRANGEBYSCORE', P .. 'online', '-inf', '(' .. since, 'LIMIT', 0, 1000)) do
  local h = P .. 'dev:' .. dev
  local acct = redis.call('HGET', h, 'acct')
  redis.call('DEL', h)
  redis.call('ZREM', P .. 'online', dev)
  if acct then
    redis.call('SREM', P .. 'acct:' .. acct .. ':devices', dev)
    table.insert(out, dev)
    table.insert(out, acct)
  end
end
return out
`;

/** ARGV: prefix, account, healthy-since (ms). The account's devices with a sign of life since then. */
export const PRESENCE_HEALTHY = `
local P, acct, since = ARGV[1], ARGV[2], tonumber(ARGV[3])
local members = redis.call('SMEMBERS', P .. 'acct:' .. acct .. ':devices')
local out = {}
if #members == 0 then return out end
local seen = redis.call('ZMSCORE', P .. 'online', unpack(members))
for i, dev in ipairs(members) do
  if seen[i] and tonumber(seen[i]) >= since then table.insert(out, dev) end
end
return out
`;

/**
 * Picks a phone (and SIM) for one message and books its budget, atomically across processes.
 * ARGV: prefix, now, request JSON:
 *   {acct, msg, attempt, parts, window, stale, sticky: {key, ttl} | null,
 *    cands: [{id, t: {m, h, d, i}, sims: [{slot, t}], policy, slot}]}
 * Returns {'ok', device, slot (-1: none)} or {'wait', ms}.
 *
 * A candidate qualifies when it holds fewer than `window` unconfirmed messages and both the
 * phone's and one SIM's limits (parts per minute / hour / day, minimum interval) leave room for
 * `parts`. Among those the least loaded wins (fewest unconfirmed, then least recently given work).
 */
export const RESERVE = `
local P, now, r = ARGV[1], tonumber(ARGV[2]), cjson.decode(ARGV[3])
local DAY = 86400000
local WINDOW_RETRY = 200

local function wait_in(key, limit, span, need)
  if type(limit) ~= 'number' or limit <= 0 then return 0 end
  local e = redis.call('ZRANGEBYSCORE', key, '(' .. (now - span), '+inf', 'WITHSCORES')
  local used = 0
  for i = 1, #e, 2 do used = used + tonumber(string.match(e[i], ':(%d+)$')) end
  -- A message longer than the whole budget goes alone once the window is empty.
  if need > limit then need = limit end
  if used + need <= limit then return 0 end
  for i = 1, #e, 2 do
    used = used - tonumber(string.match(e[i], ':(%d+)$'))
    if used + need <= limit then return tonumber(e[i + 1]) + span - now end
  end
  return span
end

local function wait_for(key, t, need)
  if type(t) ~= 'table' then return 0 end
  local w = 0
  if type(t.i) == 'number' and t.i > 0 then
    local last = redis.call('ZREVRANGE', key, 0, 0, 'WITHSCORES')
    if #last == 2 then w = math.max(w, tonumber(last[2]) + t.i - now) end
  end
  w = math.max(w, wait_in(key, t.m, 60000, need))
  w = math.max(w, wait_in(key, t.h, 3600000, need))
  w = math.max(w, wait_in(key, t.d, DAY, need))
  return w
end

local cands = r.cands
if r.sticky ~= cjson.null and r.sticky ~= nil then
  local pinned = redis.call('GET', r.sticky.key)
  if pinned then
    for _, c in ipairs(cands) do
      if c.id == pinned then cands = { c } break end
    end
  end
end
if #cands == 0 then return { 'wait', WINDOW_RETRY } end

-- Least loaded first, then the one given work longest ago; only then look at budgets, so a fleet
-- of a hundred phones costs a hundred ZCARDs and one HMGET, and usually one budget check.
local lastKey = P .. 'acct:' .. r.acct .. ':last'
-- The device holding the message's own earlier booking, if any (one key, instead of asking every
-- candidate's set: with a hundred phones that was two hundred more calls per message).
local bookedKey = P .. 'msg:' .. r.msg .. ':dev'
local booked = redis.call('GET', bookedKey)
-- A message's own entry is not load: a process that died between booking a message and handing it
-- over leaves the entry, and the message's retry takes its place again instead of waiting for it.
local function load_of(id)
  local key = P .. 'dev:' .. id .. ':inflight'
  local n = redis.call('ZCARD', key)
  if id == booked and redis.call('ZSCORE', key, r.msg) then n = n - 1 end
  return n
end

local ids, loads = {}, {}
for i, c in ipairs(cands) do
  ids[i] = c.id
  loads[i] = load_of(c.id)
end
local lasts = redis.call('HMGET', lastKey, unpack(ids))
local order = {}
for i = 1, #cands do
  order[i] = i
  lasts[i] = tonumber(lasts[i]) or 0
end
table.sort(order, function(a, b)
  if loads[a] ~= loads[b] then return loads[a] < loads[b] end
  if lasts[a] ~= lasts[b] then return lasts[a] < lasts[b] end
  return ids[a] < ids[b]
end)

local best, bestSlot, bestRr = nil, -1, nil
local minWait = nil
for _, i in ipairs(order) do
  local c = cands[i]
  local base = P .. 'dev:' .. c.id
  local load = loads[i]
  if load >= r.window then
    -- Entries older than a lease are leftovers (a report lost with a process): not real load.
    redis.call('ZREMRANGEBYSCORE', base .. ':inflight', '-inf', now - r.stale)
    load = load_of(c.id)
  end
  local wait = 0
  if load >= r.window then
    wait = WINDOW_RETRY
  else
    wait = wait_for(base .. ':log', c.t, r.parts)
  end
  local slot, rrNext = -1, nil
  if wait <= 0 then
    local sims = c.sims
    if type(c.slot) == 'number' then
      sims = {}
      for _, s in ipairs(c.sims) do if s.slot == c.slot then sims = { s } end end
      if #sims == 0 then sims = { { slot = c.slot } } end
    end
    if #sims > 0 then
      local start = 0
      if c.policy == 'round-robin' and type(c.slot) ~= 'number' then
        start = tonumber(redis.call('GET', base .. ':rr') or '0') % #sims
      end
      local simWait = nil
      for k = 0, #sims - 1 do
        local s = sims[((start + k) % #sims) + 1]
        local sw = wait_for(base .. ':sim:' .. s.slot .. ':log', s.t, r.parts)
        if sw <= 0 then
          slot = s.slot
          rrNext = ((start + k) % #sims) + 1
          break
        end
        if simWait == nil or sw < simWait then simWait = sw end
      end
      if slot == -1 then wait = simWait end
    end
  end
  if wait <= 0 then
    best, bestSlot, bestRr = c.id, slot, rrNext
    break
  end
  if minWait == nil or wait < minWait then minWait = wait end
end

if best == nil then return { 'wait', math.max(math.ceil(minWait or WINDOW_RETRY), 1) } end

local base = P .. 'dev:' .. best
local member = r.msg .. ':' .. r.attempt .. ':' .. r.parts
-- One message is in flight on one phone: a leftover booking on another phone goes.
if booked and booked ~= best then redis.call('ZREM', P .. 'dev:' .. booked .. ':inflight', r.msg) end
redis.call('ZADD', base .. ':inflight', now, r.msg)
redis.call('PEXPIRE', base .. ':inflight', r.stale * 2)
redis.call('SET', bookedKey, best, 'PX', r.stale * 2)
redis.call('ZREMRANGEBYSCORE', base .. ':log', '-inf', now - DAY)
redis.call('ZADD', base .. ':log', now, member)
redis.call('PEXPIRE', base .. ':log', DAY * 2)
redis.call('HSET', lastKey, best, now)
redis.call('PEXPIRE', lastKey, DAY * 2)
if bestSlot ~= -1 then
  redis.call('ZADD', base .. ':sim:' .. bestSlot .. ':log', now, member)
  redis.call('ZREMRANGEBYSCORE', base .. ':sim:' .. bestSlot .. ':log', '-inf', now - DAY)
  redis.call('PEXPIRE', base .. ':sim:' .. bestSlot .. ':log', DAY * 2)
end
if bestRr ~= nil then redis.call('SET', base .. ':rr', bestRr, 'PX', DAY * 2) end
if r.sticky ~= cjson.null and r.sticky ~= nil then
  redis.call('SET', r.sticky.key, best, 'EX', r.sticky.ttl)
end
return { 'ok', best, bestSlot }
`;

/**
 * ARGV: prefix, device, message, member ('' = keep the budget), slot (-1: none). The phone
 * confirmed or lost the message: it no longer counts against the window; with a member, the
 * phone certainly never sent it, so its parts go back to the budget too.
 */
export const RELEASE = `
local P, dev, msg, member, slot = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local base = P .. 'dev:' .. dev
redis.call('ZREM', base .. ':inflight', msg)
local bookedKey = P .. 'msg:' .. msg .. ':dev'
if redis.call('GET', bookedKey) == dev then redis.call('DEL', bookedKey) end
if member ~= '' then
  redis.call('ZREM', base .. ':log', member)
  if slot ~= '-1' then redis.call('ZREM', base .. ':sim:' .. slot .. ':log', member) end
end
return 1
`;

/**
 * ARGV: prefix, then device and message pairs. RELEASE without a member for many messages in one
 * call (the status reports' group write): each no longer counts against its phone's window.
 */
export const RELEASE_MANY = `
local P = ARGV[1]
for i = 2, #ARGV, 2 do
  redis.call('ZREM', P .. 'dev:' .. ARGV[i] .. ':inflight', ARGV[i + 1])
end
return 1
`;
