-- A user gained a contact. Only a set that exists is updated: an absent one is loaded fresh on the
-- user's next connect. Run once for each of the two users (each in their own slot).
-- KEYS: 1 contacts(user), 2 revoked contacts(user). ARGV: 1 contact id.
redis.call('ZREM', KEYS[2], ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('SADD', KEYS[1], ARGV[1]) end
return 1
