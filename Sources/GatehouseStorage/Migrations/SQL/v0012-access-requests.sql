-- Migration 12: access requests
-- Someone without an invitation asks to be let in. The request is stored as typed (the slug may name no
-- organisation); the outbox job that mails the operators records the organisation it named, if any.
-- Deciding moves it from `open` to `approved` (with the invitation sent) or `rejected`, once.

CREATE TABLE access_requests (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    email_normalized TEXT NOT NULL,
    organization_slug TEXT,
    organization_id TEXT REFERENCES organizations (id) ON DELETE SET NULL,
    message TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT 'en',
    state TEXT NOT NULL CHECK (state IN ('open', 'approved', 'rejected')),
    created_at BIGINT NOT NULL,
    decided_by TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    decided_at BIGINT,
    invitation_id TEXT REFERENCES invitations (id) ON DELETE SET NULL
);

CREATE INDEX access_requests_organization_idx ON access_requests (organization_id, created_at);
CREATE INDEX access_requests_created_idx ON access_requests (created_at);
