-- Migration 9: credentials as their own records
-- Second factors move from columns on `accounts` to rows of `credentials`: one row per credential,
-- with its kind, its state (pending until confirmed), a sealed secret or a keyed hash, the last
-- accepted TOTP step, and when it was made and last used. Passkeys and API tokens will be new kinds.
-- TOTP and the backup code are single per account and state (the partial unique index).

CREATE TABLE credentials (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'active')),
    secret TEXT,
    secret_hash TEXT,
    last_step BIGINT,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    CHECK (secret IS NULL OR secret_hash IS NULL)
);

CREATE INDEX credentials_account_idx ON credentials (account_id, kind);

CREATE UNIQUE INDEX credentials_single_key ON credentials (account_id, kind, state) WHERE kind IN ('totp', 'backup_code');

-- The enrolled authenticators, the setups not yet confirmed and the backup codes, as they are.
INSERT INTO credentials (id, account_id, kind, state, secret, last_step, created_at)
SELECT id || ':totp', id, 'totp', 'active', totp_secret, totp_last_step, COALESCE(totp_enabled_at, updated_at)
FROM accounts WHERE totp_secret IS NOT NULL;

INSERT INTO credentials (id, account_id, kind, state, secret, created_at)
SELECT id || ':totp-pending', id, 'totp', 'pending', totp_pending_secret, COALESCE(totp_pending_at, updated_at)
FROM accounts WHERE totp_pending_secret IS NOT NULL;

INSERT INTO credentials (id, account_id, kind, state, secret_hash, created_at)
SELECT id || ':backup-code', id, 'backup_code', 'active', backup_code_hash, COALESCE(totp_enabled_at, updated_at)
FROM accounts WHERE backup_code_hash IS NOT NULL AND totp_secret IS NOT NULL;

ALTER TABLE accounts DROP COLUMN totp_secret;

ALTER TABLE accounts DROP COLUMN totp_enabled_at;

ALTER TABLE accounts DROP COLUMN totp_last_step;

ALTER TABLE accounts DROP COLUMN totp_pending_secret;

ALTER TABLE accounts DROP COLUMN totp_pending_at;

ALTER TABLE accounts DROP COLUMN backup_code_hash;
