-- Registers a socket of a user on a replica, in the user's slot (the replica's own set of sessions
-- is a separate command: another slot).
-- KEYS: sessions(user). ARGV: sessionId, replicaId.
-- Returns the user's socket count after the change.
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return redis.call('HLEN', KEYS[1])
