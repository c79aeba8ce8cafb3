-- Routes one frame to its recipient, atomically and in the recipient's slot only: the sequence
-- number, the replay buffer, the durable event (the recipient's shard of the signal stream), the
-- call's entry among the recipient's open calls, and the recipient's sockets. Needs
-- lua/platform/append-event.lua before it; route-batch.lua calls it for each frame of a batch.
-- The sender was authorized (the replica's contact cache) and a call-control frame was applied to
-- its call (call-state.lua) before.
-- KEYS: 1 seq, 2 inbox, 3 signal stream shard, 4 sessions, 5 open calls; all the recipient's.
-- ARGV: 1 recipientId, 2 frame without its opening brace, 3 inbox max length, 4 inbox ttl
--       seconds, 5 events max length, 6 signal id, 7 sender id, 8 now (ISO-8601), 9 call step:
--       '' (none), 'check' (an ICE candidate: the call must be open between the two), 'open' (a
--       call-control frame of a live call), 'close' (one that ended it), 10 call id, 11 '1' when
--       the frame is the offer that starts a call, 12 until when the signal store keeps it (''
--       for its usual clean-up: relayed messages), 13 open-call ttl seconds.
-- Returns {'ok', seq, frame, sessions (flat)} or {code, message}.
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
  local seq = redis.call('INCR', KEYS[1])
  local frame = '{"seq":' .. seq .. ','
  -- The offer that starts a call says so: a device catching up later rings for it, or shows it as
  -- missed, and takes no renegotiation of an old call for a new one.
  if ARGV[11] == '1' then frame = frame .. '"newCall":true,' end
  frame = frame .. ARGV[2]
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], seq .. '-0', 'f', frame)
  redis.call('EXPIRE', KEYS[2], ARGV[4])
  local event = {signalId = ARGV[6], recipientId = recipient, seq = seq, senderId = sender,
                 frame = frame}
  if ARGV[12] ~= '' then event.keepUntil = ARGV[12] end
  append_event(KEYS[3], ARGV[5], ARGV[6], 'signal.routed', ARGV[8], 'signaling-service',
               recipient, cjson.encode(event))
  return {'ok', seq, frame, redis.call('HGETALL', KEYS[4])}
end
