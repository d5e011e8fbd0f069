-- Migration 18: which secret key signed each audit record
-- `secret_key` can be rotated: new records are hashed under the new key and name it (`KeyRing.id(of:)`),
-- older ones under a fallback key. NULL for records from before keys had ids; they verify under
-- whichever key of the ring fits. Sealed secrets and queued mail carry their key id in their text.

ALTER TABLE audit_events ADD COLUMN key_id TEXT;
