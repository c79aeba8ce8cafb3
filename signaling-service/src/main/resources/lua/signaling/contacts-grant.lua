-- Two users became contacts. Only sets that exist are updated: an absent set is loaded fresh on
-- the next connect.
-- KEYS: contacts(a), contacts(b), revoked(a,b), revoked(b,a). ARGV: a, b.
redis.call('DEL', KEYS[3], KEYS[4])
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('SADD', KEYS[1], ARGV[2]) end
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('SADD', KEYS[2], ARGV[1]) end
return 1
