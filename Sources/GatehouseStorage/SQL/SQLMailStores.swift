import Foundation
import GatehouseCore
import SQLKit

/// Mailed links' tokens (hashed) in SQL, shared by both backends.
struct SQLLinkTokenStore: LinkTokenStore, SQLRepository {
    let reader: any SQLExecutor
    let writer: any SQLExecutor
    let errors: any DatabaseErrorTranslator

    static let columns = "token_hash, purpose, account_id, email, created_at, expires_at, used_at"

    func create(_ token: LinkToken) async throws {
        try await translating {
            try await writer.run { db in
                try await db.raw("""
                    INSERT INTO link_tokens (token_hash, purpose, account_id, email, created_at, expires_at, used_at)
                    VALUES (\(bind: token.tokenHash), \(bind: token.purpose.rawValue), \(bind: token.accountID.rawValue), \(bind: token.email),
                        \(bind: token.createdAt.storageMillis), \(bind: token.expiresAt.storageMillis), NULL)
                    """).run()
            }
        }
    }

    func find(tokenHash: String, purpose: LinkPurpose, now: Date) async throws -> LinkToken? {
        let row = try await translating {
            try await reader.run { db in
                try await db.raw("""
                    SELECT \(unsafeRaw: Self.columns) FROM link_tokens
                    WHERE token_hash = \(bind: tokenHash) AND purpose = \(bind: purpose.rawValue) AND used_at IS NULL
                        AND expires_at > \(bind: now.storageMillis)
                    """).first()
            }
        }
        return try row.map(Self.decode)
    }

    func consume(tokenHash: String, purpose: LinkPurpose, at date: Date) async throws -> LinkToken? {
        let row = try await translating {
            try await writer.run { db in
                try await db.raw("""
                    UPDATE link_tokens SET used_at = \(bind: date.storageMillis)
                    WHERE token_hash = \(bind: tokenHash) AND purpose = \(bind: purpose.rawValue) AND used_at IS NULL
                        AND expires_at > \(bind: date.storageMillis)
                    RETURNING \(unsafeRaw: Self.columns)
                    """).first()
            }
        }
        return try row.map(Self.decode)
    }

    func expireAll(accountID: AccountID, purpose: LinkPurpose, at date: Date) async throws -> Int {
        let rows = try await translating {
            try await writer.run { db in
                try await db.raw("""
                    UPDATE link_tokens SET used_at = \(bind: date.storageMillis)
                    WHERE account_id = \(bind: accountID.rawValue) AND purpose = \(bind: purpose.rawValue) AND used_at IS NULL
                    RETURNING token_hash
                    """).all()
            }
        }
        return rows.count
    }

    func purge(expiredBefore before: Date) async throws -> Int {
        let rows = try await translating {
            try await writer.run { db in
                try await db.raw("DELETE FROM link_tokens WHERE expires_at < \(bind: before.storageMillis) RETURNING token_hash").all()
            }
        }
        return rows.count
    }


    static func decode(_ row: any SQLRow) throws -> LinkToken {
        let purposeText = try row.decode(column: "purpose", as: String.self)
        guard let purpose = LinkPurpose(rawValue: purposeText) else { throw StoreError.corrupt("link purpose \(purposeText)") }
        return LinkToken(
            tokenHash: try row.decode(column: "token_hash", as: String.self), purpose: purpose,
            accountID: AccountID(rawValue: try row.decode(column: "account_id", as: String.self)),
            email: try row.decode(column: "email", as: String?.self),
            createdAt: Date(storageMillis: try row.decode(column: "created_at", as: Int64.self)),
            expiresAt: Date(storageMillis: try row.decode(column: "expires_at", as: Int64.self)),
            usedAt: try row.decode(column: "used_at", as: Int64?.self).map(Date.init(storageMillis:)))
    }
}

/// The mail outbox in SQL. On PostgreSQL the claim's inner select takes `FOR UPDATE SKIP LOCKED`, so
/// instances claiming at the same moment take different rows instead of waiting for each other; on
/// SQLite the single writer connection serialises claims anyway.
struct SQLOutboxStore: OutboxStore, SQLRepository {
    let reader: any SQLExecutor
    let writer: any SQLExecutor
    let errors: any DatabaseErrorTranslator
    /// `" FOR UPDATE SKIP LOCKED"` on PostgreSQL, empty on SQLite.
    let skipLocked: String

