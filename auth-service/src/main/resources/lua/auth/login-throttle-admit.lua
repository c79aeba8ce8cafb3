-- Admits one sign-in attempt or says how long to wait (exponential delay per account and address).
-- KEYS: account key, address key.
-- ARGV: now ms, account free, address free, base delay ms, max delay ms, window ms, account cap.
-- Each key is a hash {n = failures in window, last = ms of last admitted attempt}.
-- Returns 0 when admitted (counters incremented), else the milliseconds to wait.
local now = tonumber(ARGV[1])
local base, max, window = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local function wait(key, free, cap)
  local n = tonumber(redis.call('HGET', key, 'n') or '0')
  local last = tonumber(redis.call('HGET', key, 'last') or '0')
  if cap > 0 and n >= cap then return math.max(1, last + window - now) end
  if n < free then return 0 end
  local delay = math.min(max, base * 2 ^ (n - free))
  return math.max(0, last + delay - now)
end
local w = math.max(wait(KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[7])),
                   wait(KEYS[2], tonumber(ARGV[3]), 0))
if w > 0 then return w end
for _, key in ipairs(KEYS) do
  redis.call('HINCRBY', key, 'n', 1)
  redis.call('HSET', key, 'last', now)
  redis.call('PEXPIRE', key, window)
end
return 0
