-- Migration 4: mail outbox, link tokens, pending email

ALTER TABLE accounts ADD COLUMN pending_email TEXT;

ALTER TABLE accounts ADD COLUMN failed_alert_at BIGINT;

ALTER TABLE accounts ADD COLUMN two_factor_reissue_at BIGINT;

CREATE TABLE link_tokens (
    token_hash TEXT PRIMARY KEY,
    purpose TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    email TEXT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE INDEX link_tokens_account_idx ON link_tokens (account_id, purpose);

CREATE INDEX link_tokens_expires_at_idx ON link_tokens (expires_at);

CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    claimed_until BIGINT,
    claim_token TEXT,
    sent_at BIGINT,
    failed_at BIGINT,
    last_error TEXT
);

CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
