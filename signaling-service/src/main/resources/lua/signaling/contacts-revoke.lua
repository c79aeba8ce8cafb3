-- A user lost a contact (removed or blocked): remove it from the user's set and remember the
-- revocation, so a contact list being fetched right now cannot bring it back. Run once for each
-- of the two users (each in their own slot).
-- KEYS: 1 contacts(user), 2 revoked contacts(user). ARGV: 1 contact id, 2 revocation seconds.
redis.call('SREM', KEYS[1], ARGV[1])
local now = redis.call('TIME')
local seconds = tonumber(ARGV[2])
redis.call('ZADD', KEYS[2], now[1] * 1000 + math.floor(now[2] / 1000) + seconds * 1000, ARGV[1])
redis.call('EXPIRE', KEYS[2], seconds)
return 1