    func enqueue(_ entry: NewOutboxEntry) async throws {
        let now = entry.createdAt.storageMillis
        try await translating {
            try await writer.run { db in
                try await db.raw("""
                    INSERT INTO outbox (id, kind, payload, created_at, next_attempt_at, attempts, recipient_key)
                    VALUES (\(bind: entry.id), \(bind: entry.kind.rawValue), \(bind: entry.payload), \(bind: now), \(bind: now), 0,
                            \(bind: entry.recipientKey))
                    """).run()
            }
        }
    }

    func claim(limit: Int, now: Date, until: Date, claimToken: String) async throws -> [ClaimedOutboxEntry] {
        let current = now.storageMillis
        let rows = try await translating {
            try await writer.run { db in
                try await db.raw("""
                    UPDATE outbox SET claimed_until = \(bind: until.storageMillis), claim_token = \(bind: claimToken), attempts = attempts + 1
                    WHERE id IN (
                        SELECT id FROM outbox
                        WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= \(bind: current)
                            AND (claimed_until IS NULL OR claimed_until <= \(bind: current))
                        ORDER BY next_attempt_at LIMIT \(bind: limit)\(unsafeRaw: skipLocked))
                    RETURNING id, kind, payload, created_at, attempts
                    """).all()
            }
        }
        return try rows.map { row in
            ClaimedOutboxEntry(
                id: try row.decode(column: "id", as: String.self), kind: MailKind(rawValue: try row.decode(column: "kind", as: String.self)),
                payload: try row.decode(column: "payload", as: String.self),
                createdAt: Date(storageMillis: try row.decode(column: "created_at", as: Int64.self)),
                attempts: Int(try row.decode(column: "attempts", as: Int64.self)), claimToken: claimToken)
        }.sorted { $0.id < $1.id }
    }

    func renewLease(id: String, claimToken: String, until: Date) async throws -> Bool {
        try await settle("""
            UPDATE outbox SET claimed_until = \(bind: until.storageMillis)
            WHERE id = \(bind: id) AND claim_token = \(bind: claimToken) AND sent_at IS NULL AND failed_at IS NULL RETURNING id
            """)
    }

    func release(id: String, claimToken: String) async throws -> Bool {
        try await settle("""
            UPDATE outbox SET claimed_until = NULL, claim_token = NULL, attempts = attempts - 1
            WHERE id = \(bind: id) AND claim_token = \(bind: claimToken) AND sent_at IS NULL AND failed_at IS NULL RETURNING id
            """)
    }

    func markSent(id: String, claimToken: String, at date: Date) async throws -> Bool {
        try await settle("""
            UPDATE outbox SET sent_at = \(bind: date.storageMillis), payload = '', claimed_until = NULL, last_error = NULL
            WHERE id = \(bind: id) AND claim_token = \(bind: claimToken) AND sent_at IS NULL RETURNING id
            """)
    }

    func reschedule(id: String, claimToken: String, nextAttemptAt: Date, error: String) async throws -> Bool {
        try await settle("""
            UPDATE outbox SET next_attempt_at = \(bind: nextAttemptAt.storageMillis), claimed_until = NULL, claim_token = NULL,
                last_error = \(bind: String(error.prefix(500)))
            WHERE id = \(bind: id) AND claim_token = \(bind: claimToken) AND sent_at IS NULL RETURNING id
            """)
    }

    func markFailed(id: String, claimToken: String, at date: Date, error: String) async throws -> Bool {
        try await settle("""
            UPDATE outbox SET failed_at = \(bind: date.storageMillis), payload = '', claimed_until = NULL,
                last_error = \(bind: String(error.prefix(500)))
            WHERE id = \(bind: id) AND claim_token = \(bind: claimToken) AND sent_at IS NULL RETURNING id
            """)
    }

