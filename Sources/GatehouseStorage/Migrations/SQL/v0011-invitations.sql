-- Migration 11: invitations
-- An invitation brings one address into one organisation with an org role (and, from a platform
-- administrator, platform roles). Only the SHA-256 of its token is stored. It is pending until it is
-- accepted (registration, or an existing account accepting it), revoked, or past expires_at; a resend
-- gives the same row a new token_hash and expires_at.

CREATE TABLE invitations (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL,
    email TEXT NOT NULL,
    email_normalized TEXT NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    org_role TEXT NOT NULL CHECK (org_role IN ('member', 'operator')),
    roles TEXT NOT NULL DEFAULT '',
    invited_by TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    accepted_at BIGINT,
    -- The account that accepted it; no foreign key, since registration accepts before the account row exists.
    accepted_by TEXT,
    revoked_at BIGINT,
    CHECK (accepted_at IS NULL OR revoked_at IS NULL)
);

CREATE UNIQUE INDEX invitations_token_hash_key ON invitations (token_hash);
CREATE INDEX invitations_organization_idx ON invitations (organization_id, created_at);
CREATE INDEX invitations_email_idx ON invitations (email_normalized);

-- An address typed by someone who is not (yet) its account's owner (an invitation's, later an access
-- request's) is personal data of the audit log: its own column, covered by personal_mac, erased like
-- ip and user_agent.
ALTER TABLE audit_events ADD COLUMN email TEXT;
