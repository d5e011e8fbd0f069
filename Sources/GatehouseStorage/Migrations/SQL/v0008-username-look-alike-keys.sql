-- Migration 8: username look-alike keys
-- Usernames that look alike (Unicode TR #39 skeletons: `alıce`, `ali̇ce`, `rn`/`m`, and `aIice`
-- before case folding) share a key, and each key is unique. Existing accounts get theirs here;
-- where two existing names already look alike, the older keeps the key and the newer none
-- (it keeps working, and the pair is logged).

ALTER TABLE accounts ADD COLUMN username_key TEXT;

ALTER TABLE accounts ADD COLUMN username_case_key TEXT;

ALTER TABLE accounts ADD COLUMN username_upper_key TEXT;

-- Then Swift fills the keys of existing accounts and creates the unique indexes (the data step of
-- migration 8 in Migration.swift): a skeleton needs the Unicode tables, which SQL does not have.
