-- Migration 13: API tokens
-- A person's long-lived credentials, each scoped to a permission group. Only the SHA-256 of the secret
-- is kept, in a unique column (the lookup of every token-authenticated request). Where a token was last
-- used is written at most once a minute. Deleting the account deletes its tokens.

CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    permission_group TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    rotated_at BIGINT,
    last_used_at BIGINT,
    last_used_ip TEXT,
    last_used_city TEXT,
    last_used_country TEXT
);

CREATE INDEX api_tokens_account_idx ON api_tokens (account_id, created_at);
