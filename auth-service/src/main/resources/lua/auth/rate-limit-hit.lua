-- Counts one hit in a fixed window.
-- KEYS: the bucket's key. ARGV: limit, window in ms.
-- Returns the remaining window in ms when over the limit, else 0.
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if n > tonumber(ARGV[1]) then return math.max(1, redis.call('PTTL', KEYS[1])) end
return 0
