-- Relayed chat messages and their receipts are kept until a time of their own (the messages'
-- lifetime, set by signaling), whoever acknowledged them: each of the recipient's devices catches
-- up on them. Other signals (keep_until null) keep the acknowledged/unacknowledged clean-up.
alter table stored_signal add column keep_until timestamptz;

create index stored_signal_keep_until on stored_signal (keep_until) where keep_until is not null;

-- The existing clean-up scans skip kept rows; their partial indexes say so too.
drop index stored_signal_acked_at;
drop index stored_signal_unacked_stored_at;
create index stored_signal_acked_at on stored_signal (acked_at)
    where acked_at is not null and keep_until is null;
create index stored_signal_unacked_stored_at on stored_signal (stored_at)
    where acked_at is null and keep_until is null;
