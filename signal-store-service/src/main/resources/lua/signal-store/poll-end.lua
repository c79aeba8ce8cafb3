-- Ends a long-poll. The user stays online until the grace after their last open poll's deadline,
-- or after now.
-- KEYS: polls(user), pollers. ARGV: poll id, now ms, grace ms, user id.
redis.call('ZREM', KEYS[1], ARGV[1])
local deadline = tonumber(ARGV[2]) + tonumber(ARGV[3])
local latest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
if latest[2] and tonumber(latest[2]) + tonumber(ARGV[3]) > deadline then
  deadline = tonumber(latest[2]) + tonumber(ARGV[3])
end
redis.call('ZADD', KEYS[2], 'XX', deadline, ARGV[4])
return 1
