-- Registers a socket of a user on a replica.
-- KEYS: sessions(user), replicaSessions(replica). ARGV: sessionId, replicaId, userId.
-- Returns the user's socket count after the change.
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3] .. '|' .. ARGV[1])
return redis.call('HLEN', KEYS[1])
