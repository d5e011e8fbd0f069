-- Migration 19: indexes for the sweeps
-- The session sweeper deletes sessions past their absolute lifetime or idle too long
-- (`expires_at <= ? OR last_seen_at <= ?`), and drained rate-limit counters (`tat < ?`). With an
-- index on each column both databases answer those from the indexes instead of reading every session
-- and counter (found by the query-plan test).

CREATE INDEX sessions_last_seen_idx ON sessions (last_seen_at);

CREATE INDEX rate_limits_tat_idx ON rate_limits (tat);
