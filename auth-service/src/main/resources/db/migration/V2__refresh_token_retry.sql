-- One retry within the grace window, at most (RFC 9700 reuse detection).
-- retried_at: when this token was exchanged a second time within the grace window; a third use is reuse.
-- superseded_at: when a retry replaced this token before anyone used it; presenting it later means
-- someone else holds a copy (the response was not lost after all), so it is reuse too.
alter table refresh_token add column retried_at timestamptz;
alter table refresh_token add column superseded_at timestamptz;
