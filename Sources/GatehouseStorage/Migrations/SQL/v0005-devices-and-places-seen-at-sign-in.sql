-- Migration 5: devices and places seen at sign-in

CREATE TABLE known_clients (
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, kind, key)
);
