import Foundation
import GatehouseCore
import SQLKit

/// Accounts in SQL, shared by the SQLite and PostgreSQL backends. `reader` serves plain reads; `writer`
/// serves every statement that changes a row (on SQLite the single writer connection).
struct SQLAccountStore: AccountStore, SQLRepository {
    let reader: any SQLExecutor
    let writer: any SQLExecutor
    let errors: any DatabaseErrorTranslator
    /// `" FOR UPDATE"` in a PostgreSQL transaction; empty elsewhere.
    var lockSuffix = ""

    /// The account's own columns, its second factors from `credentials` under the names `Account`
    /// decodes (`accountSource` joins them: at most one row each, by the partial unique index), and its
    /// organisations as `slug:role,…` (served by the memberships primary key).
    static let columns = """
        a.id, a.username, a.username_normalized, a.email, a.email_normalized, a.email_verified_at, a.password_hash, a.status, \
        a.roles, a.preferred_language, a.failed_attempts, a.locked_at, a.created_at, a.updated_at, a.pending_email, \
        a.two_factor_reissue_at, a.two_factor_reissue_cancelled_at, a.consent_version, a.consent_accepted_at, a.last_sign_in_at, \
        t.secret AS totp_secret, t.created_at AS totp_enabled_at, t.last_step AS totp_last_step, \
        p.secret AS totp_pending_secret, p.created_at AS totp_pending_at, b.secret_hash AS backup_code_hash, \
        (SELECT string_agg(o.slug || ':' || m.org_role, ',') FROM memberships m JOIN organizations o ON o.id = m.organization_id \
        WHERE m.account_id = a.id) AS memberships
        """

    /// `accounts a` with its credentials joined; `SELECT \(columns) FROM \(accountSource)`.
    static let accountSource = "accounts a " + credentialJoins

    static let credentialJoins = """
        LEFT JOIN credentials t ON t.account_id = a.id AND t.kind = 'totp' AND t.state = 'active' \
        LEFT JOIN credentials p ON p.account_id = a.id AND p.kind = 'totp' AND p.state = 'pending' \
        LEFT JOIN credentials b ON b.account_id = a.id AND b.kind = 'backup_code' AND b.state = 'active'
        """

    func create(_ new: NewAccount) async throws -> Account {
        let roles = Self.encode(new.roles)
        let now = new.createdAt.storageMillis
        let keys = IdentifierNormalizer.usernameKeys(display: new.username, normalized: new.usernameNormalized)
        do {
            // One statement: the row goes in only if neither of its look-alike keys is either key of
            // another account (each key column is unique as well, so same-column collisions never slip).
            let inserted = try await writer.run { db in
                try await db.raw("""
                    INSERT INTO accounts (id, username, username_normalized, username_key, username_case_key, username_upper_key,
                        email, email_normalized, email_verified_at, password_hash, status, roles, preferred_language, failed_attempts,
                        locked_at, created_at, updated_at)
                    SELECT \(bind: new.id.rawValue), \(bind: new.username), \(bind: new.usernameNormalized),
                        \(bind: keys.key), \(bind: keys.caseKey), \(bind: keys.upperKey),
                        \(bind: new.email), \(bind: new.emailNormalized), \(bind: new.emailVerifiedAt?.storageMillis),
                        \(bind: new.passwordHash), 'active', \(bind: roles), \(bind: new.preferredLanguage.rawValue),
                        0, NULL, \(bind: now), \(bind: now)
                    WHERE NOT EXISTS (\(Self.lookAlike(keys, except: nil)))
                    RETURNING id
                    """).first()
            }
            guard inserted != nil else { throw StoreError.alreadyTaken(field: "username") }
        } catch let error as StoreError {
            throw error
        } catch {
            if let index = errors.uniqueViolation(error) {
                throw StoreError.alreadyTaken(field: index.contains("email") ? "email" : index.contains("username") ? "username" : "id")
            }
            throw errors.translate(error)
        }
        return Account(
            id: new.id, username: new.username, usernameNormalized: new.usernameNormalized, email: new.email,
            emailNormalized: new.emailNormalized, emailVerifiedAt: new.emailVerifiedAt.map { Date(storageMillis: $0.storageMillis) },
            passwordHash: new.passwordHash, status: .active, roles: new.roles, preferredLanguage: new.preferredLanguage,
            failedAttempts: 0, lockedAt: nil, createdAt: Date(storageMillis: now), updatedAt: Date(storageMillis: now))
    }

