import Foundation
import GatehouseCore
import SQLKit

struct SQLSessionStore: SessionStore {
    let reader: any SQLExecutor
    let writer: any SQLExecutor
    let errors: any DatabaseErrorTranslator

    static let columns = "s.id AS s_id, s.token_hash, s.account_id, s.status AS s_status, s.created_at AS s_created_at, s.last_seen_at, s.expires_at, s.authenticated_at, s.ip, s.user_agent, s.client, s.impersonation"

    func create(_ session: Session) async throws {
        try await write { db in
            try await db.raw("""
                INSERT INTO sessions (id, token_hash, account_id, status, created_at, last_seen_at, expires_at, authenticated_at, ip, user_agent, client,
                                      impersonation)
                VALUES (\(bind: session.id.rawValue), \(bind: session.tokenHash), \(bind: session.accountID.rawValue),
                        \(bind: session.status.rawValue), \(bind: session.createdAt.storageMillis), \(bind: session.lastSeenAt.storageMillis),
                        \(bind: session.expiresAt.storageMillis), \(bind: session.authenticatedAt.storageMillis),
                        \(bind: session.ip), \(bind: session.userAgent), \(bind: Self.encode(session.client)),
                        \(bind: session.impersonation.map(Self.encode)))
                """).run()
        }
    }

    func record(tokenHash: String) async throws -> SessionRecord? {
        // The hot path of every request and of /auth/check: one lookup through the unique index.
        let row = try await read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.columns), \(unsafeRaw: SQLAccountStore.columns)
                FROM sessions s JOIN accounts a ON a.id = s.account_id \(unsafeRaw: SQLAccountStore.credentialJoins)
                WHERE s.token_hash = \(bind: tokenHash)
                """).first()
        }
        guard let row else { return nil }
        return SessionRecord(session: try Self.decode(row), account: try SQLAccountStore.decode(row))
    }

    func session(id: SessionID) async throws -> Session? {
        try await read { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM sessions s WHERE s.id = \(bind: id.rawValue)").first()
        }.map(Self.decode)
    }

    func advance(_ id: SessionID, from: SignInStatus, to: SignInStatus, tokenHash: String, expiresAt: Date, at date: Date) async throws -> Bool {
        // Conditional on the old status: two requests racing to complete one step cannot both advance.
        try await write { db in
            try await db.raw("""
                UPDATE sessions SET status = \(bind: to.rawValue), token_hash = \(bind: tokenHash),
                    expires_at = \(bind: expiresAt.storageMillis), last_seen_at = \(bind: date.storageMillis)
                WHERE id = \(bind: id.rawValue) AND status = \(bind: from.rawValue)
                RETURNING id
                """).first()
        } != nil
    }

    func touch(_ id: SessionID, at date: Date, olderThan: Date) async throws {
        try await write { db in
            try await db.raw("""
                UPDATE sessions SET last_seen_at = \(bind: date.storageMillis)
                WHERE id = \(bind: id.rawValue) AND last_seen_at < \(bind: olderThan.storageMillis)
                """).run()
        }
    }

    func reauthenticated(_ id: SessionID, at date: Date) async throws {
        try await write { db in
            try await db.raw("UPDATE sessions SET authenticated_at = \(bind: date.storageMillis) WHERE id = \(bind: id.rawValue)").run()
        }
    }

    func revoke(_ id: SessionID) async throws -> Bool {
        try await write { db in
            try await db.raw("DELETE FROM sessions WHERE id = \(bind: id.rawValue) RETURNING id").first()
        } != nil
    }

    func revokeAll(accountID: AccountID, except keeping: SessionID?) async throws -> [SessionID] {
        let rows = try await write { db in
            try await db.raw("""
                DELETE FROM sessions WHERE account_id = \(bind: accountID.rawValue) AND id <> \(bind: keeping?.rawValue ?? "")
                RETURNING id
                """).all()
        }
        return try rows.map { SessionID(rawValue: try $0.decode(column: "id", as: String.self)) }
    }

    func list(accountID: AccountID) async throws -> [Session] {
        try await read { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM sessions s WHERE s.account_id = \(bind: accountID.rawValue) ORDER BY s.created_at").all()
        }.map(Self.decode)
    }

    func deleteExpired(now: Date, idleBefore: Date, limit: Int) async throws -> [(SessionID, AccountID)] {
        let rows = try await write { db in
            try await db.raw("""
                DELETE FROM sessions WHERE id IN (
                    SELECT id FROM sessions
                    WHERE expires_at <= \(bind: now.storageMillis) OR last_seen_at <= \(bind: idleBefore.storageMillis)
                    LIMIT \(bind: limit))
                RETURNING id, account_id
                """).all()
        }
        return try rows.map {
            (SessionID(rawValue: try $0.decode(column: "id", as: String.self)), AccountID(rawValue: try $0.decode(column: "account_id", as: String.self)))
        }
    }

    static func decode(_ row: any SQLRow) throws -> Session {
        let statusText = try row.decode(column: "s_status", as: String.self)
        guard let status = SignInStatus(rawValue: statusText) else { throw StoreError.corrupt("session status \(statusText)") }
        return Session(
            id: SessionID(rawValue: try row.decode(column: "s_id", as: String.self)),
            tokenHash: try row.decode(column: "token_hash", as: String.self),
            accountID: AccountID(rawValue: try row.decode(column: "account_id", as: String.self)),
            status: status,
            createdAt: Date(storageMillis: try row.decode(column: "s_created_at", as: Int64.self)),
            lastSeenAt: Date(storageMillis: try row.decode(column: "last_seen_at", as: Int64.self)),
            expiresAt: Date(storageMillis: try row.decode(column: "expires_at", as: Int64.self)),
            authenticatedAt: Date(storageMillis: try row.decode(column: "authenticated_at", as: Int64.self)),
            ip: try row.decode(column: "ip", as: String?.self),
            userAgent: try row.decode(column: "user_agent", as: String?.self),
            client: decodeClient(try row.decode(column: "client", as: String.self)),
            impersonation: try row.decode(column: "impersonation", as: String?.self).map(decodeImpersonation))
    }

    static func encode(_ client: SessionClient) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? String(decoding: encoder.encode(client), as: UTF8.self)) ?? "{}"
    }

    static func encode(_ impersonation: SessionImpersonation) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? String(decoding: encoder.encode(impersonation), as: UTF8.self)) ?? "{}"
    }

    static func decodeImpersonation(_ text: String) throws -> SessionImpersonation {
        do {
            return try JSONDecoder().decode(SessionImpersonation.self, from: Data(text.utf8))
        } catch {
            throw StoreError.corrupt("a session's administrator access cannot be read")
        }
    }

    func expiredImpersonations(now: Date, idleBefore: Date, limit: Int) async throws -> [Session] {
        try await read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM sessions s
                WHERE s.impersonation IS NOT NULL
                  AND (s.expires_at <= \(bind: now.storageMillis) OR s.last_seen_at <= \(bind: idleBefore.storageMillis))
                ORDER BY s.expires_at LIMIT \(bind: limit)
                """).all()
        }.map(Self.decode)
    }

    static func decodeClient(_ text: String) -> SessionClient {
        (try? JSONDecoder().decode(SessionClient.self, from: Data(text.utf8))) ?? SessionClient()
    }

    private func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        do { return try await reader.run(body) } catch { throw errors.translate(error) }
    }

    private func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        do { return try await writer.run(body) } catch { throw errors.translate(error) }
    }
}
