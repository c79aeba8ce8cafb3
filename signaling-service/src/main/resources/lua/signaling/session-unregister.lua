-- Unregisters a socket. KEYS and ARGV as session-register.lua.
-- Returns the user's socket count after the change, or -1 when the socket was not registered.
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return -1 end
return redis.call('HLEN', KEYS[1])
