-- Routes one frame to its recipient, atomically and in the recipient's slot only: the sequence
-- number, the replay buffer, the durable event (the recipient's shard of the signal stream), the
-- call's entry among the recipient's open calls, and the recipient's sockets. Needs
-- lua/platform/append-event.lua before it; route-batch.lua calls it for each frame of a batch.
-- The sender was authorized (the replica's contact cache) and a call-control frame was applied to
-- its call (call-state.lua) before.
-- Durable copy: every frame goes to the replay buffer; an ICE candidate to a recipient whose every
-- session is a WebSocket goes nowhere else (those sockets resume from the replay buffer, and a
-- candidate is worth nothing once its call is over). Every other frame is also published for the
-- signal store. The first durable frame after skipped ones names the durable frame before them
-- ("prev"), so the store and the client know the numbers between were left out on purpose.
-- KEYS: 1 seq, 2 inbox, 3 signal stream shard, 4 sessions, 5 open calls, 6 the last durable seq
--       before frames not made durable (absent when none were left out); all the recipient's.
-- ARGV: 1 recipientId, 2 frame without its opening brace, 3 inbox max length, 4 inbox ttl
--       seconds, 5 events max length, 6 signal id, 7 sender id, 8 now (ISO-8601), 9 call step:
--       '' (none), 'check' (an ICE candidate: the call must be open between the two), 'open' (a
--       call-control frame of a live call), 'close' (one that ended it), 10 call id, 11 '1' when
--       the frame is the offer that starts a call, 12 until when the signal store keeps it (''
--       for its usual clean-up: relayed messages), 13 open-call ttl seconds, 14 the replica id
--       that stands for a long-poll session (SessionRegistry.LONG_POLL_REPLICA).
-- Returns {'ok', seq, frame, sessions (flat)} or {code, message}.
-- True when the recipient has sessions and every one is a WebSocket (flat HGETALL reply:
-- sessionId, replicaId, ...).
local function all_websockets(sessions, long_poll_replica)
  if #sessions == 0 then return false end
  for i = 2, #sessions, 2 do
    if sessions[i] == long_poll_replica then return false end
  end
  return true
end

local function route(KEYS, ARGV)
  local recipient, sender, step, call_id = ARGV[1], ARGV[7], ARGV[9], ARGV[10]
  if step == 'check' then
    if redis.call('HGET', KEYS[5], call_id) ~= sender then
      return {'call-not-found', 'No such call between you and the recipient.'}
    end
  elseif step == 'open' then
    redis.call('HSET', KEYS[5], call_id, sender)
    redis.call('EXPIRE', KEYS[5], ARGV[13])
  elseif step == 'close' then
    redis.call('HDEL', KEYS[5], call_id)
  end
  local sessions = redis.call('HGETALL', KEYS[4])
  local seq = redis.call('INCR', KEYS[1])
  local frame = '{"seq":' .. seq .. ','
  local durable = step ~= 'check' or not all_websockets(sessions, ARGV[14])
  local prev = false
  if durable then
    prev = redis.call('GET', KEYS[6])
    if prev then
      redis.call('DEL', KEYS[6])
      frame = frame .. '"prev":' .. prev .. ','
    end
  else
    -- The durable frame before this run of skipped ones; the next durable frame names it.
    redis.call('SET', KEYS[6], seq - 1, 'NX')
  end
  -- The offer that starts a call says so: a device catching up later rings for it, or shows it as
  -- missed, and takes no renegotiation of an old call for a new one.
  if ARGV[11] == '1' then frame = frame .. '"newCall":true,' end
  frame = frame .. ARGV[2]
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], seq .. '-0', 'f', frame)
  redis.call('EXPIRE', KEYS[2], ARGV[4])
  if durable then
    local event = {signalId = ARGV[6], recipientId = recipient, seq = seq, senderId = sender,
                   frame = frame}
    if ARGV[12] ~= '' then event.keepUntil = ARGV[12] end
    if prev then event.prevSeq = tonumber(prev) end
    append_event(KEYS[3], ARGV[5], ARGV[6], 'signal.routed', ARGV[8], 'signaling-service',
                 recipient, cjson.encode(event))
  end
  return {'ok', seq, frame, sessions}
end
