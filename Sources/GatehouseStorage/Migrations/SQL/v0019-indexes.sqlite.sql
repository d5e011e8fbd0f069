-- Migration 19: indexes for the sweeper, administrator lookups, erasure and the support search (SQLite)
-- The session sweeper deletes sessions past their absolute lifetime or idle too long
-- (`expires_at <= ? OR last_seen_at <= ?`): with last_seen_at indexed too, both databases answer it
-- from the two indexes instead of reading every session. Found by the query-plan test, like the rest.
CREATE INDEX sessions_last_seen_idx ON sessions (last_seen_at);

-- Active administrators (mailed about access requests, counted and locked when roles change) are a
-- handful among many accounts: a partial index holds just them.
CREATE INDEX accounts_active_admins_idx ON accounts (id) WHERE roles LIKE '%,admin,%' AND status = 'active';

-- Erasing an account finds the audit records that name its address as typed.
CREATE INDEX audit_events_email_idx ON audit_events (LOWER(email)) WHERE email IS NOT NULL;

-- The support search matches a typed prefix of usernames and addresses with LIKE, which SQLite
-- answers from an index only when the index compares case-insensitively (normalized values are lower
-- case already).
CREATE INDEX accounts_username_search_idx ON accounts (username_normalized COLLATE NOCASE);

CREATE INDEX accounts_email_search_idx ON accounts (email_normalized COLLATE NOCASE);

-- Erasure deletes an address's access requests; deleting an account or an invitation clears the
-- columns that point at it (foreign keys), which reads these tables by them.
CREATE INDEX access_requests_email_idx ON access_requests (email_normalized);

CREATE INDEX access_requests_decided_by_idx ON access_requests (decided_by);

CREATE INDEX access_requests_invitation_idx ON access_requests (invitation_id);

CREATE INDEX invitations_invited_by_idx ON invitations (invited_by);
