-- Migration 3: session location and device

ALTER TABLE sessions ADD COLUMN client TEXT NOT NULL DEFAULT '{}';
