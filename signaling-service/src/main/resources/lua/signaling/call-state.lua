-- Applies one call-control frame (offer, ringing, accept, answer, reject, busy, hangup) to its
-- call's state, atomically, in the call's slot. Needs call-state-machine.lua before it.
-- Routing the frame to its recipient is a second script in the recipient's slot (route.lua); the
-- order of the two and what may come between them is argued in docs/protocol.md, "Calls:
-- atomicity".
-- KEYS: 1 call(callId), 2 new-call counter of (sender, recipient); both tagged with the call
--       events stream, so they share a slot.
-- ARGV: 1 frame type, 2 sender id, 3 recipient id, 4 media (offers), 5 call ttl seconds,
--       6 new calls allowed per minute to the same recipient (ring-spam limit), 7 the sender's
--       session (the device: the callee's first to accept, decline or answer holds the call).
-- Returns {'ok', state after, state before ('' for a new call)} or {code, message}.
local t, sender, recipient = ARGV[1], ARGV[2], ARGV[3]
local c = redis.call('HMGET', KEYS[1], 'caller', 'callee', 'state', 'media', 'answered_by')
local caller, callee, media, answered_by = c[1], c[2], c[4], c[5]
local previous = c[3] or ''
if t == 'offer' and not caller then
  local started = redis.call('INCR', KEYS[2])
  if started == 1 then redis.call('PEXPIRE', KEYS[2], 60000) end
  if started > tonumber(ARGV[6]) then
    return {'rate-limited', 'Too many calls to this person; wait a minute.'}
  end
  -- When it was offered (the server's clock): an early hang-up counts as missed only after the
  -- callee could have heard it ring for a while (missed-call.lua).
  local now = redis.call('TIME')
  redis.call('HSET', KEYS[1], 'caller', sender, 'callee', recipient, 'state', 'offered',
             'media', ARGV[4], 'offered_ms', now[1] * 1000 + math.floor(now[2] / 1000))
  redis.call('EXPIRE', KEYS[1], ARGV[5])
  return {'ok', 'offered', ''}
end
if not caller then return {'call-not-found', 'No such call.'} end
local from_caller = sender == caller and recipient == callee
local from_callee = sender == callee and recipient == caller
if not (from_caller or from_callee) then
  return {'not-a-participant', 'You are not a participant of this call.'}
end
local elsewhere = from_callee and answered_by and answered_by ~= ARGV[7]
local state, code, message = next_call_state(t, previous, media, from_callee, elsewhere)
if not state then return {code, message} end
if state ~= previous then redis.call('HSET', KEYS[1], 'state', state) end
-- The device that settles the ringing call holds it; a callee's offer in an answered call is
-- that device rejoining after a reload, under its new session.
if from_callee and ((state ~= previous and t ~= 'ringing' and t ~= 'hangup')
                    or (t == 'offer' and previous == 'accepted')) then
  redis.call('HSET', KEYS[1], 'answered_by', ARGV[7])
end
return {'ok', state, previous}
