-- Admits one relayed message (or receipt) from a sender to a recipient if fewer than the limit were
-- admitted within the window (the messages' lifetime): a sliding window, one sorted-set member per
-- admitted frame, scored by when it was admitted.
-- KEYS: the quota's sorted set (kind, sender, recipient).
-- ARGV: 1 member (the signal id), 2 window in milliseconds, 3 limit.
-- Returns 1 when admitted, 0 when the limit is reached.
local now = redis.call('TIME')
local now_ms = now[1] * 1000 + math.floor(now[2] / 1000)
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now_ms - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], now_ms, ARGV[1])
redis.call('PEXPIRE', KEYS[1], window)
return 1
