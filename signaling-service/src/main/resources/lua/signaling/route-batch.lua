-- Routes a batch of frames in one call, each with route.lua (which must come before it). Every
-- frame of a batch is to a recipient in the same slot (RouteBatcher groups them so).
-- KEYS: route's 6 keys for each frame in turn; ARGV: the number of frames, then route's 14
-- arguments for each frame in turn (Delivery.ROUTE_KEYS and ROUTE_ARGS say the same).
-- Returns route's result for each frame, in order.
local ROUTE_KEYS, ROUTE_ARGS = 6, 14
local results = {}
for i = 0, tonumber(ARGV[1]) - 1 do
  local keys, args = {}, {}
  for j = 1, ROUTE_KEYS do keys[j] = KEYS[i * ROUTE_KEYS + j] end
  for j = 1, ROUTE_ARGS do args[j] = ARGV[1 + i * ROUTE_ARGS + j] end
  results[i + 1] = route(keys, args)
end
return results
