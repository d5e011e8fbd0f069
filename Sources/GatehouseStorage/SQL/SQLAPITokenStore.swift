import Foundation
import GatehouseCore
import SQLKit

/// `api_tokens` in SQL, shared by both backends.
struct SQLAPITokenStore: APITokenStore, SQLRepository {
    let reader: any SQLExecutor
    let writer: any SQLExecutor
    let errors: any DatabaseErrorTranslator

    private static let columns = """
        k.id AS k_id, k.account_id AS k_account_id, k.name AS k_name, k.permission_group, k.created_at AS k_created_at, \
        k.expires_at AS k_expires_at, k.rotated_at, k.last_used_at, k.last_used_ip, k.last_used_city, k.last_used_country
        """

    func create(_ token: APIToken, tokenHash: String) async throws {
        try await translating {
            try await writer.run { db in
                try await db.raw("""
                    INSERT INTO api_tokens (id, account_id, name, permission_group, token_hash, created_at, expires_at)
                    VALUES (\(bind: token.id.rawValue), \(bind: token.accountID.rawValue), \(bind: token.name), \(bind: token.permissionGroup),
                        \(bind: tokenHash), \(bind: token.createdAt.storageMillis), \(bind: token.expiresAt.storageMillis))
                    """).run()
            }
        }
    }

    func lockOwner(_ accountID: AccountID) async throws {
        try await translating {
            try await writer.run { db in
                // A no-op write: the row lock lasts until commit on both backends.
                try await db.raw("UPDATE accounts SET updated_at = updated_at WHERE id = \(bind: accountID.rawValue)").run()
            }
        }
    }

    func list(accountID: AccountID) async throws -> [APIToken] {
        let rows = try await translating {
            try await reader.run { db in
                try await db.raw("""
                    SELECT \(unsafeRaw: Self.columns) FROM api_tokens k WHERE k.account_id = \(bind: accountID.rawValue) ORDER BY k.created_at, k.id
                    """).all()
            }
        }
        return try rows.map(Self.decode)
    }

    func count(accountID: AccountID) async throws -> Int {
        try await translating {
            try await reader.run { db in
                try await db.raw("SELECT COUNT(*) AS n FROM api_tokens WHERE account_id = \(bind: accountID.rawValue)").first()?
                    .decode(column: "n", as: Int.self) ?? 0
            }
        }
    }

    func record(tokenHash: String) async throws -> APITokenRecord? {
        // Every token-authenticated request: one lookup through the unique index, the owner joined.
        let row = try await translating {
            try await reader.run { db in
                try await db.raw("""
                    SELECT \(unsafeRaw: Self.columns), \(unsafeRaw: SQLAccountStore.columns)
                    FROM api_tokens k JOIN accounts a ON a.id = k.account_id \(unsafeRaw: SQLAccountStore.credentialJoins)
                    WHERE k.token_hash = \(bind: tokenHash)
                    """).first()
            }
        }
        guard let row else { return nil }
        return APITokenRecord(token: try Self.decode(row), account: try SQLAccountStore.decode(row))
    }

    func rotate(_ id: APITokenID, accountID: AccountID, tokenHash: String, at date: Date) async throws -> APIToken? {
        let row = try await translating {
            try await writer.run { db in
                try await db.raw("""
                    UPDATE api_tokens SET token_hash = \(bind: tokenHash), rotated_at = \(bind: date.storageMillis)
                    WHERE id = \(bind: id.rawValue) AND account_id = \(bind: accountID.rawValue)
                    RETURNING \(unsafeRaw: Self.columns.replacingOccurrences(of: "k.", with: ""))
                    """).first()
            }
        }
        return try row.map(Self.decode)
    }

    func delete(_ id: APITokenID, accountID: AccountID) async throws -> APIToken? {
        let row = try await translating {
            try await writer.run { db in
                try await db.raw("""
                    DELETE FROM api_tokens WHERE id = \(bind: id.rawValue) AND account_id = \(bind: accountID.rawValue)
                    RETURNING \(unsafeRaw: Self.columns.replacingOccurrences(of: "k.", with: ""))
                    """).first()
            }
        }
        return try row.map(Self.decode)
    }

    func deleteAll(accountID: AccountID) async throws -> [APITokenID] {
        let rows = try await translating {
            try await writer.run { db in
                try await db.raw("DELETE FROM api_tokens WHERE account_id = \(bind: accountID.rawValue) RETURNING id").all()
            }
        }
        return try rows.map { APITokenID(rawValue: try $0.decode(column: "id", as: String.self)) }
    }

    func recordUse(_ id: APITokenID, _ use: APITokenUse, olderThan: Date) async throws {
        try await translating {
            try await writer.run { db in
                try await db.raw("""
                    UPDATE api_tokens SET last_used_at = \(bind: use.at.storageMillis), last_used_ip = \(bind: use.ip),
                        last_used_city = \(bind: use.city), last_used_country = \(bind: use.country)
                    WHERE id = \(bind: id.rawValue) AND (last_used_at IS NULL OR last_used_at < \(bind: olderThan.storageMillis))
                    """).run()
            }
        }
    }

    static func decode(_ row: any SQLRow) throws -> APIToken {
        APIToken(
            id: APITokenID(rawValue: try row.decode(column: "k_id", as: String.self)),
            accountID: AccountID(rawValue: try row.decode(column: "k_account_id", as: String.self)),
            name: try row.decode(column: "k_name", as: String.self),
            permissionGroup: try row.decode(column: "permission_group", as: String.self),
            createdAt: Date(storageMillis: try row.decode(column: "k_created_at", as: Int64.self)),
            expiresAt: Date(storageMillis: try row.decode(column: "k_expires_at", as: Int64.self)),
            rotatedAt: try row.decode(column: "rotated_at", as: Int64?.self).map(Date.init(storageMillis:)),
            lastUsedAt: try row.decode(column: "last_used_at", as: Int64?.self).map(Date.init(storageMillis:)),
            lastUsedIP: try row.decode(column: "last_used_ip", as: String?.self),
            lastUsedCity: try row.decode(column: "last_used_city", as: String?.self),
            lastUsedCountry: try row.decode(column: "last_used_country", as: String?.self))
    }
}
