-- Who can be mailed: learned from auth-service events (never read from its tables).
create table recipient (
    user_id      uuid        primary key,
    email        text        not null,
    display_name text        not null,
    updated_at   timestamptz not null
);

-- One row per email this service decided to send (or not), keyed by the event that caused it:
-- a redelivered event finds its row and sends nothing twice.
create table delivery (
    delivery_id     text        primary key,
    kind            text        not null,
    user_id         uuid,
    email           text        not null,
    -- pending | sent | failed | throttled | suppressed | folded
    status          text        not null,
    -- The event's data, rendered into the template when the email is sent.
    payload         text        not null,
    attempts        int         not null default 0,
    -- When a pending row is next due; also the lease while a worker is sending it.
    next_attempt_at timestamptz not null,
    last_error      text,
    -- For folded missed calls: the digest that will carry them.
    digest_id       text,
    created_at      timestamptz not null,
    sent_at         timestamptz
);

-- The sender's queue.
create index delivery_due on delivery (next_attempt_at) where status = 'pending';
-- The throttle: emails per recipient and kind in the last hour.
create index delivery_recent on delivery (email, kind, created_at);
-- The operators' view of failures.
create index delivery_failed on delivery (created_at) where status = 'failed';
create index delivery_digest on delivery (digest_id) where digest_id is not null;
-- At most one open digest per user.
create unique index delivery_open_digest on delivery (user_id)
    where kind = 'missed-call-digest' and status = 'pending';

-- Notification types a user turned off (absent = on).
create table preference (
    user_id    uuid        not null,
    kind       text        not null,
    enabled    boolean     not null,
    updated_at timestamptz not null,
    primary key (user_id, kind)
);
