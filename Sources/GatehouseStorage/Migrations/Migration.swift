import Foundation
import GatehouseCore
import Logging
import SQLKit

/// One versioned schema change: SQL from a file in `Migrations/SQL` (embedded into the binary), one
/// file both SQLite and PostgreSQL accept or, where they cannot, one per backend.
struct Migration: Sendable {
    /// Work SQL cannot express (a value computed in Swift for every row), run in the migration's
    /// transaction after its statements.
    typealias DataStep = @Sendable (any SQLDatabase) async throws -> Void

    let version: Int
    let name: String
    let sqlite: [String]
    let postgres: [String]
    let data: DataStep?

    init(_ version: Int, _ name: String, both file: [UInt8], data: DataStep? = nil) {
        let statements = SQLScript.statements(file)
        self.init(version, name, sqlite: statements, postgres: statements, data: data)
    }

    init(_ version: Int, _ name: String, sqlite: [UInt8], postgres: [UInt8], data: DataStep? = nil) {
        self.init(version, name, sqlite: SQLScript.statements(sqlite), postgres: SQLScript.statements(postgres), data: data)
    }

    init(_ version: Int, _ name: String, sqlite: [String], postgres: [String], data: DataStep? = nil) {
        self.version = version
        self.name = name
        self.sqlite = sqlite
        self.postgres = postgres
        self.data = data
    }
}

/// Splits a migration file into statements: a statement ends with the line that ends in `;` (so a
/// trigger's `BEGIN …; END;` on one line stays whole); lines starting with `--` are comments.
enum SQLScript {
    static func statements(_ file: [UInt8]) -> [String] {
        var statements: [String] = []
        var current: [Substring] = []
        for line in String(decoding: file, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("--") || (trimmed.isEmpty && current.isEmpty) { continue }
            current.append(line)
            if trimmed.hasSuffix(";") {
                var statement = current.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
                statement.removeLast()
                statements.append(statement)
                current = []
            }
        }
        precondition(current.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty }, "a migration file ends inside a statement")
        return statements
    }
}

/// Every migration this build knows, in order. Never edit one that has shipped: add a new one.
/// Times are stored as BIGINT milliseconds since the Unix epoch on both backends, so that the same
/// queries and comparisons work everywhere.
enum Migrations {
    static let all: [Migration] = [
        Migration(1, "accounts", both: PackageResources.v0001_accounts_sql),
        Migration(2, "sessions, audit log, rate limits", both: PackageResources.v0002_sessions_audit_log_rate_limits_sql),
        Migration(3, "session location and device", both: PackageResources.v0003_session_location_and_device_sql),
        Migration(4, "mail outbox, link tokens, pending email", both: PackageResources.v0004_mail_outbox_link_tokens_pending_email_sql),
        Migration(5, "devices and places seen at sign-in", both: PackageResources.v0005_devices_and_places_seen_at_sign_in_sql),
        Migration(6, "two-factor authentication and consent", both: PackageResources.v0006_two_factor_authentication_and_consent_sql),
        Migration(7, "audit sequences are positive; failed sign-ins counted in a window; reissue cancellations",
                  sqlite: PackageResources.v0007_positive_audit_sequences_lockout_window_sqlite_sql,
                  postgres: PackageResources.v0007_positive_audit_sequences_lockout_window_postgres_sql),
        Migration(8, "username look-alike keys", both: PackageResources.v0008_username_look_alike_keys_sql, data: { db in
            let logger = Logger(label: "gatehouse.migrations")
            var taken: [String: String] = [:]
            let rows = try await db.raw("SELECT id, username, username_normalized FROM accounts ORDER BY created_at, id").all()
            for row in rows {
                let id = try row.decode(column: "id", as: String.self)
                let keys = IdentifierNormalizer.usernameKeys(display: try row.decode(column: "username", as: String.self),
                                                             normalized: try row.decode(column: "username_normalized", as: String.self))
                if let older = taken[keys.key] ?? taken[keys.caseKey] ?? taken[keys.upperKey] {
                    logger.warning("two existing usernames look alike; the newer gets no look-alike key", metadata: [
                        "account": "\(id)", "looks_like_account": "\(older)"])
                    continue
                }
                for key in [keys.key, keys.caseKey, keys.upperKey] { taken[key] = id }
                try await db.raw("""
                    UPDATE accounts SET username_key = \(bind: keys.key), username_case_key = \(bind: keys.caseKey),
                        username_upper_key = \(bind: keys.upperKey) WHERE id = \(bind: id)
                    """).run()
            }
            try await db.raw("CREATE UNIQUE INDEX accounts_username_key ON accounts (username_key)").run()
            try await db.raw("CREATE UNIQUE INDEX accounts_username_case_key ON accounts (username_case_key)").run()
            try await db.raw("CREATE UNIQUE INDEX accounts_username_upper_key ON accounts (username_upper_key)").run()
        }),
        Migration(9, "credentials as their own records", both: PackageResources.v0009_credentials_sql),
        Migration(10, "organisations and memberships", both: PackageResources.v0010_organizations_and_memberships_sql),
        Migration(11, "invitations; addresses in the audit log", both: PackageResources.v0011_invitations_sql),
        Migration(12, "access requests", both: PackageResources.v0012_access_requests_sql),
        Migration(13, "API tokens", both: PackageResources.v0013_api_tokens_sql),
        Migration(14, "last sign-in", both: PackageResources.v0014_last_sign_in_sql),
        Migration(15, "audit chain base", both: PackageResources.v0015_audit_chain_base_sql),
        Migration(16, "administrator access", both: PackageResources.v0016_administrator_access_sql),
        Migration(17, "outbox recipient key", both: PackageResources.v0017_outbox_recipient_key_sql),
        Migration(18, "key ids", both: PackageResources.v0018_key_ids_sql),
        Migration(19, "indexes for the sweeper, administrators, erasure and the support search",
                  sqlite: PackageResources.v0019_indexes_sqlite_sql, postgres: PackageResources.v0019_indexes_postgres_sql),
    ]

    static var latestVersion: Int { all.last?.version ?? 0 }
}
