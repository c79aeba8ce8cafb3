-- The call state machine (docs/protocol.md, "Calls"): offered -> ringing -> accepted -> ended.
-- For a call-control frame of type t in a call that exists, sent by one of its two participants:
-- previous is the call's state before the frame, media the call's media, from_callee whether the
-- callee sent it, elsewhere whether the callee sent it from a device other than the one that
-- answered (a call rings on every device of the callee; the first to answer holds it).
-- Returns the state after the frame, or nil, error code, message when refused.
-- (A new call's first offer does not come here: it creates the call in state 'offered'.)
local function next_call_state(t, previous, media, from_callee, elsewhere)
  if previous == 'ended' then return nil, 'invalid-state', 'The call has ended.' end
  local waiting = previous == 'offered' or previous == 'ringing'
  if elsewhere and previous == 'accepted'
      and (t == 'accept' or t == 'answer' or t == 'reject' or t == 'busy' or t == 'hangup') then
    return nil, 'answered-elsewhere', 'This call was answered on another device.'
  end
  if t == 'offer' then
    if previous ~= 'accepted' then
      return nil, 'call-exists', 'This call id is in use; renegotiate only after accept.'
    end
    return previous
  elseif t == 'ringing' then
    -- Each of the callee's devices says it rings; the caller hears it once or more, harmlessly.
    if not (from_callee and waiting) then
      return nil, 'invalid-state', 'Only the callee rings, before answering.'
    end
    return 'ringing'
  elseif t == 'accept' then
    if not (from_callee and waiting) then
      return nil, 'invalid-state', 'Only the callee accepts a ringing call.'
    end
    return 'accepted'
  elseif t == 'answer' then
    -- A data-only call (chat, files) has no accept step: the callee's answer accepts it.
    if waiting and media == 'data' and from_callee then return 'accepted' end
    if previous ~= 'accepted' then
      return nil, 'invalid-state', 'A call is answered only after the callee accepted it.'
    end
    return previous
  elseif t == 'reject' or t == 'busy' then
    if not (from_callee and waiting) then
      return nil, 'invalid-state', 'Only the callee declines a ringing call.'
    end
    return 'ended'
  elseif t == 'hangup' then
    return 'ended'
  end
  return previous
end
