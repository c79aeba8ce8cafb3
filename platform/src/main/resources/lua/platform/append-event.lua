-- The event envelope, written once for every script that emits an event (docs/events.md).
-- Seven flat fields so consumers route on type and deduplicate on id without parsing data;
-- the stream is trimmed to about max_length entries (cybernet.events.stream-max-length).
local function append_event(stream, max_length, id, event_type, occurred_at, source, subject, data)
  return redis.call('XADD', stream, 'MAXLEN', '~', max_length, '*',
    'id', id, 'type', event_type, 'version', '1', 'occurredAt', occurred_at,
    'source', source, 'subject', subject, 'data', data)
end
