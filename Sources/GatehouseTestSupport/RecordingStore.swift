import Foundation
import GatehouseCore
import Synchronization

/// A store double that forwards to a real store and records every repository call by name, so a test
/// can show that two requests did exactly the same database work (e.g. a password reset for a known
/// and for an unknown address).
public final class RecordingStore: Store {
    public let base: any Store
    public let log = CallLog()

    public init(_ base: any Store) {
        self.base = base
    }

    public var calls: [String] { log.calls }
    public func reset() { log.reset() }

    public var accounts: any AccountStore { RecordingAccounts(base: base.accounts, log: log, prefix: "accounts") }
    public var sessions: any SessionStore { RecordingSessions(base: base.sessions, log: log, prefix: "sessions") }
    public var auditLog: any AuditStore { RecordingAudit(base: base.auditLog, log: log) }
    public var rateLimits: any RateLimitStore { RecordingRateLimits(base: base.rateLimits, log: log) }
    public var outbox: any OutboxStore { RecordingOutbox(base: base.outbox, log: log, prefix: "outbox") }
    public var linkTokens: any LinkTokenStore { RecordingLinkTokens(base: base.linkTokens, log: log, prefix: "linkTokens") }
    public var organizations: any OrganizationStore {
        log.record("organizations")
        return base.organizations
    }

    public var invitations: any InvitationStore {
        log.record("invitations")
        return base.invitations
    }

    public var accessRequests: any AccessRequestStore {
        log.record("accessRequests")
        return base.accessRequests
    }
    public var apiTokens: any APITokenStore {
        log.record("apiTokens")
        return base.apiTokens
    }
    public var sealedData: any SealedDataStore {
        log.record("sealedData")
        return base.sealedData
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any StoreTransaction) async throws -> T) async throws -> T {
        log.record("transaction.begin")
        defer { log.record("transaction.end") }
        let log = self.log
        return try await base.transaction { tx in try await body(RecordingTransaction(base: tx, log: log)) }
    }

    public func migrate() async throws -> [Int] { try await base.migrate() }
    public func migrate(through version: Int) async throws -> [Int] { try await base.migrate(through: version) }
    public func pendingMigrations() async throws -> [Int] { try await base.pendingMigrations() }
    public func ping() async throws { try await base.ping() }
    public func close() async throws { try await base.close() }
    public var invalidations: (any InvalidationFeed)? { base.invalidations }
    public var usage: DatabaseUsage { base.usage }
}

public final class CallLog: Sendable {
    private let entries = Mutex<[String]>([])
    public init() {}
    public func record(_ call: String) { entries.withLock { $0.append(call) } }
    public var calls: [String] { entries.withLock { $0 } }
    public func reset() { entries.withLock { $0 = [] } }
}

struct RecordingTransaction: StoreTransaction {
    let base: any StoreTransaction
    let log: CallLog
    var accounts: any AccountStore { RecordingAccounts(base: base.accounts, log: log, prefix: "tx.accounts") }
    var sessions: any SessionStore { RecordingSessions(base: base.sessions, log: log, prefix: "tx.sessions") }
    var outbox: any OutboxStore { RecordingOutbox(base: base.outbox, log: log, prefix: "tx.outbox") }
    var linkTokens: any LinkTokenStore { RecordingLinkTokens(base: base.linkTokens, log: log, prefix: "tx.linkTokens") }
    var knownClients: any KnownClientStore {
        log.record("tx.knownClients")
        return base.knownClients
    }
    var credentials: any CredentialStore {
        log.record("tx.credentials")
        return base.credentials
    }
    var organizations: any OrganizationStore {
        log.record("tx.organizations")
        return base.organizations
    }

    var invitations: any InvitationStore {
        log.record("tx.invitations")
        return base.invitations
    }