    func status(id: String) async throws -> OutboxEntryStatus? {
        let row = try await translating {
            try await reader.run { db in
                try await db.raw("SELECT \(unsafeRaw: Self.statusColumns) FROM outbox WHERE id = \(bind: id)").first()
            }
        }
        return try row.map(Self.decodeStatus)
    }

    func list(limit: Int) async throws -> [OutboxEntryStatus] {
        let rows = try await translating {
            try await reader.run { db in
                try await db.raw("SELECT \(unsafeRaw: Self.statusColumns) FROM outbox ORDER BY id LIMIT \(bind: limit)").all()
            }
        }
        return try rows.map(Self.decodeStatus)
    }

    func backlog() async throws -> OutboxBacklog {
        let row = try await translating {
            try await reader.run { db in
                try await db.raw("SELECT count(*) AS waiting, min(created_at) AS oldest FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL").first()
            }
        }
        let oldest = try row?.decode(column: "oldest", as: Int64?.self)
        return OutboxBacklog(count: Int(try row?.decode(column: "waiting", as: Int64.self) ?? 0), oldest: oldest.map(Date.init(storageMillis:)))
    }

    func purge(settledBefore before: Date) async throws -> Int {
        let cutoff = before.storageMillis
        let rows = try await translating {
            try await writer.run { db in
                try await db.raw("""
                    DELETE FROM outbox WHERE (sent_at IS NOT NULL AND sent_at < \(bind: cutoff)) OR (failed_at IS NOT NULL AND failed_at < \(bind: cutoff))
                    RETURNING id
                    """).all()
            }
        }
        return rows.count
    }

    static let statusColumns = "id, kind, attempts, next_attempt_at, sent_at, failed_at, last_error"

    static func decodeStatus(_ row: any SQLRow) throws -> OutboxEntryStatus {
        let sent = try row.decode(column: "sent_at", as: Int64?.self)
        let failed = try row.decode(column: "failed_at", as: Int64?.self)
        return OutboxEntryStatus(
            id: try row.decode(column: "id", as: String.self), kind: MailKind(rawValue: try row.decode(column: "kind", as: String.self)),
            state: sent != nil ? .sent : failed != nil ? .failed : .pending,
            attempts: Int(try row.decode(column: "attempts", as: Int64.self)),
            nextAttemptAt: Date(storageMillis: try row.decode(column: "next_attempt_at", as: Int64.self)),
            lastError: try row.decode(column: "last_error", as: String?.self))
    }

    private func settle(_ query: SQLQueryString) async throws -> Bool {
        try await translating { try await writer.run { db in try await db.raw(query).first() } } != nil
    }

}

/// Devices and places seen at sign-in (keyed hashes), for new-device alerts.
struct SQLKnownClientStore: KnownClientStore, SQLRepository {
    let executor: any SQLExecutor
    let errors: any DatabaseErrorTranslator

    func hasAny(accountID: AccountID) async throws -> Bool {
        try await translating {
            try await executor.run { db in
                try await db.raw("SELECT 1 AS one FROM known_clients WHERE account_id = \(bind: accountID.rawValue) LIMIT 1").first()
            }
        } != nil
    }

    func lastSeen(accountID: AccountID, kind: String, key: String) async throws -> Date? {
        let row = try await translating {
            try await executor.run { db in
                try await db.raw("""
                    SELECT last_seen_at FROM known_clients
                    WHERE account_id = \(bind: accountID.rawValue) AND kind = \(bind: kind) AND key = \(bind: key)
                    """).first()
            }
        }
        return try row.map { Date(storageMillis: try $0.decode(column: "last_seen_at", as: Int64.self)) }
    }

    func remember(accountID: AccountID, kind: String, key: String, at date: Date) async throws {
        try await translating {
            try await executor.run { db in
                try await db.raw("""
                    INSERT INTO known_clients (account_id, kind, key, last_seen_at)
                    VALUES (\(bind: accountID.rawValue), \(bind: kind), \(bind: key), \(bind: date.storageMillis))
                    ON CONFLICT (account_id, kind, key) DO UPDATE SET last_seen_at = excluded.last_seen_at
                    """).run()
            }
        }
    }

}
