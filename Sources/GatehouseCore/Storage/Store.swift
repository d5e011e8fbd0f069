import Foundation

/// Errors every Store backend reports the same way, so flows never see a driver's error type.
public enum StoreError: Error, Sendable, Equatable {
    /// A unique constraint refused the write; the associated value names the field (`username`, `email`).
    case alreadyTaken(field: String)
    case notFound
    /// The database could not be reached or answered with an error unrelated to the data.
    case unavailable(String)
    /// A value in the database could not be understood (e.g. an unknown status string).
    case corrupt(String)
}

/// The accounts table. Every read-modify-write is a single atomic statement or runs in a transaction.
public protocol AccountStore: Sendable {
    /// Inserts an account; a taken username or email throws `StoreError.alreadyTaken`. Uniqueness is
    /// enforced by the database's unique indexes on the normalised forms, never by a prior read.
    func create(_ account: NewAccount) async throws -> Account
    func account(id: AccountID) async throws -> Account?
    /// Looks up by normalised username or normalised email (the login field takes either).
    func account(login normalized: String) async throws -> Account?
    func list(limit: Int, after: AccountID?) async throws -> [Account]
    /// Accounts whose normalised username or normalised email starts with `prefix` (every account for
    /// nil), ordered by normalised username then id, after `cursor`: keyset pages that stay stable while
    /// accounts come and go.
    func search(prefix: String?, after cursor: AccountCursor?, limit: Int) async throws -> [Account]
    func countAdministrators() async throws -> Int
    /// Inside a transaction: locks the rows of the active administrators (PostgreSQL `FOR UPDATE`;
    /// SQLite's write lock is held already) and counts them, so two changes that would each leave one
    /// administrator cannot both pass the last-administrator check.
    func lockActiveAdministrators() async throws -> Int
    /// Every active account with the role `admin`, by id (access requests naming no organisation go to them).
    func activeAdministrators() async throws -> [Account]
    /// Returns false when no account has that id.
    func setStatus(_ id: AccountID, _ status: AccountStatus, at: Date) async throws -> Bool
    /// Deletes the account; its sessions, credentials, tokens, links, devices and memberships go with it
    /// (foreign keys). False when no account has that id.
    func delete(_ id: AccountID) async throws -> Bool
    func setPasswordHash(_ id: AccountID, _ hash: String, at: Date) async throws -> Bool
    func setRoles(_ id: AccountID, _ roles: Set<Role>, at: Date) async throws -> Bool
    func setPreferredLanguage(_ id: AccountID, _ language: Language, at: Date) async throws -> Bool
    /// Atomically adds one failed attempt and locks the account once `threshold` is reached.
    /// Counts a failure; failures before `countingSince` (the lockout window) no longer count, so
    /// the count starts again at 1 after a quiet `lockout.window`.
    func recordFailedAttempt(_ id: AccountID, threshold: Int, countingSince: Date, at: Date) async throws -> LockoutState?
    /// Clears the failure count and the lock. Returns false when no account has that id.
    func unlock(_ id: AccountID, at: Date) async throws -> Bool
    /// Clears the failure count of an account that is not locked (a sign-in reached `authenticated`)
    /// and records that sign-in's time. False when the account got locked meanwhile: the sign-in must
    /// then fail.
    func resetFailedAttempts(_ id: AccountID, at: Date) async throws -> Bool
    /// Sets a new username; a taken one throws `StoreError.alreadyTaken`.
    func setUsername(_ id: AccountID, username: String, normalized: String, at: Date) async throws -> Bool
    /// Replaces the address by a verified new one and clears the pending address; a taken one throws
    /// `StoreError.alreadyTaken`.
    func setEmail(_ id: AccountID, email: String, normalized: String, verifiedAt: Date, at: Date) async throws -> Bool
    /// Marks the current address verified, only if it is still `normalized` (not changed meanwhile).
    func markEmailVerified(_ id: AccountID, normalized: String, at: Date) async throws -> Bool
    func setPendingEmail(_ id: AccountID, _ email: String?, at: Date) async throws -> Bool
    /// Sets or clears the "enrol the authenticator again at the next sign-in" flag.
    func setTwoFactorReissue(_ id: AccountID, _ requestedAt: Date?, at: Date) async throws -> Bool
    /// Claims the right to send a failed-sign-in alert: true (and remembered) when none was sent since
    /// `notBefore`, false otherwise. One conditional statement, so parallel failures send one alert.
    func claimFailedSignInAlert(_ id: AccountID, notBefore: Date, at: Date) async throws -> Bool