    var accessRequests: any AccessRequestStore {
        log.record("tx.accessRequests")
        return base.accessRequests
    }
    var apiTokens: any APITokenStore {
        log.record("tx.apiTokens")
        return base.apiTokens
    }
    func lockAuditHead() async throws -> AuditChainHead { log.record("tx.lockAuditHead"); return try await base.lockAuditHead() }
    func appendAudit(_ records: [AuditRecord], head: AuditChainHead) async throws {
        log.record("tx.appendAudit(\(records.count))")
        try await base.appendAudit(records, head: head)
    }
    func eraseAuditPersonalData(of account: AccountID) async throws -> Int {
        log.record("tx.eraseAuditPersonalData")
        return try await base.eraseAuditPersonalData(of: account)
    }
    func announce(_ invalidations: [CacheInvalidation]) async throws {
        try await base.announce(invalidations)
    }

    func eraseAddress(emailNormalized: String, recipientKeys: [String]) async throws -> ErasedAddress {
        log.record("tx.eraseAddress"); return try await base.eraseAddress(emailNormalized: emailNormalized, recipientKeys: recipientKeys)
    }
    func pruneAudit(through checkpoint: AuditCheckpoint) async throws -> Int {
        log.record("tx.pruneAudit"); return try await base.pruneAudit(through: checkpoint)
    }
}

struct RecordingAccounts: AccountStore {
    let base: any AccountStore
    let log: CallLog
    let prefix: String
    func note(_ name: String) { log.record("\(prefix).\(name)") }

    func create(_ account: NewAccount) async throws -> Account { note("create"); return try await base.create(account) }
    func account(id: AccountID) async throws -> Account? { note("account(id:)"); return try await base.account(id: id) }
    func account(login normalized: String) async throws -> Account? { note("account(login:)"); return try await base.account(login: normalized) }
    func list(limit: Int, after: AccountID?) async throws -> [Account] { note("list"); return try await base.list(limit: limit, after: after) }
    func search(prefix: String?, after cursor: AccountCursor?, limit: Int) async throws -> [Account] {
        note("search"); return try await base.search(prefix: prefix, after: cursor, limit: limit)
    }
    func countAdministrators() async throws -> Int { note("countAdministrators"); return try await base.countAdministrators() }
    func lockActiveAdministrators() async throws -> Int { note("lockActiveAdministrators"); return try await base.lockActiveAdministrators() }
    func activeAdministrators() async throws -> [Account] { note("activeAdministrators"); return try await base.activeAdministrators() }
    func setStatus(_ id: AccountID, _ status: AccountStatus, at: Date) async throws -> Bool { note("setStatus"); return try await base.setStatus(id, status, at: at) }
    func delete(_ id: AccountID) async throws -> Bool { note("delete"); return try await base.delete(id) }
    func setPasswordHash(_ id: AccountID, _ hash: String, at: Date) async throws -> Bool { note("setPasswordHash"); return try await base.setPasswordHash(id, hash, at: at) }
    func setRoles(_ id: AccountID, _ roles: Set<Role>, at: Date) async throws -> Bool { note("setRoles"); return try await base.setRoles(id, roles, at: at) }
    func setPreferredLanguage(_ id: AccountID, _ language: Language, at: Date) async throws -> Bool {
        note("setPreferredLanguage"); return try await base.setPreferredLanguage(id, language, at: at)
    }
    func recordFailedAttempt(_ id: AccountID, threshold: Int, countingSince: Date, at: Date) async throws -> LockoutState? {
        note("recordFailedAttempt"); return try await base.recordFailedAttempt(id, threshold: threshold, countingSince: countingSince, at: at)
    }
    func unlock(_ id: AccountID, at: Date) async throws -> Bool { note("unlock"); return try await base.unlock(id, at: at) }
    func resetFailedAttempts(_ id: AccountID, at: Date) async throws -> Bool { note("resetFailedAttempts"); return try await base.resetFailedAttempts(id, at: at) }
    func setUsername(_ id: AccountID, username: String, normalized: String, at: Date) async throws -> Bool {
        note("setUsername"); return try await base.setUsername(id, username: username, normalized: normalized, at: at)
    }
    func setEmail(_ id: AccountID, email: String, normalized: String, verifiedAt: Date, at: Date) async throws -> Bool {
        note("setEmail"); return try await base.setEmail(id, email: email, normalized: normalized, verifiedAt: verifiedAt, at: at)
    }
    func markEmailVerified(_ id: AccountID, normalized: String, at: Date) async throws -> Bool {
        note("markEmailVerified"); return try await base.markEmailVerified(id, normalized: normalized, at: at)
    }
    func setPendingEmail(_ id: AccountID, _ email: String?, at: Date) async throws -> Bool { note("setPendingEmail"); return try await base.setPendingEmail(id, email, at: at) }
    func setTwoFactorReissue(_ id: AccountID, _ requestedAt: Date?, at: Date) async throws -> Bool {
        note("setTwoFactorReissue"); return try await base.setTwoFactorReissue(id, requestedAt, at: at)
    }
    func claimFailedSignInAlert(_ id: AccountID, notBefore: Date, at: Date) async throws -> Bool {
        note("claimFailedSignInAlert"); return try await base.claimFailedSignInAlert(id, notBefore: notBefore, at: at)
    }
    func recordConsent(_ id: AccountID, version: String, ip: String?, at: Date) async throws -> Bool {
        note("recordConsent"); return try await base.recordConsent(id, version: version, ip: ip, at: at)
    }
}

