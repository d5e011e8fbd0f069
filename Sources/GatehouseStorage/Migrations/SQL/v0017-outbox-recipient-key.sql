-- Migration 17: which address a queued mail is for, as a keyed hash
-- The payload (address included) is encrypted; erasing an account withdraws the mail still queued for
-- its address by this HMAC, without the address ever being stored in clear. NULL for older rows.

ALTER TABLE outbox ADD COLUMN recipient_key TEXT;

CREATE INDEX outbox_recipient_idx ON outbox (recipient_key);
