-- Routes one frame, atomically: authorization, call state machine, sequence number, replay
-- buffer, durable event, and the recipient's sockets. Needs lua/platform/append-event.lua and
-- call-state-machine.lua before it; route-batch.lua calls it for each frame of a batch.
-- KEYS: contacts(sender), seq(recipient), inbox(recipient), signal events, sessions(recipient),
--       call(callId) (any key when there is no call), new-call counter of (sender, recipient).
-- ARGV: 1 authorize (1/0), 2 recipientId, 3 frame without its opening brace, 4 inbox max length,
--       5 inbox ttl seconds, 6 events max length, 7 signal id, 8 sender id, 9 now (ISO-8601),
--       10 frame type for the call state machine ('' for none), 11 media (offers), 12 call ttl,
--       13 new calls allowed per minute to the same recipient (ring-spam limit), 14 the sender's
--       session (the device: the callee's first to accept, decline or answer holds the call),
--       15 until when the signal store keeps it ('' for its usual clean-up: relayed messages).
-- Returns {'ok', seq, frame, sessions (flat), call state, previous call state}
--      or {code, message}.
local function route(KEYS, ARGV)
  local sender, recipient, t = ARGV[8], ARGV[2], ARGV[10]
  if ARGV[1] == '1' then
    if redis.call('EXISTS', KEYS[1]) == 0 then return {'no-contacts', 'Contacts not loaded.'} end
    if redis.call('SISMEMBER', KEYS[1], recipient) == 0 then
      return {'not-a-contact', 'The recipient is not one of your contacts.'}
    end
  end
  local state, previous = '', ''
  if t ~= '' then
    local c = redis.call('HMGET', KEYS[6], 'caller', 'callee', 'state', 'media', 'answered_by')
    local caller, callee, media, answered_by = c[1], c[2], c[4], c[5]
    previous = c[3] or ''
    if t == 'offer' and not caller then
      local started = redis.call('INCR', KEYS[7])
      if started == 1 then redis.call('PEXPIRE', KEYS[7], 60000) end
      if started > tonumber(ARGV[13]) then
        return {'rate-limited', 'Too many calls to this person; wait a minute.'}
      end
      -- When it was offered (the server's clock): an early hang-up counts as missed only after the
      -- callee could have heard it ring for a while (missed-call.lua).
      local now = redis.call('TIME')
      redis.call('HSET', KEYS[6], 'caller', sender, 'callee', recipient, 'state', 'offered',
                 'media', ARGV[11], 'offered_ms', now[1] * 1000 + math.floor(now[2] / 1000))
      redis.call('EXPIRE', KEYS[6], ARGV[12])
      state = 'offered'
    else
      if not caller then return {'call-not-found', 'No such call.'} end
      local from_caller = sender == caller and recipient == callee
      local from_callee = sender == callee and recipient == caller
      if not (from_caller or from_callee) then
        return {'not-a-participant', 'You are not a participant of this call.'}
      end
      local elsewhere = from_callee and answered_by and answered_by ~= ARGV[14]
      local next_state, code, message = next_call_state(t, previous, media, from_callee, elsewhere)
      if not next_state then return {code, message} end
      state = next_state
      if state ~= previous then redis.call('HSET', KEYS[6], 'state', state) end
      -- The device that settles the ringing call holds it; a callee's offer in an answered call is
      -- that device rejoining after a reload, under its new session.
      if from_callee and ((state ~= previous and t ~= 'ringing' and t ~= 'hangup')
                          or (t == 'offer' and previous == 'accepted')) then
        redis.call('HSET', KEYS[6], 'answered_by', ARGV[14])
      end
    end
  end
  local seq = redis.call('INCR', KEYS[2])
  local frame = '{"seq":' .. seq .. ','
  -- The offer that starts a call says so: a device catching up later rings for it, or shows it as
  -- missed, and takes no renegotiation of an old call for a new one.
  if t == 'offer' and previous == '' then frame = frame .. '"newCall":true,' end
  frame = frame .. ARGV[3]
  redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[4], seq .. '-0', 'f', frame)
  redis.call('EXPIRE', KEYS[3], ARGV[5])
  local event = {signalId = ARGV[7], recipientId = recipient, seq = seq, senderId = sender,
                 frame = frame}
  if ARGV[15] ~= '' then event.keepUntil = ARGV[15] end
  local data = cjson.encode(event)
  append_event(KEYS[4], ARGV[6], ARGV[7], 'signal.routed', ARGV[9], 'signaling-service',
               recipient, data)
  return {'ok', seq, frame, redis.call('HGETALL', KEYS[5]), state, previous}
end
