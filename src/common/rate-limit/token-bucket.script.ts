/**
 * A token bucket for rate-limiter-flexible's `customIncrTtlLuaScript`. The library's own script is a
 * fixed window (a counter that resets `duration` seconds after its first point), which lets twice
 * the limit through across a window edge; this one refills continuously instead.
 *
 * The library calls it with KEYS[1] = the key and ARGV = [points to take (negative to give back),
 * duration in seconds, limiter points, limiter duration], and reads the answer as
 * [consumed points, ms before next]. We keep that contract: allowed → [limit - tokens left, ms until
 * full]; refused → [limit - tokens left + cost (over the limit, so the library rejects), ms until the
 * cost fits]. A refused request writes nothing; a full bucket has no key at all.
 *
 * TIME is the clock so every process agrees (Redis ≥ 5 replicates a script's effects, not the script).
 */
export const TOKEN_BUCKET_LUA = `
local cost = tonumber(ARGV[1])
local capacity = tonumber(ARGV[3])
local fill_ms = tonumber(ARGV[4]) * 1000
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = capacity
if state[1] and state[2] then
  local elapsed = math.max(0, now - tonumber(state[2]))
  tokens = math.min(capacity, tonumber(state[1]) + elapsed * capacity / fill_ms)
end
if cost > tokens + 1e-9 then
  local wait = math.ceil((math.min(cost, capacity) - tokens) * fill_ms / capacity)
  return {capacity - math.floor(tokens + 1e-9) + cost, wait}
end
tokens = math.max(0, math.min(capacity, tokens - cost))
local to_full = math.ceil((capacity - tokens) * fill_ms / capacity - 1e-9)
if to_full <= 0 then
  redis.call('DEL', KEYS[1])
  to_full = 0
else
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
  redis.call('PEXPIRE', KEYS[1], to_full)
end
return {capacity - math.floor(tokens + 1e-9), to_full}
`;
