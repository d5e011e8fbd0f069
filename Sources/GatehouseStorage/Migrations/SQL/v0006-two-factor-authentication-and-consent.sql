-- Migration 6: two-factor authentication and consent

ALTER TABLE accounts ADD COLUMN totp_secret TEXT;

ALTER TABLE accounts ADD COLUMN totp_enabled_at BIGINT;

ALTER TABLE accounts ADD COLUMN totp_last_step BIGINT;

ALTER TABLE accounts ADD COLUMN totp_pending_secret TEXT;

ALTER TABLE accounts ADD COLUMN totp_pending_at BIGINT;

ALTER TABLE accounts ADD COLUMN backup_code_hash TEXT;

ALTER TABLE accounts ADD COLUMN consent_version TEXT;

ALTER TABLE accounts ADD COLUMN consent_accepted_at BIGINT;

ALTER TABLE accounts ADD COLUMN consent_ip TEXT;
