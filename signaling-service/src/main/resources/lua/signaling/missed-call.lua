-- Records a missed call once and publishes call.missed for notification-service.
-- Needs lua/platform/append-event.lua before it.
-- KEYS: call, call events. ARGV: 1 reason ('offline', 'unanswered' or 'caller-hung-up'), 2 event id,
--   3 now (ISO-8601), 4 call id, 5 events max length, 6 (caller-hung-up) the least ring, in ms, that
--   makes a hang-up a missed call rather than a misdial, 7 (caller-hung-up) who hung up.
-- Returns {ended (1/0), caller, callee}, or {} when nothing was recorded or ended (the call was
-- answered or already over; the hang-up was a misdial, not the caller's, or of a data session).
local c = redis.call('HMGET', KEYS[1], 'caller', 'callee', 'state', 'media', 'missed', 'offered_ms')
if not c[1] then return {} end
local reason = ARGV[1]
if reason == 'caller-hung-up' then
  -- The caller's hang-up has just ended a call nobody answered.
  if c[3] ~= 'ended' or c[1] ~= ARGV[7] or c[4] == 'data' or not c[6] then return {} end
  local now = redis.call('TIME')
  local rang = now[1] * 1000 + math.floor(now[2] / 1000) - tonumber(c[6])
  if rang < tonumber(ARGV[6]) then return {} end
elseif c[3] ~= 'offered' and c[3] ~= 'ringing' then
  return {}
end
if not c[5] then
  redis.call('HSET', KEYS[1], 'missed', reason)
  local data = cjson.encode({callId = ARGV[4], callerId = c[1], calleeId = c[2],
                             media = c[4], reason = reason, at = ARGV[3]})
  append_event(KEYS[2], ARGV[5], ARGV[2], 'call.missed', ARGV[3], 'signaling-service', c[2], data)
end
if reason == 'unanswered' then
  redis.call('HSET', KEYS[1], 'state', 'ended')
  return {'1', c[1], c[2]}
end
return {'0', c[1], c[2]}
