-- Admits an inbox request, and a long-poll within the per-user bound; announces the user as
-- polling (inbox.polling-started) when they were not already. Needs lua/platform/append-event.lua.
-- KEYS: rate, polls(user), pollers, inbox events. ARGV: now ms, rate limit, poll id ('' for a
-- plain request), poll deadline ms, max polls, presence deadline ms, user id, event id,
-- occurredAt, data, stream max length, polls key ttl ms, event type.
-- Returns 1 admitted, 0 admitted (no poll), -1 over the rate, -2 too many polls.
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], 1000) end
if count > tonumber(ARGV[2]) then return -1 end
if ARGV[3] == '' then return 0 end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then return -2 end
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[12])
if redis.call('ZADD', KEYS[3], 'GT', ARGV[6], ARGV[7]) == 1 then
  append_event(KEYS[4], ARGV[11], ARGV[8], ARGV[13], ARGV[9], 'signal-store-service', ARGV[7],
               ARGV[10])
end
return 1
