-- Announces a user whose presence deadline passed as no longer polling (inbox.polling-stopped).
-- Only the replica whose ZREM succeeds announces it. Needs lua/platform/append-event.lua.
-- KEYS: pollers, inbox events. ARGV: user id, now ms, event id, occurredAt, data, max length,
-- event type.
local deadline = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not deadline or tonumber(deadline) > tonumber(ARGV[2]) then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
append_event(KEYS[2], ARGV[6], ARGV[3], ARGV[7], ARGV[4], 'signal-store-service', ARGV[1], ARGV[5])
return 1
