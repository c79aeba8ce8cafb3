-- Records a missed call once and publishes call.missed for notification-service.
-- Needs lua/platform/append-event.lua before it.
-- KEYS: call, call events. ARGV: end call (1/0), reason, event id, now, call id, events max length.
-- Returns {ended (1/0), caller, callee} or {} when the call was already answered or ended.
local c = redis.call('HMGET', KEYS[1], 'caller', 'callee', 'state', 'media', 'missed')
if not c[1] or (c[3] ~= 'offered' and c[3] ~= 'ringing') then return {} end
if not c[5] then
  redis.call('HSET', KEYS[1], 'missed', ARGV[2])
  local data = cjson.encode({callId = ARGV[5], callerId = c[1], calleeId = c[2],
                             media = c[4], reason = ARGV[2], at = ARGV[4]})
  append_event(KEYS[2], ARGV[6], ARGV[3], 'call.missed', ARGV[4], 'signaling-service', c[2], data)
end
if ARGV[1] == '1' then redis.call('HSET', KEYS[1], 'state', 'ended') end
return {ARGV[1], c[1], c[2]}
