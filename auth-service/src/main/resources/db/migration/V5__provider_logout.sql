-- What signing out at the provider needs (RP-initiated and back-channel logout): the provider's
-- ID token of the sign-in, sent back to it as id_token_hint when the person signs out here (sealed
-- like the refresh token), and the provider's session id (its "sid" claim), which its back-channel
-- logout names when the person signs out there.
alter table provider_session add column sealed_id_token bytea;
alter table provider_session add column provider_sid varchar(255);
create index provider_session_sid_idx on provider_session (issuer, provider_sid);