    func account(id: AccountID) async throws -> Account? {
        try await one(reader, "SELECT \(unsafeRaw: Self.columns) FROM \(unsafeRaw: Self.accountSource) WHERE a.id = \(bind: id.rawValue)")
    }

    func account(login normalized: String) async throws -> Account? {
        // A username never contains `@`, so the two unique indexes cannot both match different rows.
        let column = normalized.contains("@") ? "email_normalized" : "username_normalized"
        return try await one(reader, "SELECT \(unsafeRaw: Self.columns) FROM \(unsafeRaw: Self.accountSource) WHERE a.\(unsafeRaw: column) = \(bind: normalized)")
    }

    func list(limit: Int, after: AccountID?) async throws -> [Account] {
        let rows = try await translating {
            try await reader.run { db in
                if let after {
                    try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM \(unsafeRaw: Self.accountSource) WHERE a.id > \(bind: after.rawValue) ORDER BY a.id LIMIT \(bind: limit)").all()
                } else {
                    try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM \(unsafeRaw: Self.accountSource) ORDER BY a.id LIMIT \(bind: limit)").all()
                }
            }
        }
        return try rows.map(Self.decode)
    }

    func search(prefix: String?, after cursor: AccountCursor?, limit: Int) async throws -> [Account] {
        // LIKE with its wildcards escaped: the prefix is what was typed, matched literally.
        let pattern = prefix.map { $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%" }
        let rows = try await translating {
            try await reader.run { db in
                var query = SQLQueryString("SELECT \(unsafeRaw: Self.columns) FROM \(unsafeRaw: Self.accountSource) WHERE 1 = 1")
                if let pattern {
                    query.appendInterpolation(unsafeRaw: " AND (a.username_normalized LIKE ")
                    query.appendInterpolation(bind: pattern)
                    query.appendInterpolation(unsafeRaw: " ESCAPE '\\' OR a.email_normalized LIKE ")
                    query.appendInterpolation(bind: pattern)
                    query.appendInterpolation(unsafeRaw: " ESCAPE '\\')")
                }
                if let cursor {
                    query.appendInterpolation(unsafeRaw: " AND (a.username_normalized > ")
                    query.appendInterpolation(bind: cursor.usernameNormalized)
                    query.appendInterpolation(unsafeRaw: " OR (a.username_normalized = ")
                    query.appendInterpolation(bind: cursor.usernameNormalized)
                    query.appendInterpolation(unsafeRaw: " AND a.id > ")
                    query.appendInterpolation(bind: cursor.id.rawValue)
                    query.appendInterpolation(unsafeRaw: "))")
                }
                // With a prefix, the rows come from the two search indexes (LIKE on a prefix), sorted
                // afterwards: `|| ''` keeps the planner from walking the whole username index in order
                // instead, which reads every account when few match. Without one, that walk is the
                // page and stops at LIMIT.
                query.appendInterpolation(unsafeRaw: pattern == nil ? " ORDER BY a.username_normalized, a.id LIMIT " : " ORDER BY a.username_normalized || '', a.id LIMIT ")
                query.appendInterpolation(bind: limit)
                return try await db.raw(query).all()
            }
        }
        return try rows.map(Self.decode)
    }

    func countAdministrators() async throws -> Int {
        // Roles are stored as `,role1,role2,` so that a LIKE on `,admin,` matches whole names only.
        let row = try await translating {
            try await reader.run { db in
                try await db.raw("SELECT COUNT(*) AS n FROM accounts WHERE roles LIKE '%,admin,%' AND status = 'active'").first()
            }
        }
        return Int(try row?.decode(column: "n", as: Int64.self) ?? 0)
    }

    func delete(_ id: AccountID) async throws -> Bool {
        try await update("DELETE FROM accounts WHERE id = \(bind: id.rawValue) RETURNING id")
    }

    func lockActiveAdministrators() async throws -> Int {
        let rows = try await translating {
            try await writer.run { db in
                try await db.raw("""
                    SELECT id FROM accounts WHERE roles LIKE '%,admin,%' AND status = 'active' ORDER BY id\(unsafeRaw: lockSuffix)
                    """).all()
            }
        }
        return rows.count
    }

    func activeAdministrators() async throws -> [Account] {
        let rows = try await translating {
            try await reader.run { db in
                try await db.raw("""
                    SELECT \(unsafeRaw: Self.columns) FROM \(unsafeRaw: Self.accountSource)
                    WHERE a.roles LIKE '%,admin,%' AND a.status = 'active' ORDER BY a.id
                    """).all()
            }
        }
        return try rows.map(Self.decode)
    }

    func setStatus(_ id: AccountID, _ status: AccountStatus, at date: Date) async throws -> Bool {
        try await update("UPDATE accounts SET status = \(bind: status.rawValue), updated_at = \(bind: date.storageMillis) WHERE id = \(bind: id.rawValue) RETURNING id")
    }

    func setPasswordHash(_ id: AccountID, _ hash: String, at date: Date) async throws -> Bool {
        try await update("UPDATE accounts SET password_hash = \(bind: hash), updated_at = \(bind: date.storageMillis) WHERE id = \(bind: id.rawValue) RETURNING id")
    }

    func setRoles(_ id: AccountID, _ roles: Set<Role>, at date: Date) async throws -> Bool {
        try await update("UPDATE accounts SET roles = \(bind: Self.encode(roles)), updated_at = \(bind: date.storageMillis) WHERE id = \(bind: id.rawValue) RETURNING id")
    }

    func setPreferredLanguage(_ id: AccountID, _ language: Language, at date: Date) async throws -> Bool {
        try await update("UPDATE accounts SET preferred_language = \(bind: language.rawValue), updated_at = \(bind: date.storageMillis) WHERE id = \(bind: id.rawValue) RETURNING id")
    }

    func recordFailedAttempt(_ id: AccountID, threshold: Int, countingSince: Date, at date: Date) async throws -> LockoutState? {
        // One statement, so concurrent failures can neither lose an increment nor skip the lock. Every
        // right-hand side sees the row as it was: a last failure before the window restarts the count.
        let now = date.storageMillis
        let since = countingSince == .distantPast ? Int64.min : countingSince.storageMillis
        let row = try await translating {
            try await writer.run { db in
                try await db.raw("""
                    UPDATE accounts SET
                        failed_attempts = CASE WHEN failed_attempt_at IS NOT NULL AND failed_attempt_at < \(bind: since) THEN 1
                                               ELSE failed_attempts + 1 END,
                        locked_at = CASE WHEN locked_at IS NULL
                                          AND (CASE WHEN failed_attempt_at IS NOT NULL AND failed_attempt_at < \(bind: since) THEN 1
                                                    ELSE failed_attempts + 1 END) >= \(bind: Int64(threshold))
                                         THEN \(bind: now) ELSE locked_at END,
                        failed_attempt_at = \(bind: now),
                        updated_at = \(bind: now)
                    WHERE id = \(bind: id.rawValue)
                    RETURNING failed_attempts, locked_at
                    """).first()
            }
        }
        guard let row else { return nil }
        let attempts = try row.decode(column: "failed_attempts", as: Int64.self)
        let locked = try row.decode(column: "locked_at", as: Int64?.self)
        return LockoutState(failedAttempts: Int(attempts), lockedAt: locked.map(Date.init(storageMillis:)))
    }

    func unlock(_ id: AccountID, at date: Date) async throws -> Bool {
        try await update("UPDATE accounts SET failed_attempts = 0, locked_at = NULL, updated_at = \(bind: date.storageMillis) WHERE id = \(bind: id.rawValue) RETURNING id")
    }

    func resetFailedAttempts(_ id: AccountID, at date: Date) async throws -> Bool {
        try await update("""
            UPDATE accounts SET failed_attempts = 0, last_sign_in_at = \(bind: date.storageMillis), updated_at = \(bind: date.storageMillis)
            WHERE id = \(bind: id.rawValue) AND locked_at IS NULL RETURNING id
            """)
    }

    func setUsername(_ id: AccountID, username: String, normalized: String, at date: Date) async throws -> Bool {
        let keys = IdentifierNormalizer.usernameKeys(display: username, normalized: normalized)
        let updated = try await uniqueUpdate("""
            UPDATE accounts SET username = \(bind: username), username_normalized = \(bind: normalized), username_key = \(bind: keys.key),
                username_case_key = \(bind: keys.caseKey), username_upper_key = \(bind: keys.upperKey), updated_at = \(bind: date.storageMillis)
            WHERE id = \(bind: id.rawValue) AND NOT EXISTS (\(Self.lookAlike(keys, except: id)))
            RETURNING id
            """)
        if !updated, try await account(id: id) != nil { throw StoreError.alreadyTaken(field: "username") }
        return updated
    }

    /// Another account (than `except`) one of whose look-alike keys is one of `keys`.
    static func lookAlike(_ keys: (key: String, caseKey: String, upperKey: String), except: AccountID?) -> SQLQueryString {
        """
        SELECT 1 FROM accounts AS other
        WHERE (other.username_key IN (\(bind: keys.key), \(bind: keys.caseKey), \(bind: keys.upperKey))
               OR other.username_case_key IN (\(bind: keys.key), \(bind: keys.caseKey), \(bind: keys.upperKey))
               OR other.username_upper_key IN (\(bind: keys.key), \(bind: keys.caseKey), \(bind: keys.upperKey)))
          AND other.id <> \(bind: except?.rawValue ?? "")
        """
    }

    func setEmail(_ id: AccountID, email: String, normalized: String, verifiedAt: Date, at date: Date) async throws -> Bool {
        try await uniqueUpdate("""
            UPDATE accounts SET email = \(bind: email), email_normalized = \(bind: normalized), email_verified_at = \(bind: verifiedAt.storageMillis),
                pending_email = NULL, updated_at = \(bind: date.storageMillis)
            WHERE id = \(bind: id.rawValue) RETURNING id
            """)
    }

    func markEmailVerified(_ id: AccountID, normalized: String, at date: Date) async throws -> Bool {
        try await update("""
            UPDATE accounts SET email_verified_at = COALESCE(email_verified_at, \(bind: date.storageMillis)), updated_at = \(bind: date.storageMillis)
            WHERE id = \(bind: id.rawValue) AND email_normalized = \(bind: normalized) RETURNING id
            """)
    }

    func setPendingEmail(_ id: AccountID, _ email: String?, at date: Date) async throws -> Bool {
        try await update("UPDATE accounts SET pending_email = \(bind: email), updated_at = \(bind: date.storageMillis) WHERE id = \(bind: id.rawValue) RETURNING id")
    }

    func setTwoFactorReissue(_ id: AccountID, _ requestedAt: Date?, at date: Date) async throws -> Bool {
        try await update("""
            UPDATE accounts SET two_factor_reissue_at = \(bind: requestedAt?.storageMillis),
                two_factor_reissue_cancelled_at = CASE WHEN \(bind: requestedAt == nil) AND two_factor_reissue_at IS NOT NULL
                                                       THEN \(bind: date.storageMillis) ELSE two_factor_reissue_cancelled_at END,
                updated_at = \(bind: date.storageMillis)
            WHERE id = \(bind: id.rawValue) RETURNING id
            """)
    }

    func claimFailedSignInAlert(_ id: AccountID, notBefore: Date, at date: Date) async throws -> Bool {
        try await update("""
            UPDATE accounts SET failed_alert_at = \(bind: date.storageMillis)
            WHERE id = \(bind: id.rawValue) AND (failed_alert_at IS NULL OR failed_alert_at <= \(bind: notBefore.storageMillis))
            RETURNING id
            """)
    }

    // MARK: - Consent

    func recordConsent(_ id: AccountID, version: String, ip: String?, at date: Date) async throws -> Bool {
        try await update("""
            UPDATE accounts SET consent_version = \(bind: version), consent_accepted_at = \(bind: date.storageMillis), consent_ip = \(bind: ip),
                updated_at = \(bind: date.storageMillis)
            WHERE id = \(bind: id.rawValue) RETURNING id
            """)
    }

    // MARK: - Helpers

    private func uniqueUpdate(_ query: SQLQueryString) async throws -> Bool {
        do {
            return try await writer.run { db in try await db.raw(query).first() } != nil
        } catch {
            if let index = errors.uniqueViolation(error) {
                throw StoreError.alreadyTaken(field: index.contains("email") ? "email" : "username")
            }
            throw errors.translate(error)
        }
    }

    private func one(_ executor: any SQLExecutor, _ query: SQLQueryString) async throws -> Account? {
        let row = try await translating { try await executor.run { db in try await db.raw(query).first() } }
        return try row.map(Self.decode)
    }

    private func update(_ query: SQLQueryString) async throws -> Bool {
        try await translating { try await writer.run { db in try await db.raw(query).first() } } != nil
    }


    static func encode(_ roles: Set<Role>) -> String {
        roles.isEmpty ? "" : "," + roles.sorted().map(\.name).joined(separator: ",") + ","
    }

    static func decodeRoles(_ text: String) -> Set<Role> {
        Set(text.split(separator: ",").map { Role(String($0)) })
    }

    /// `slug:role,slug:role` (slugs hold neither `:` nor `,`).
    static func decodeMemberships(_ text: String?) throws -> [String: OrgRole] {
        var organizations: [String: OrgRole] = [:]
        for pair in (text ?? "").split(separator: ",") {
            let parts = pair.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let role = OrgRole(rawValue: String(parts[1])) else { throw StoreError.corrupt("membership \(pair)") }
            organizations[String(parts[0])] = role
        }
        return organizations
    }

    static func decode(_ row: any SQLRow) throws -> Account {
        let statusText = try row.decode(column: "status", as: String.self)
        guard let status = AccountStatus(rawValue: statusText) else { throw StoreError.corrupt("account status \(statusText)") }
        let language = Language(rawValue: try row.decode(column: "preferred_language", as: String.self)) ?? .en
        var account = Account(
            id: AccountID(rawValue: try row.decode(column: "id", as: String.self)),
            username: try row.decode(column: "username", as: String.self),
            usernameNormalized: try row.decode(column: "username_normalized", as: String.self),
            email: try row.decode(column: "email", as: String.self),
            emailNormalized: try row.decode(column: "email_normalized", as: String.self),
            emailVerifiedAt: try row.decode(column: "email_verified_at", as: Int64?.self).map(Date.init(storageMillis:)),
            passwordHash: try row.decode(column: "password_hash", as: String.self),
            status: status,
            roles: decodeRoles(try row.decode(column: "roles", as: String.self)),
            preferredLanguage: language,
            failedAttempts: Int(try row.decode(column: "failed_attempts", as: Int64.self)),
            lockedAt: try row.decode(column: "locked_at", as: Int64?.self).map(Date.init(storageMillis:)),
            createdAt: Date(storageMillis: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Date(storageMillis: try row.decode(column: "updated_at", as: Int64.self)),
            pendingEmail: try row.decode(column: "pending_email", as: String?.self),
            twoFactorReissueRequestedAt: try row.decode(column: "two_factor_reissue_at", as: Int64?.self).map(Date.init(storageMillis:)),
            twoFactor: TwoFactorState(
                secret: try row.decode(column: "totp_secret", as: String?.self),
                enabledAt: try row.decode(column: "totp_enabled_at", as: Int64?.self).map(Date.init(storageMillis:)),
                lastStep: try row.decode(column: "totp_last_step", as: Int64?.self),
                pendingSecret: try row.decode(column: "totp_pending_secret", as: String?.self),
                pendingAt: try row.decode(column: "totp_pending_at", as: Int64?.self).map(Date.init(storageMillis:)),
                backupCodeHash: try row.decode(column: "backup_code_hash", as: String?.self)),
            consentVersion: try row.decode(column: "consent_version", as: String?.self),
            consentAcceptedAt: try row.decode(column: "consent_accepted_at", as: Int64?.self).map(Date.init(storageMillis:)))
        account.twoFactorReissueCancelledAt = try row.decode(column: "two_factor_reissue_cancelled_at", as: Int64?.self).map(Date.init(storageMillis:))
        account.organizations = try decodeMemberships(try row.decode(column: "memberships", as: String?.self))
        account.lastSignInAt = try row.decode(column: "last_sign_in_at", as: Int64?.self).map(Date.init(storageMillis:))
        return account
    }
}

/// Turns a driver's error into `StoreError`, and recognises unique-constraint violations.
protocol DatabaseErrorTranslator: Sendable {
    /// The violated constraint or index name (or a message mentioning the column), or nil.
    func uniqueViolation(_ error: any Error) -> String?
    func translate(_ error: any Error) -> any Error
}