    // Consent (second factors are in `CredentialStore`).

    /// Records acceptance of agreement `version`.
    func recordConsent(_ id: AccountID, version: String, ip: String?, at: Date) async throws -> Bool
}

/// Where a page of `AccountStore.search` ended: the last account's normalised username and id.
public struct AccountCursor: Sendable, Equatable {
    public var usernameNormalized: String
    public var id: AccountID

    public init(usernameNormalized: String, id: AccountID) {
        self.usernameNormalized = usernameNormalized
        self.id = id
    }

    public init(after account: Account) {
        self.init(usernameNormalized: account.usernameNormalized, id: account.id)
    }

    /// The opaque `next_cursor` of an API answer.
    public var token: String {
        SecretToken.base64URL(Array((usernameNormalized + "\u{0}" + id.rawValue).utf8))
    }

    /// A cursor from its token; nil for anything that is not one.
    public init?(token: String) {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard token.count <= 400, let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: "\u{0}", omittingEmptySubsequences: false)
        guard parts.count == 2, let id = AccountID(String(parts[1])) else { return nil }
        self.init(usernameNormalized: String(parts[0]), id: id)
    }
}

public struct LockoutState: Sendable, Equatable {
    public var failedAttempts: Int
    public var lockedAt: Date?

    public init(failedAttempts: Int, lockedAt: Date?) {
        self.failedAttempts = failedAttempts
        self.lockedAt = lockedAt
    }

    public var isLocked: Bool { lockedAt != nil }
}

/// The devices and places an account has signed in from, as keyed hashes with the time last seen: what
/// the new-device sign-in alert compares against.
public protocol KnownClientStore: Sendable {
    func hasAny(accountID: AccountID) async throws -> Bool
    func lastSeen(accountID: AccountID, kind: String, key: String) async throws -> Date?
    func remember(accountID: AccountID, kind: String, key: String, at: Date) async throws
}

/// A unit of work: everything written inside commits together or not at all.
public protocol StoreTransaction: Sendable {
    var accounts: any AccountStore { get }
    var sessions: any SessionStore { get }
    var outbox: any OutboxStore { get }
    var linkTokens: any LinkTokenStore { get }
    var knownClients: any KnownClientStore { get }
    var credentials: any CredentialStore { get }
    var organizations: any OrganizationStore { get }
    var invitations: any InvitationStore { get }
    var accessRequests: any AccessRequestStore { get }
    var apiTokens: any APITokenStore { get }
    /// Locks the audit chain's head row until commit (SQLite: already held by `BEGIN IMMEDIATE`;
    /// PostgreSQL: `SELECT … FOR UPDATE`). Call it last, just before appending.
    func lockAuditHead() async throws -> AuditChainHead
    /// Inserts linked records and moves the head; the records must follow the locked head.
    func appendAudit(_ records: [AuditRecord], head: AuditChainHead) async throws
    /// Clears the personal data (IP, user agent, typed identifier's hash, typed address) of every audit
    /// record the account acted in or was the subject of; returns how many. The chain hashes only the
    /// personal data's MAC, so it still verifies.
    func eraseAuditPersonalData(of account: AccountID) async throws -> Int
    /// Erases what is left of an erased account's address elsewhere: invitations and access requests to
    /// it, the personal data of audit records that name it (as a typed address), and mail queued for it
    /// (by its `recipientKey` under any secret key). Returns how many of each.
    func eraseAddress(emailNormalized: String, recipientKeys: [String]) async throws -> ErasedAddress
    /// Deletes the audit records up to and including `base.sequence` and keeps `base` as the chain's
    /// signed starting point; returns how many rows went. Call with the head locked.
    func pruneAudit(through base: AuditCheckpoint) async throws -> Int
    /// Tells every instance on this database, if and when this transaction commits, to drop what
    /// its cache holds for `invalidations` (PostgreSQL: `pg_notify`; SQLite, one instance: nothing).
    func announce(_ invalidations: [CacheInvalidation]) async throws
}

