-- Replaces a user's shared contact set; drops ids whose contact ended while the list was fetched.
-- KEYS: 1 contacts(user), 2 revoked contacts(user). ARGV: 1 ttl seconds, contact ids...
-- The member '-' makes an empty list an existing key ("loaded, nobody").
-- Returns the contact ids kept.
local now = redis.call('TIME')
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now[1] * 1000 + math.floor(now[2] / 1000))
redis.call('DEL', KEYS[1])
redis.call('SADD', KEYS[1], '-')
local kept = {}
for i = 2, #ARGV do
  if not redis.call('ZSCORE', KEYS[2], ARGV[i]) then
    redis.call('SADD', KEYS[1], ARGV[i])
    kept[#kept + 1] = ARGV[i]
  end
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return kept
