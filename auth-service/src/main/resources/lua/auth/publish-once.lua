-- Appends an outbox event once: a second publication of the same event id is a no-op.
-- Needs lua/platform/append-event.lua before it.
-- KEYS: stream, dedupe marker. ARGV: marker TTL s, stream max length, then the seven envelope
-- fields' values: id, type, occurredAt, source, subject, data.
-- XADD comes before SET so that a failing XADD leaves no marker. Returns the entry id or false.
if redis.call('EXISTS', KEYS[2]) == 1 then return false end
local entry_id = append_event(KEYS[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8])
redis.call('SET', KEYS[2], entry_id, 'EX', ARGV[1])
return entry_id
