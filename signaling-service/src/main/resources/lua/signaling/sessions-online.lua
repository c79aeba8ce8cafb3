-- KEYS: sessions of each user. Returns 1/0 per user: whether they have any socket.
local result = {}
for i, key in ipairs(KEYS) do result[i] = math.min(1, redis.call('HLEN', key)) end
return result
