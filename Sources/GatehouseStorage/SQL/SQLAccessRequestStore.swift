import Foundation
import GatehouseCore
import SQLKit

/// `access_requests` in SQL, shared by both backends.
struct SQLAccessRequestStore: AccessRequestStore, SQLRepository {
    let reader: any SQLExecutor
    let writer: any SQLExecutor
    let errors: any DatabaseErrorTranslator

    private static let columns = """
        r.id, r.name, r.email, r.email_normalized, r.organization_slug, r.organization_id, r.message, r.language, r.state, r.created_at,
        r.decided_by, r.decided_at, r.invitation_id, a.username AS decided_by_username
        FROM access_requests r LEFT JOIN accounts a ON a.id = r.decided_by
        """

    func createAccessRequest(_ request: AccessRequest) async throws {
        try await translating {
            try await writer.run { db in
                try await db.raw("""
                    INSERT INTO access_requests (id, name, email, email_normalized, organization_slug, organization_id, message, language, state,
                        created_at)
                    VALUES (\(bind: request.id.rawValue), \(bind: request.name), \(bind: request.email), \(bind: request.emailNormalized),
                        \(bind: request.organizationSlug), \(bind: request.organizationID?.rawValue), \(bind: request.message),
                        \(bind: request.language.rawValue), \(bind: request.state.rawValue), \(bind: request.createdAt.storageMillis))
                    """).run()
            }
        }
    }

    func accessRequest(id: AccessRequestID) async throws -> AccessRequest? {
        let row = try await translating {
            try await reader.run { db in try await db.raw("SELECT \(unsafeRaw: Self.columns) WHERE r.id = \(bind: id.rawValue)").first() }
        }
        return try row.map(Self.decode)
    }

    /// The queues show the newest requests; older ones stay in the table (and in the audit log).
    static let listLimit = 500

    func accessRequests(of organization: OrganizationID?) async throws -> [AccessRequest] {
        let rows = try await translating {
            try await reader.run { db in
                if let organization {
                    try await db.raw("""
                        SELECT \(unsafeRaw: Self.columns) WHERE r.organization_id = \(bind: organization.rawValue)
                        ORDER BY r.created_at DESC, r.id DESC LIMIT \(bind: Self.listLimit)
                        """).all()
                } else {
                    try await db.raw("SELECT \(unsafeRaw: Self.columns) ORDER BY r.created_at DESC, r.id DESC LIMIT \(bind: Self.listLimit)").all()
                }
            }
        }
        return try rows.map(Self.decode)
    }

    func routeAccessRequest(_ id: AccessRequestID, to organization: OrganizationID) async throws {
        try await translating {
            try await writer.run { db in
                try await db.raw("UPDATE access_requests SET organization_id = \(bind: organization.rawValue) WHERE id = \(bind: id.rawValue)").run()
            }
        }
    }

    func decideAccessRequest(_ id: AccessRequestID, state: AccessRequestState, by: AccountID?, invitation: InvitationID?, at: Date) async throws -> Bool {
        let row = try await translating {
            try await writer.run { db in
                try await db.raw("""
                    UPDATE access_requests SET state = \(bind: state.rawValue), decided_by = \(bind: by?.rawValue), decided_at = \(bind: at.storageMillis),
                        invitation_id = \(bind: invitation?.rawValue)
                    WHERE id = \(bind: id.rawValue) AND state = 'open' RETURNING id
                    """).first()
            }
        }
        return row != nil
    }

    static func decode(_ row: any SQLRow) throws -> AccessRequest {
        let stateText = try row.decode(column: "state", as: String.self)
        guard let state = AccessRequestState(rawValue: stateText) else { throw StoreError.corrupt("access request state \(stateText)") }
        return AccessRequest(
            id: AccessRequestID(rawValue: try row.decode(column: "id", as: String.self)), name: try row.decode(column: "name", as: String.self),
            email: try row.decode(column: "email", as: String.self), emailNormalized: try row.decode(column: "email_normalized", as: String.self),
            organizationSlug: try row.decode(column: "organization_slug", as: String?.self),
            organizationID: try row.decode(column: "organization_id", as: String?.self).map(OrganizationID.init(rawValue:)),
            message: try row.decode(column: "message", as: String.self),
            language: Language(rawValue: try row.decode(column: "language", as: String.self)) ?? .en, state: state,
            createdAt: Date(storageMillis: try row.decode(column: "created_at", as: Int64.self)),
            decidedBy: try row.decode(column: "decided_by", as: String?.self).map(AccountID.init(rawValue:)),
            decidedByUsername: try row.decode(column: "decided_by_username", as: String?.self),
            decidedAt: try row.decode(column: "decided_at", as: Int64?.self).map(Date.init(storageMillis:)),
            invitationID: try row.decode(column: "invitation_id", as: String?.self).map(InvitationID.init(rawValue:)))
    }
}
