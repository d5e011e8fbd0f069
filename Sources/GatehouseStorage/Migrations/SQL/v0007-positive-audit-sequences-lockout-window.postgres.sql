-- Migration 7: audit sequences are positive; failed sign-ins counted in a window; reissue cancellations (PostgreSQL)
-- Sequences start at 1: a row numbered 0 or below (or NULL, which SQLite allows in a
-- non-integer primary key) could sit before the chain where a walk from 1 never looks.

ALTER TABLE accounts ADD COLUMN failed_attempt_at BIGINT;

ALTER TABLE accounts ADD COLUMN two_factor_reissue_cancelled_at BIGINT;

ALTER TABLE audit_events ADD CONSTRAINT audit_events_sequence_positive CHECK (sequence > 0);
