import Foundation
import GatehouseCore
import SQLKit

/// `invitations` in SQL, shared by both backends. Reads join the organisation and the inviter's
/// username; every change of state is one conditional statement.
struct SQLInvitationStore: InvitationStore, SQLRepository {
    let reader: any SQLExecutor
    let writer: any SQLExecutor
    let errors: any DatabaseErrorTranslator

    private static let columns = """
        i.id, i.email, i.email_normalized, i.org_role, i.roles, i.invited_by, i.created_at, i.expires_at, i.accepted_at, i.accepted_by,
        i.revoked_at, o.id AS organization_id, o.slug, o.name, o.created_at AS organization_created_at, a.username AS invited_by_username
        FROM invitations i JOIN organizations o ON o.id = i.organization_id LEFT JOIN accounts a ON a.id = i.invited_by
        """

    func createInvitation(_ invitation: NewInvitation) async throws {
        try await translating {
            try await writer.run { db in
                try await db.raw("""
                    INSERT INTO invitations (id, token_hash, email, email_normalized, organization_id, org_role, roles, invited_by,
                        created_at, updated_at, expires_at)
                    VALUES (\(bind: invitation.id.rawValue), \(bind: invitation.tokenHash), \(bind: invitation.email),
                        \(bind: invitation.emailNormalized), \(bind: invitation.organizationID.rawValue), \(bind: invitation.orgRole.rawValue),
                        \(bind: invitation.roles.sorted().map(\.name).joined(separator: ",")), \(bind: invitation.invitedBy?.rawValue),
                        \(bind: invitation.createdAt.storageMillis), \(bind: invitation.createdAt.storageMillis),
                        \(bind: invitation.expiresAt.storageMillis))
                    """).run()
            }
        }
    }

    func invitation(id: InvitationID) async throws -> Invitation? {
        let row = try await translating {
            try await reader.run { db in
                try await db.raw("SELECT \(unsafeRaw: Self.columns) WHERE i.id = \(bind: id.rawValue)").first()
            }
        }
        return try row.map(Self.decode)
    }

    func liveInvitation(tokenHash: String, now: Date) async throws -> Invitation? {
        let row = try await translating {
            try await reader.run { db in
                try await db.raw("""
                    SELECT \(unsafeRaw: Self.columns) WHERE i.token_hash = \(bind: tokenHash) AND i.accepted_at IS NULL
                    AND i.revoked_at IS NULL AND i.expires_at > \(bind: now.storageMillis)
                    """).first()
            }
        }
        return try row.map(Self.decode)
    }

    func invitations(of organization: OrganizationID) async throws -> [Invitation] {
        let rows = try await translating {
            try await reader.run { db in
                try await db.raw("""
                    SELECT \(unsafeRaw: Self.columns) WHERE i.organization_id = \(bind: organization.rawValue) ORDER BY i.created_at DESC, i.id DESC
                    """).all()
            }
        }
        return try rows.map(Self.decode)
    }

    func acceptInvitation(tokenHash: String, by account: AccountID, at: Date) async throws -> Invitation? {
        let row = try await translating {
            try await writer.run { db in
                try await db.raw("""
                    UPDATE invitations SET accepted_at = \(bind: at.storageMillis), accepted_by = \(bind: account.rawValue),
                        updated_at = \(bind: at.storageMillis)
                    WHERE token_hash = \(bind: tokenHash) AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > \(bind: at.storageMillis)
                    RETURNING id
                    """).first()
            }
        }
        guard let row else { return nil }
        return try await invitation(id: InvitationID(rawValue: try row.decode(column: "id", as: String.self)))
    }

    func revokeInvitation(_ id: InvitationID, at: Date) async throws -> Bool {
        let row = try await translating {
            try await writer.run { db in
                try await db.raw("""
                    UPDATE invitations SET revoked_at = \(bind: at.storageMillis), updated_at = \(bind: at.storageMillis)
                    WHERE id = \(bind: id.rawValue) AND accepted_at IS NULL AND revoked_at IS NULL RETURNING id
                    """).first()
            }
        }
        return row != nil
    }

    func revokePendingInvitations(emailNormalized: String, organization: OrganizationID, includingRoles: Bool, at: Date) async throws -> [InvitationID] {
        let rows = try await translating {
            try await writer.run { db in
                try await db.raw("""
                    UPDATE invitations SET revoked_at = \(bind: at.storageMillis), updated_at = \(bind: at.storageMillis)
                    WHERE email_normalized = \(bind: emailNormalized) AND organization_id = \(bind: organization.rawValue)
                    AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > \(bind: at.storageMillis)
                    AND (roles = '' OR \(bind: includingRoles)) RETURNING id
                    """).all()
            }
        }
        return try rows.map { InvitationID(rawValue: try $0.decode(column: "id", as: String.self)) }.sorted { $0.rawValue < $1.rawValue }
    }

    func renewInvitation(_ id: InvitationID, tokenHash: String, expiresAt: Date, at: Date) async throws -> Bool {
        let row = try await translating {
            try await writer.run { db in
                try await db.raw("""
                    UPDATE invitations SET token_hash = \(bind: tokenHash), expires_at = \(bind: expiresAt.storageMillis),
                        updated_at = \(bind: at.storageMillis)
                    WHERE id = \(bind: id.rawValue) AND accepted_at IS NULL AND revoked_at IS NULL RETURNING id
                    """).first()
            }
        }
        return row != nil
    }

    static func decode(_ row: any SQLRow) throws -> Invitation {
        let roleText = try row.decode(column: "org_role", as: String.self)
        guard let orgRole = OrgRole(rawValue: roleText) else { throw StoreError.corrupt("org role \(roleText)") }
        let roles = try row.decode(column: "roles", as: String.self).split(separator: ",").map { Role(String($0)) }
        let organization = Organization(
            id: OrganizationID(rawValue: try row.decode(column: "organization_id", as: String.self)), slug: try row.decode(column: "slug", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            createdAt: Date(storageMillis: try row.decode(column: "organization_created_at", as: Int64.self)))
        return Invitation(
            id: InvitationID(rawValue: try row.decode(column: "id", as: String.self)), email: try row.decode(column: "email", as: String.self),
            emailNormalized: try row.decode(column: "email_normalized", as: String.self), organization: organization, orgRole: orgRole,
            roles: Set(roles), invitedBy: try row.decode(column: "invited_by", as: String?.self).map(AccountID.init(rawValue:)),
            invitedByUsername: try row.decode(column: "invited_by_username", as: String?.self),
            createdAt: Date(storageMillis: try row.decode(column: "created_at", as: Int64.self)),
            expiresAt: Date(storageMillis: try row.decode(column: "expires_at", as: Int64.self)),
            acceptedAt: try row.decode(column: "accepted_at", as: Int64?.self).map(Date.init(storageMillis:)),
            acceptedBy: try row.decode(column: "accepted_by", as: String?.self).map(AccountID.init(rawValue:)),
            revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map(Date.init(storageMillis:)))
    }
}
