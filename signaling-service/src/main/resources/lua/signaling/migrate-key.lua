-- Moves one key of the layout before Redis Cluster support to its place in the slotted layout
-- (redis/KeyLayout.java); only ever run against a single Redis, where keys of different slots may
-- meet in one script. Idempotent: replicas starting together may migrate the same key.
-- KEYS: 1 old key, 2 new key. ARGV: 1 'counter' (the new key keeps the larger number: a sequence
-- counter must never go back, or numbers would be given twice), 'move' (renamed unless the new key
-- exists already) or 'drop' (state rebuilt on its own: sockets register again, contacts reload).
-- Returns 1 when the old key was there.
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local kind = ARGV[1]
if kind == 'counter' then
  local old = tonumber(redis.call('GET', KEYS[1]))
  local new = tonumber(redis.call('GET', KEYS[2]) or '0')
  if old > new then redis.call('SET', KEYS[2], old) end
elseif kind == 'move' and redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('RENAME', KEYS[1], KEYS[2])
  return 1
end
redis.call('DEL', KEYS[1])
return 1
