-- Migration 2: sessions, audit log, rate limits

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    authenticated_at BIGINT NOT NULL,
    ip TEXT,
    user_agent TEXT
);

CREATE UNIQUE INDEX sessions_token_hash_key ON sessions (token_hash);

CREATE INDEX sessions_account_id_idx ON sessions (account_id);

CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

CREATE TABLE audit_events (
    sequence BIGINT PRIMARY KEY,
    id TEXT NOT NULL,
    occurred_at BIGINT NOT NULL,
    type TEXT NOT NULL,
    actor_id TEXT,
    subject_id TEXT,
    request_id TEXT,
    details TEXT NOT NULL,
    ip TEXT,
    user_agent TEXT,
    identifier_hash TEXT,
    personal_mac TEXT NOT NULL,
    previous_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);

CREATE INDEX audit_events_subject_idx ON audit_events (subject_id, sequence);

CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, sequence);

CREATE INDEX audit_events_type_idx ON audit_events (type, sequence);

CREATE TABLE audit_chain_head (id BIGINT PRIMARY KEY, sequence BIGINT NOT NULL, hash TEXT NOT NULL);

INSERT INTO audit_chain_head (id, sequence, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE rate_limits (key TEXT PRIMARY KEY, tat BIGINT NOT NULL);
