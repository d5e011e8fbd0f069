-- Migration 16: sessions that are an administrator's access to someone's account
-- JSON of who the administrator is, their own (waiting) session and the reason; NULL for the person's
-- own sessions. The partial index finds the ones past their end for the sweeper.

ALTER TABLE sessions ADD COLUMN impersonation TEXT;

CREATE INDEX sessions_impersonation_expires_idx ON sessions (expires_at) WHERE impersonation IS NOT NULL;
