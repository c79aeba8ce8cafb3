-- Identity, sessions, contacts and the transactional outbox of auth-service.
-- This schema belongs to auth-service alone; other services learn about changes through events.

create table app_user (
    id              uuid primary key,
    username        varchar(32)  not null,
    email           varchar(254) not null,
    display_name    varchar(64)  not null,
    password_hash   varchar(255) not null,
    email_verified  boolean      not null default false,
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null,
    constraint app_user_username_key unique (username),
    constraint app_user_email_key unique (email)
);
-- Prefix search on usernames (`like 'abc%'`) needs the pattern operator class.
create index app_user_username_prefix_idx on app_user (username text_pattern_ops);

-- Refresh tokens: only a SHA-256 of the opaque token is stored. A family is one login session;
-- every rotation adds a row to it, and reuse of a spent token revokes the whole family.
create table refresh_token (
    id           uuid primary key,
    family_id    uuid        not null,
    user_id      uuid        not null references app_user (id) on delete cascade,
    token_hash   bytea       not null,
    issued_at    timestamptz not null,
    expires_at   timestamptz not null,
    used_at      timestamptz,
    -- The token this one was exchanged for: the only one a retry within the grace window replaces.
    replaced_by  uuid,
    revoked_at   timestamptz,
    constraint refresh_token_hash_key unique (token_hash)
);
create index refresh_token_family_idx on refresh_token (family_id);
create index refresh_token_user_idx on refresh_token (user_id);
create index refresh_token_expires_idx on refresh_token (expires_at);

-- Single-use emailed tokens (email verification, password reset); hashed like refresh tokens.
create table one_time_token (
    id          uuid primary key,
    user_id     uuid        not null references app_user (id) on delete cascade,
    purpose     varchar(32) not null check (purpose in ('EMAIL_VERIFICATION', 'PASSWORD_RESET')),
    token_hash  bytea       not null,
    created_at  timestamptz not null,
    expires_at  timestamptz not null,
    used_at     timestamptz,
    constraint one_time_token_hash_key unique (token_hash)
);
create index one_time_token_user_idx on one_time_token (user_id, purpose);

-- One row per direction of a relationship: (A, B, OUTGOING) pairs with (B, A, INCOMING) while a
-- request is pending; both rows read ACCEPTED once it is accepted.
create table contact (
    user_id     uuid        not null references app_user (id) on delete cascade,
    contact_id  uuid        not null references app_user (id) on delete cascade,
    state       varchar(16) not null check (state in ('OUTGOING', 'INCOMING', 'ACCEPTED')),
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    primary key (user_id, contact_id),
    check (user_id <> contact_id)
);
create index contact_contact_idx on contact (contact_id);

create table user_block (
    blocker_id  uuid        not null references app_user (id) on delete cascade,
    blocked_id  uuid        not null references app_user (id) on delete cascade,
    created_at  timestamptz not null,
    primary key (blocker_id, blocked_id),
    check (blocker_id <> blocked_id)
);
create index user_block_blocked_idx on user_block (blocked_id);

-- Transactional outbox: written in the same transaction as the change it describes, relayed to
-- Redis Streams afterwards. `id` is the event id consumers deduplicate on; `seq` keeps commit order.
create table outbox_event (
    seq           bigint generated always as identity primary key,
    id            uuid         not null,
    stream        varchar(128) not null,
    type          varchar(64)  not null,
    subject       varchar(64)  not null,
    payload       text         not null,
    occurred_at   timestamptz  not null,
    published_at  timestamptz,
    constraint outbox_event_id_key unique (id)
);
create index outbox_event_pending_idx on outbox_event (seq) where published_at is null;
create index outbox_event_published_idx on outbox_event (published_at) where published_at is not null;
