-- Migration 14: when an account last signed in
-- Written by the statement that clears the failure count when a sign-in reaches `authenticated`, so
-- support sees it in the user list without reading the audit log.

ALTER TABLE accounts ADD COLUMN last_sign_in_at BIGINT;
