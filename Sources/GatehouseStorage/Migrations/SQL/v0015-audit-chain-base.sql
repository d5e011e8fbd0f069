-- Migration 15: where the audit chain starts after retention pruned its oldest rows
-- A signed checkpoint of the last deleted row: verification starts after it. No signature (the
-- default) means the log is whole and starts at the genesis.

ALTER TABLE audit_chain_head ADD COLUMN base_sequence BIGINT NOT NULL DEFAULT 0;

ALTER TABLE audit_chain_head ADD COLUMN base_hash TEXT NOT NULL DEFAULT '';

ALTER TABLE audit_chain_head ADD COLUMN base_created_at BIGINT NOT NULL DEFAULT 0;

ALTER TABLE audit_chain_head ADD COLUMN base_signature TEXT;

CREATE INDEX audit_events_occurred_at_idx ON audit_events (occurred_at, sequence);
