-- Migration 10: organisations and memberships
-- An organisation has a unique slug (its name in URLs, the CLI and the X-Gatehouse-Organizations
-- header) and a name. A person may belong to several, each with an org role: `member` or `operator`.

CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX organizations_slug_key ON organizations (slug);

CREATE TABLE memberships (
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    org_role TEXT NOT NULL CHECK (org_role IN ('member', 'operator')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, organization_id)
);

CREATE INDEX memberships_organization_idx ON memberships (organization_id, org_role);
