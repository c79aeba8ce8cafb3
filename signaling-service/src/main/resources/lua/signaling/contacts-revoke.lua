-- Two users are no longer contacts: remove each from the other's set and remember the revocation,
-- so a contact list being fetched right now cannot bring it back.
-- KEYS: contacts(a), contacts(b), revoked(a,b), revoked(b,a). ARGV: a, b, revocation seconds.
redis.call('SREM', KEYS[1], ARGV[2])
redis.call('SREM', KEYS[2], ARGV[1])
redis.call('SET', KEYS[3], '1', 'EX', ARGV[3])
redis.call('SET', KEYS[4], '1', 'EX', ARGV[3])
return 1
