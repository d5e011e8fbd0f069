-- Migration 7: audit sequences are positive; failed sign-ins counted in a window; reissue cancellations (SQLite)
-- Sequences start at 1: a row numbered 0 or below (or NULL, which SQLite allows in a
-- non-integer primary key) could sit before the chain where a walk from 1 never looks.

ALTER TABLE accounts ADD COLUMN failed_attempt_at BIGINT;

ALTER TABLE accounts ADD COLUMN two_factor_reissue_cancelled_at BIGINT;

CREATE TRIGGER audit_events_sequence_insert BEFORE INSERT ON audit_events
WHEN NEW.sequence IS NULL OR NEW.sequence <= 0
BEGIN SELECT RAISE(ABORT, 'audit_events.sequence must be positive'); END;

CREATE TRIGGER audit_events_sequence_update BEFORE UPDATE OF sequence ON audit_events
WHEN NEW.sequence IS NULL OR NEW.sequence <= 0
BEGIN SELECT RAISE(ABORT, 'audit_events.sequence must be positive'); END;
