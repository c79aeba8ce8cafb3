-- Drives call-state-machine.lua's function for CallStateMachineTest.
-- ARGV: frame type, previous state, media, sent by the callee (1/0), from a device other than the
-- one that answered (1/0).
local next_state, code, message =
  next_call_state(ARGV[1], ARGV[2], ARGV[3], ARGV[4] == '1', ARGV[5] == '1')
if next_state then return {'ok', next_state} end
return {code, message}
