-- Durable copies of routed signals, one row per (recipient, sequence number).
create table stored_signal (
    signal_id    uuid        primary key,
    recipient_id uuid        not null,
    seq          bigint      not null,
    sender_id    uuid        not null,
    -- The exact JSON frame the recipient's sockets received (it carries seq, id and from).
    frame        text        not null,
    stored_at    timestamptz not null default now(),
    acked_at     timestamptz,
    -- Serves the inbox query: recipient_id = ? and seq > ? order by seq limit ?
    constraint stored_signal_recipient_seq unique (recipient_id, seq)
);

-- Cleanup scans: acknowledged rows by acknowledgement time, the others by storage time.
create index stored_signal_acked_at on stored_signal (acked_at) where acked_at is not null;
create index stored_signal_unacked_stored_at on stored_signal (stored_at) where acked_at is null;

-- Highest sequence number each recipient acknowledged; signals stored later at or below it are
-- stored as acknowledged (a WebSocket client may acknowledge before its copy reaches the store).
create table inbox_cursor (
    recipient_id uuid        primary key,
    acked_seq    bigint      not null,
    updated_at   timestamptz not null
);
