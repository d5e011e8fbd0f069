import Foundation
import GatehouseCore
import SQLKit

/// `organizations` and `memberships` in SQL, shared by both backends. `reader` serves plain reads;
/// `writer` every statement that changes a row.
struct SQLOrganizationStore: OrganizationStore, SQLRepository {
    let reader: any SQLExecutor
    let writer: any SQLExecutor
    let errors: any DatabaseErrorTranslator

    func createOrganization(_ organization: Organization) async throws {
        do {
            _ = try await writer.run { db in
                try await db.raw("""
                    INSERT INTO organizations (id, slug, name, created_at)
                    VALUES (\(bind: organization.id.rawValue), \(bind: organization.slug), \(bind: organization.name),
                        \(bind: organization.createdAt.storageMillis))
                    """).run()
            }
        } catch {
            if errors.uniqueViolation(error) != nil { throw StoreError.alreadyTaken(field: "slug") }
            throw errors.translate(error)
        }
    }

    func organization(slug: String) async throws -> Organization? {
        let row = try await translating {
            try await reader.run { db in
                try await db.raw("SELECT id, slug, name, created_at FROM organizations WHERE slug = \(bind: slug)").first()
            }
        }
        return try row.map { try Self.decode($0) }
    }

    func organization(id: OrganizationID) async throws -> Organization? {
        let row = try await translating {
            try await reader.run { db in
                try await db.raw("SELECT id, slug, name, created_at FROM organizations WHERE id = \(bind: id.rawValue)").first()
            }
        }
        return try row.map { try Self.decode($0) }
    }

    func allOrganizations() async throws -> [Organization] {
        let rows = try await translating {
            try await reader.run { db in try await db.raw("SELECT id, slug, name, created_at FROM organizations ORDER BY slug").all() }
        }
        return try rows.map { try Self.decode($0) }
    }

    func organizationMembers(_ id: OrganizationID) async throws -> [OrganizationMember] {
        let rows = try await translating {
            try await reader.run { db in
                try await db.raw("""
                    SELECT a.id, a.username, a.email, m.org_role, m.created_at FROM memberships m JOIN accounts a ON a.id = m.account_id
                    WHERE m.organization_id = \(bind: id.rawValue) ORDER BY a.username_normalized, a.id
                    """).all()
            }
        }
        return try rows.map { row in
            OrganizationMember(
                accountID: AccountID(rawValue: try row.decode(column: "id", as: String.self)),
                username: try row.decode(column: "username", as: String.self), email: try row.decode(column: "email", as: String.self),
                role: try Self.role(row), since: Date(storageMillis: try row.decode(column: "created_at", as: Int64.self)))
        }
    }

    func memberships(of accountID: AccountID) async throws -> [Membership] {
        let rows = try await translating {
            try await reader.run { db in
                try await db.raw("""
                    SELECT o.id, o.slug, o.name, o.created_at, m.org_role FROM memberships m JOIN organizations o ON o.id = m.organization_id
                    WHERE m.account_id = \(bind: accountID.rawValue) ORDER BY o.slug
                    """).all()
            }
        }
        return try rows.map { Membership(organization: try Self.decode($0), role: try Self.role($0)) }
    }

    func membershipRole(_ accountID: AccountID, in id: OrganizationID) async throws -> OrgRole? {
        let row = try await translating {
            try await reader.run { db in
                try await db.raw("""
                    SELECT org_role FROM memberships WHERE account_id = \(bind: accountID.rawValue) AND organization_id = \(bind: id.rawValue)
                    """).first()
            }
        }
        return try row.map { try Self.role($0) }
    }

    func setMembership(_ accountID: AccountID, in id: OrganizationID, role: OrgRole, at date: Date) async throws {
        try await translating {
            try await writer.run { db in
                try await db.raw("""
                    INSERT INTO memberships (account_id, organization_id, org_role, created_at, updated_at)
                    VALUES (\(bind: accountID.rawValue), \(bind: id.rawValue), \(bind: role.rawValue), \(bind: date.storageMillis), \(bind: date.storageMillis))
                    ON CONFLICT (account_id, organization_id) DO UPDATE SET org_role = excluded.org_role, updated_at = excluded.updated_at
                    """).run()
            }
        }
    }

    func removeMembership(_ accountID: AccountID, from id: OrganizationID) async throws -> OrgRole? {
        let row = try await translating {
            try await writer.run { db in
                try await db.raw("""
                    DELETE FROM memberships WHERE account_id = \(bind: accountID.rawValue) AND organization_id = \(bind: id.rawValue)
                    RETURNING org_role
                    """).first()
            }
        }
        return try row.map { try Self.role($0) }
    }

    static func decode(_ row: any SQLRow) throws -> Organization {
        Organization(id: OrganizationID(rawValue: try row.decode(column: "id", as: String.self)), slug: try row.decode(column: "slug", as: String.self),
                     name: try row.decode(column: "name", as: String.self),
                     createdAt: Date(storageMillis: try row.decode(column: "created_at", as: Int64.self)))
    }

    static func role(_ row: any SQLRow) throws -> OrgRole {
        let text = try row.decode(column: "org_role", as: String.self)
        guard let role = OrgRole(rawValue: text) else { throw StoreError.corrupt("org role \(text)") }
        return role
    }
}