struct RecordingSessions: SessionStore {
    let base: any SessionStore
    let log: CallLog
    let prefix: String
    func note(_ name: String) { log.record("\(prefix).\(name)") }

    func create(_ session: Session) async throws { note("create"); try await base.create(session) }
    func record(tokenHash: String) async throws -> SessionRecord? { note("record"); return try await base.record(tokenHash: tokenHash) }
    func session(id: SessionID) async throws -> Session? { note("session"); return try await base.session(id: id) }
    func advance(_ id: SessionID, from: SignInStatus, to: SignInStatus, tokenHash: String, expiresAt: Date, at: Date) async throws -> Bool {
        note("advance"); return try await base.advance(id, from: from, to: to, tokenHash: tokenHash, expiresAt: expiresAt, at: at)
    }
    func touch(_ id: SessionID, at: Date, olderThan: Date) async throws { note("touch"); try await base.touch(id, at: at, olderThan: olderThan) }
    func reauthenticated(_ id: SessionID, at: Date) async throws { note("reauthenticated"); try await base.reauthenticated(id, at: at) }
    func revoke(_ id: SessionID) async throws -> Bool { note("revoke"); return try await base.revoke(id) }
    func revokeAll(accountID: AccountID, except keeping: SessionID?) async throws -> [SessionID] {
        note("revokeAll"); return try await base.revokeAll(accountID: accountID, except: keeping)
    }
    func list(accountID: AccountID) async throws -> [Session] { note("list"); return try await base.list(accountID: accountID) }
    func deleteExpired(now: Date, idleBefore: Date, limit: Int) async throws -> [(SessionID, AccountID)] {
        note("deleteExpired"); return try await base.deleteExpired(now: now, idleBefore: idleBefore, limit: limit)
    }
    func expiredImpersonations(now: Date, idleBefore: Date, limit: Int) async throws -> [Session] {
        note("expiredImpersonations"); return try await base.expiredImpersonations(now: now, idleBefore: idleBefore, limit: limit)
    }
}

struct RecordingAudit: AuditStore {
    let base: any AuditStore
    let log: CallLog
    func head() async throws -> AuditChainHead { log.record("auditLog.head"); return try await base.head() }
    func records(after: Int64, limit: Int) async throws -> [AuditRecord] { log.record("auditLog.records"); return try await base.records(after: after, limit: limit) }
    func count(through sequence: Int64) async throws -> Int64 { log.record("auditLog.count"); return try await base.count(through: sequence) }
    func recent(subject: AccountID, limit: Int) async throws -> [AuditRecord] {
        log.record("auditLog.recent"); return try await base.recent(subject: subject, limit: limit)
    }
    func search(_ query: AuditQuery) async throws -> [AuditRecord] { log.record("auditLog.search"); return try await base.search(query) }
    func base() async throws -> AuditCheckpoint? { log.record("auditLog.base"); return try await base.base() }
}

