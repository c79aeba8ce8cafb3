-- Replaces a user's cached contact set; drops ids whose contact ended while the list was fetched.
-- KEYS: contacts(user). ARGV: ttl seconds, revoked-key prefix, contact ids...
-- The member '-' makes an empty list an existing key ("loaded, nobody").
-- Returns the number of contacts kept.
redis.call('DEL', KEYS[1])
redis.call('SADD', KEYS[1], '-')
for i = 3, #ARGV do
  if redis.call('EXISTS', ARGV[2] .. ARGV[i]) == 0 then redis.call('SADD', KEYS[1], ARGV[i]) end
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return redis.call('SCARD', KEYS[1]) - 1
