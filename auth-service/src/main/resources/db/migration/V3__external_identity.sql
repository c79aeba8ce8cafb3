-- Accounts provisioned from an external identity provider (single sign-on). Such an account has no
-- password of its own: the provider proves who signs in to it.
alter table app_user alter column password_hash drop not null;

-- Who an external identity is here: keyed by the provider's issuer and its subject, never by email,
-- so a provider cannot claim an account by asserting an address.
create table external_identity (
    issuer      varchar(255) not null,
    subject     varchar(255) not null,
    user_id     uuid         not null references app_user (id) on delete cascade,
    created_at  timestamptz  not null,
    constraint external_identity_pkey primary key (issuer, subject)
);
create index external_identity_user_idx on external_identity (user_id);