struct RecordingRateLimits: RateLimitStore {
    let base: any RateLimitStore
    let log: CallLog
    func consume(key: String, limit: RateLimit, at: Date) async throws -> RateLimitDecision {
        log.record("rateLimits.consume"); return try await base.consume(key: key, limit: limit, at: at)
    }
    func refund(key: String, limit: RateLimit) async throws {
        log.record("rateLimits.refund"); try await base.refund(key: key, limit: limit)
    }
    func purge(before date: Date) async throws -> Int { log.record("rateLimits.purge"); return try await base.purge(before: date) }
}

struct RecordingOutbox: OutboxStore {
    let base: any OutboxStore
    let log: CallLog
    let prefix: String
    func note(_ name: String) { log.record("\(prefix).\(name)") }

    func enqueue(_ entry: NewOutboxEntry) async throws { note("enqueue(\(entry.kind.rawValue))"); try await base.enqueue(entry) }
    func claim(limit: Int, now: Date, until: Date, claimToken: String) async throws -> [ClaimedOutboxEntry] {
        note("claim"); return try await base.claim(limit: limit, now: now, until: until, claimToken: claimToken)
    }
    func backlog() async throws -> OutboxBacklog {
        note("backlog"); return try await base.backlog()
    }
    func release(id: String, claimToken: String) async throws -> Bool {
        note("release"); return try await base.release(id: id, claimToken: claimToken)
    }
    func renewLease(id: String, claimToken: String, until: Date) async throws -> Bool {
        note("renewLease"); return try await base.renewLease(id: id, claimToken: claimToken, until: until)
    }
    func markSent(id: String, claimToken: String, at: Date) async throws -> Bool { note("markSent"); return try await base.markSent(id: id, claimToken: claimToken, at: at) }
    func reschedule(id: String, claimToken: String, nextAttemptAt: Date, error: String) async throws -> Bool {
        note("reschedule"); return try await base.reschedule(id: id, claimToken: claimToken, nextAttemptAt: nextAttemptAt, error: error)
    }
    func markFailed(id: String, claimToken: String, at: Date, error: String) async throws -> Bool {
        note("markFailed"); return try await base.markFailed(id: id, claimToken: claimToken, at: at, error: error)
    }
    func status(id: String) async throws -> OutboxEntryStatus? { note("status"); return try await base.status(id: id) }
    func list(limit: Int) async throws -> [OutboxEntryStatus] { note("list"); return try await base.list(limit: limit) }
    func purge(settledBefore before: Date) async throws -> Int { note("purge"); return try await base.purge(settledBefore: before) }
}

struct RecordingLinkTokens: LinkTokenStore {
    let base: any LinkTokenStore
    let log: CallLog
    let prefix: String
    func note(_ name: String) { log.record("\(prefix).\(name)") }

    func create(_ token: LinkToken) async throws { note("create(\(token.purpose.rawValue))"); try await base.create(token) }
    func find(tokenHash: String, purpose: LinkPurpose, now: Date) async throws -> LinkToken? {
        note("find"); return try await base.find(tokenHash: tokenHash, purpose: purpose, now: now)
    }
    func consume(tokenHash: String, purpose: LinkPurpose, at: Date) async throws -> LinkToken? {
        note("consume"); return try await base.consume(tokenHash: tokenHash, purpose: purpose, at: at)
    }
    func expireAll(accountID: AccountID, purpose: LinkPurpose, at: Date) async throws -> Int {
        note("expireAll"); return try await base.expireAll(accountID: accountID, purpose: purpose, at: at)
    }
    func purge(expiredBefore before: Date) async throws -> Int { note("purge"); return try await base.purge(expiredBefore: before) }
}