/// The database behind Gatehouse. SQLite and PostgreSQL implement it; one conformance suite tests both.
public protocol Store: Sendable {
    /// Plain reads and single-statement writes outside a transaction.
    var accounts: any AccountStore { get }
    var sessions: any SessionStore { get }
    var auditLog: any AuditStore { get }
    var rateLimits: any RateLimitStore { get }
    var outbox: any OutboxStore { get }
    var linkTokens: any LinkTokenStore { get }
    var organizations: any OrganizationStore { get }
    var invitations: any InvitationStore { get }
    var accessRequests: any AccessRequestStore { get }
    var apiTokens: any APITokenStore { get }
    /// Sealed values and key usage, for key rotation.
    var sealedData: any SealedDataStore { get }
    /// Runs `body` in one transaction (SQLite: `BEGIN IMMEDIATE` on the writer connection; PostgreSQL:
    /// `PostgresClient.withTransaction`). Throwing rolls back.
    func transaction<T: Sendable>(_ body: @Sendable (any StoreTransaction) async throws -> T) async throws -> T
    /// Applies pending migrations, each in its own transaction; returns the versions applied.
    @discardableResult func migrate() async throws -> [Int]
    /// Applies pending migrations up to and including `version` (an upgrade test starts from an older schema).
    @discardableResult func migrate(through version: Int) async throws -> [Int]
    /// Versions that are known to this build but not applied yet.
    func pendingMigrations() async throws -> [Int]
    /// A cheap round trip to the database, for `/readyz`.
    func ping() async throws
    func close() async throws
    /// Invalidations as every instance on this database commits them; nil for SQLite (one instance).
    var invalidations: (any InvalidationFeed)? { get }
    /// Operations holding a connection and waiting for one, now (for /metrics).
    var usage: DatabaseUsage { get }
}

/// How busy the store's connections are.
public struct DatabaseUsage: Sendable, Equatable {
    /// Operations holding a connection (PostgreSQL: a pooled one; SQLite: the writer).
    public var inUse: Int
    /// Operations waiting for one.
    public var waiting: Int
    /// Connections there can be (PostgreSQL: the pool's maximum; SQLite: one writer).
    public var capacity: Int

    public init(inUse: Int, waiting: Int, capacity: Int) {
        self.inUse = inUse
        self.waiting = waiting
        self.capacity = capacity
    }
}

extension AccountStore {
    /// Counts a failure with no window: every earlier failure since the last reset counts.
    public func recordFailedAttempt(_ id: AccountID, threshold: Int, at: Date) async throws -> LockoutState? {
        try await recordFailedAttempt(id, threshold: threshold, countingSince: .distantPast, at: at)
    }
}

/// What erasing an address removed.
public struct ErasedAddress: Sendable, Equatable {
    public var invitations: Int
    public var accessRequests: Int
    public var auditRecords: Int
    public var mails: Int

    public init(invitations: Int, accessRequests: Int, auditRecords: Int, mails: Int) {
        self.invitations = invitations
        self.accessRequests = accessRequests
        self.auditRecords = auditRecords
        self.mails = mails
    }
}
