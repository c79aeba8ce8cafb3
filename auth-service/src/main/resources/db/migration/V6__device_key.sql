-- The key directory: each browser device of a user and its public keys (ECDSA P-256 to sign, ECDH
-- P-256 to agree on keys), as SubjectPublicKeyInfo DER in base64. The private keys never leave the
-- device. Listed to the user and their accepted contacts only (docs/auth-api.md).
create table device_key (
    user_id        uuid        not null references app_user (id) on delete cascade,
    device_id      uuid        not null,
    signing_key    varchar(200) not null,
    agreement_key  varchar(200) not null,
    created_at     timestamptz not null,
    primary key (user_id, device_id)
);
