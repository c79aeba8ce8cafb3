-- ICE candidates to a recipient on live WebSockets are kept in signaling's replay buffer only, so a
-- recipient's stored numbers have gaps on purpose. The first stored signal after such a gap names
-- the stored signal before it (prev_seq): the inbox hands it out at once instead of holding it back
-- as if a missing signal were still being committed. Null: the signal before it is seq - 1.
alter table stored_signal add column prev_seq bigint;
