import Foundation
import GatehouseCore
import SQLKit

/// `credentials` in SQL, on a transaction's connection only (some changes touch `accounts` too).
///
/// TOTP and the backup code are single per account and state: a partial unique index on
/// `(account_id, kind, state)` for those kinds holds that, and `ON CONFLICT` against it replaces a
/// pending secret or a backup code in one statement. Every change that uses up a code is one
/// conditional statement, which PostgreSQL re-checks after waiting for a concurrent one (READ
/// COMMITTED) and SQLite runs one at a time. Every change first locks the
/// account's row (PostgreSQL: `FOR UPDATE`; SQLite holds the write lock already): rows another
/// transaction is inserting are invisible to a DELETE, so without the lock a reset racing an
/// activation could miss the new authenticator, or leave it without its backup code.
struct SQLCredentialStore: CredentialStore, SQLRepository {
    let executor: any SQLExecutor
    let errors: any DatabaseErrorTranslator

    static let single = "kind IN ('totp', 'backup_code')"

    func credentials(accountID: AccountID) async throws -> [Credential] {
        let rows = try await run { db in
            try await db.raw("""
                SELECT id, account_id, kind, state, secret, secret_hash, last_step, created_at, last_used_at FROM credentials
                WHERE account_id = \(bind: accountID.rawValue) ORDER BY created_at, id
                """).all()
        }
        return try rows.map(Self.decode)
    }

    func setPendingTOTP(_ accountID: AccountID, sealedSecret: String?, at date: Date) async throws {
        guard try await lockAccount(accountID) else { return }
        guard let sealedSecret else {
            _ = try await run { db in
                try await db.raw("DELETE FROM credentials WHERE account_id = \(bind: accountID.rawValue) AND kind = 'totp' AND state = 'pending'").run()
            }
            return
        }
        _ = try await run { db in
            try await db.raw("""
                INSERT INTO credentials (id, account_id, kind, state, secret, created_at)
                VALUES (\(bind: Self.newID()), \(bind: accountID.rawValue), 'totp', 'pending', \(bind: sealedSecret), \(bind: date.storageMillis))
                ON CONFLICT (account_id, kind, state) WHERE \(unsafeRaw: Self.single)
                DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at, last_used_at = NULL
                """).run()
        }
    }

    func activateTOTP(_ accountID: AccountID, pendingSecret: String, activeSecret: String, replacing current: String?, step: Int64,
                      backupCodeHash: String, at date: Date) async throws -> Bool {
        let account = accountID.rawValue
        guard try await lockAccount(accountID) else { return false }
        // The active secret must still be the one the caller saw: read under the transaction's write
        // lock (SQLite) or a row lock (PostgreSQL), before the pending one is claimed.
        let active = try await run { db in
            try await db.raw("""
                SELECT secret FROM credentials WHERE account_id = \(bind: account) AND kind = 'totp' AND state = 'active'\(unsafeRaw: lockSuffix)
                """).first()
        }
        guard try active?.decode(column: "secret", as: String?.self) == current else { return false }
        // Claiming the pending secret is the conditional step: of parallel activations one deletes it.
        let claimed = try await run { db in
            try await db.raw("""
                DELETE FROM credentials WHERE account_id = \(bind: account) AND kind = 'totp' AND state = 'pending'
                    AND secret = \(bind: pendingSecret) RETURNING id
                """).first()
        }
        guard claimed != nil else { return false }
        let now = date.storageMillis
        _ = try await run { db in
            try await db.raw("DELETE FROM credentials WHERE account_id = \(bind: account) AND kind = 'totp' AND state = 'active'").run()
            try await db.raw("""
                INSERT INTO credentials (id, account_id, kind, state, secret, last_step, created_at, last_used_at)
                VALUES (\(bind: Self.newID()), \(bind: account), 'totp', 'active', \(bind: activeSecret), \(bind: step), \(bind: now), \(bind: now))
                """).run()
            try await db.raw("""
                INSERT INTO credentials (id, account_id, kind, state, secret_hash, created_at)
                VALUES (\(bind: Self.newID()), \(bind: account), 'backup_code', 'active', \(bind: backupCodeHash), \(bind: now))
                ON CONFLICT (account_id, kind, state) WHERE \(unsafeRaw: Self.single)
                DO UPDATE SET secret_hash = excluded.secret_hash, created_at = excluded.created_at, last_used_at = NULL
                """).run()
            try await db.raw("UPDATE accounts SET two_factor_reissue_at = NULL, updated_at = \(bind: now) WHERE id = \(bind: account)").run()
        }
        return true
    }

