-- Sessions started through an identity provider, and the provider's refresh token that lets
-- auth-service ask the provider, every auth.sso.check-interval, whether the person's session there
-- is still alive (a disabled or deleted user, a session ended by an administrator). The token is
-- sealed (AES-256-GCM, bound to the session id); the key never sits in the database.
create table provider_session (
    family_id       uuid         primary key,
    user_id         uuid         not null references app_user (id) on delete cascade,
    issuer          varchar(255) not null,
    sealed_token    bytea        not null,
    next_check_at   timestamptz  not null,
    created_at      timestamptz  not null
);
create index provider_session_due_idx on provider_session (next_check_at);