    func acceptTOTPStep(_ accountID: AccountID, secret: String, step: Int64, at date: Date) async throws -> Bool {
        // Locked like every other change, so all of them take the account's row before a credential's
        // (one order: no deadlock with a reset).
        guard try await lockAccount(accountID) else { return false }
        return try await run { db in
            try await db.raw("""
                UPDATE credentials SET last_step = \(bind: step), last_used_at = \(bind: date.storageMillis)
                WHERE account_id = \(bind: accountID.rawValue) AND kind = 'totp' AND state = 'active' AND secret = \(bind: secret)
                    AND (last_step IS NULL OR last_step < \(bind: step))
                RETURNING id
                """).first()
        } != nil
    }

    func replaceBackupCode(_ accountID: AccountID, current: String, with new: String, at date: Date) async throws -> Bool {
        guard try await lockAccount(accountID) else { return false }
        return try await run { db in
            try await db.raw("""
                UPDATE credentials SET secret_hash = \(bind: new), created_at = \(bind: date.storageMillis), last_used_at = NULL
                WHERE account_id = \(bind: accountID.rawValue) AND kind = 'backup_code' AND state = 'active' AND secret_hash = \(bind: current)
                    AND \(Self.hasActiveTOTP(accountID))
                RETURNING id
                """).first()
        } != nil
    }

    func setBackupCode(_ accountID: AccountID, hash: String, at date: Date) async throws -> Bool {
        guard try await lockAccount(accountID) else { return false }
        return try await run { db in
            try await db.raw("""
                INSERT INTO credentials (id, account_id, kind, state, secret_hash, created_at)
                SELECT \(bind: Self.newID()), \(bind: accountID.rawValue), 'backup_code', 'active', \(bind: hash), \(bind: date.storageMillis)
                WHERE \(Self.hasActiveTOTP(accountID))
                ON CONFLICT (account_id, kind, state) WHERE \(unsafeRaw: Self.single)
                DO UPDATE SET secret_hash = excluded.secret_hash, created_at = excluded.created_at, last_used_at = NULL
                RETURNING id
                """).first()
        } != nil
    }

    func clearTwoFactor(_ accountID: AccountID, requiringBackupCode: String?, at date: Date) async throws -> Bool {
        let account = accountID.rawValue
        guard try await lockAccount(accountID) else { return false }
        if let requiringBackupCode {
            // Using the backup code up is the conditional step: of parallel recoveries one deletes it.
            let used = try await run { db in
                try await db.raw("""
                    DELETE FROM credentials
                    WHERE account_id = \(bind: account) AND kind = 'backup_code' AND state = 'active' AND secret_hash = \(bind: requiringBackupCode)
                        AND \(Self.hasActiveTOTP(accountID))
                    RETURNING id
                    """).first()
            }
            guard used != nil else { return false }
        }
        return try await run { db in
            try await db.raw("DELETE FROM credentials WHERE account_id = \(bind: account) AND \(unsafeRaw: Self.single)").run()
            return try await db.raw("""
                UPDATE accounts SET two_factor_reissue_at = NULL, updated_at = \(bind: date.storageMillis) WHERE id = \(bind: account) RETURNING id
                """).first()
        } != nil
    }

    // MARK: - Helpers

    /// Locks the account's row until the transaction ends; false when there is no such account.
    private func lockAccount(_ accountID: AccountID) async throws -> Bool {
        try await run { db in
            try await db.raw("SELECT id FROM accounts WHERE id = \(bind: accountID.rawValue)\(unsafeRaw: lockSuffix)").first()
        } != nil
    }

    /// `" FOR UPDATE"` on PostgreSQL, empty on SQLite (whose `BEGIN IMMEDIATE` holds the write lock).
    let lockSuffix: String

    private func run<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await translating { try await executor.run(body) }
    }

    /// A backup code counts only beside an active TOTP.
    static func hasActiveTOTP(_ accountID: AccountID) -> SQLQueryString {
        "EXISTS (SELECT 1 FROM credentials t WHERE t.account_id = \(bind: accountID.rawValue) AND t.kind = 'totp' AND t.state = 'active')"
    }

    static func newID() -> String { UUID().uuidString.lowercased() }

    static func decode(_ row: any SQLRow) throws -> Credential {
        let stateText = try row.decode(column: "state", as: String.self)
        guard let state = CredentialState(rawValue: stateText) else { throw StoreError.corrupt("credential state \(stateText)") }
        return Credential(
            id: try row.decode(column: "id", as: String.self),
            accountID: AccountID(rawValue: try row.decode(column: "account_id", as: String.self)),
            kind: CredentialKind(rawValue: try row.decode(column: "kind", as: String.self)),
            state: state,
            secret: try row.decode(column: "secret", as: String?.self),
            secretHash: try row.decode(column: "secret_hash", as: String?.self),
            lastStep: try row.decode(column: "last_step", as: Int64?.self),
            createdAt: Date(storageMillis: try row.decode(column: "created_at", as: Int64.self)),
            lastUsedAt: try row.decode(column: "last_used_at", as: Int64?.self).map(Date.init(storageMillis:)))
    }
}
