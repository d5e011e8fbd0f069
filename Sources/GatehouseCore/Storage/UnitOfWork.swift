import Foundation
import Synchronization

/// Something a unit of work does once its transaction has committed, and never after a rollback.
/// Each distinct effect runs once per unit, however often it was asked for.
public enum AfterCommit: Sendable, Hashable {
    /// Mail was queued: wake this instance's outbox worker.
    case wakeOutbox
    /// A session ended, advanced or changed: drop its cached lookups, so `/api/v1/auth/check` on this
    /// instance answers from the store at once.
    case forgetSession(SessionID)
    /// Something every session of an account carries changed (status, roles, address, username).
    case forgetAccount(AccountID)
    /// An API token was rotated or deleted: drop its cached lookups on this instance.
    case forgetToken(APITokenID)
    /// An effect a feature adds (telling other instances, a webhook): run once per unit by name.
    case action(AfterCommitAction)
}

extension AfterCommit {
    /// What the other instances must drop for this effect, if anything.
    var invalidation: CacheInvalidation? {
        switch self {
        case .forgetSession(let id): .session(id)
        case .forgetAccount(let id): .account(id)
        case .forgetToken(let id): .token(id)
        case .wakeOutbox, .action: nil
        }
    }
}

/// A named effect; two with the same name in one unit run once.
public struct AfterCommitAction: Sendable, Hashable {
    public let name: String
    let perform: @Sendable () -> Void

    public init(_ name: String, perform: @escaping @Sendable () -> Void) {
        self.name = name
        self.perform = perform
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

/// One unit of work in progress: its transaction, the audit events it records and the effects it asks
/// for. Flows receive one from `UnitOfWork.run` and never open a transaction of their own.
public final class Work: Sendable {
    public let tx: any StoreTransaction
    private let state = Mutex(State())

    struct State {
        var events: [AuditEvent] = []
        var effects: [AfterCommit] = []
    }

    init(_ tx: any StoreTransaction) {
        self.tx = tx
    }

    public var accounts: any AccountStore { tx.accounts }
    public var sessions: any SessionStore { tx.sessions }
    public var outbox: any OutboxStore { tx.outbox }
    public var linkTokens: any LinkTokenStore { tx.linkTokens }
    public var knownClients: any KnownClientStore { tx.knownClients }
    public var credentials: any CredentialStore { tx.credentials }
    public var organizations: any OrganizationStore { tx.organizations }
    public var invitations: any InvitationStore { tx.invitations }
    public var accessRequests: any AccessRequestStore { tx.accessRequests }
    public var apiTokens: any APITokenStore { tx.apiTokens }

    /// Clears the account's personal data from the audit records it acted in or was the subject of.
    public func eraseAuditPersonalData(of account: AccountID) async throws -> Int { try await tx.eraseAuditPersonalData(of: account) }

    /// Ends every session of the account except `keeping`, and records `impersonation.ended` (how:
    /// `revoked`) for each administrator's access among them: an access never ends unrecorded.
    public func revokeAllSessions(of account: AccountID, except keeping: SessionID? = nil, request: RequestInfo = RequestInfo()) async throws -> [SessionID] {
        let accesses = try await sessions.list(accountID: account).filter { $0.impersonation != nil && $0.id != keeping }
        let ended = try await sessions.revokeAll(accountID: account, except: keeping)
        for access in accesses where ended.contains(access.id) {
            recordAccessEnded(access, request: request)
        }
        return ended
    }

    /// Ends one session; when it is an administrator's access, records its end (how: `revoked`).
    public func revokeSession(_ session: Session, request: RequestInfo = RequestInfo()) async throws -> Bool {
        guard try await sessions.revoke(session.id) else { return false }
        if session.impersonation != nil { recordAccessEnded(session, request: request) }
        return true
    }

    /// `impersonation.ended` for an access session: how it ended and, when `now` is given, how long it lasted.
    func recordAccessEnded(_ access: Session, how: String = "revoked", at now: Date? = nil, request: RequestInfo) {
        guard let impersonation = access.impersonation else { return }
        var details = ["how": how, "session": access.id.rawValue]
        if let now { details["seconds"] = String(max(0, Int(now.timeIntervalSince(access.createdAt)))) }
        record(AuditEvent(.impersonationEnded, actor: impersonation.administratorID, subject: access.accountID, requestID: request.requestID,
                          details: details, personal: request.personal))
    }
    public func eraseAddress(emailNormalized: String, recipientKeys: [String]) async throws -> ErasedAddress {
        try await tx.eraseAddress(emailNormalized: emailNormalized, recipientKeys: recipientKeys)
    }

    /// Appends `event` to the audit chain with this transaction (linked just before it commits).
    public func record(_ event: AuditEvent) {
        state.withLock { $0.events.append(event) }
    }

    /// Asks for `effect` after the commit.
    public func afterCommit(_ effect: AfterCommit) {
        state.withLock { state in
            if !state.effects.contains(effect) { state.effects.append(effect) }
        }
    }

    public func forget(session id: SessionID) { afterCommit(.forgetSession(id)) }
    public func forget(sessions ids: [SessionID]) { for id in ids { afterCommit(.forgetSession(id)) } }
    public func forget(account id: AccountID) { afterCommit(.forgetAccount(id)) }
    public func forget(tokens ids: [APITokenID]) { for id in ids { afterCommit(.forgetToken(id)) } }

    var events: [AuditEvent] { state.withLock { $0.events } }
    var effects: [AfterCommit] { state.withLock { $0.effects } }
}

/// What runs the effects of committed units: this instance's session cache and outbox worker.
/// Tools without a server (the CLI) have neither, and their effects do nothing.
public struct AfterCommitEffects: Sendable {
    public let cache: SessionCache?
    public let outbox: OutboxSignal?

    public init(cache: SessionCache?, outbox: OutboxSignal?) {
        self.cache = cache
        self.outbox = outbox
    }

    func run(_ effects: [AfterCommit]) {
        var sessions: [SessionID] = []
        for effect in effects {
            switch effect {
            case .wakeOutbox: outbox?.notify()
            case .forgetSession(let id): sessions.append(id)
            case .forgetAccount(let id): cache?.invalidate(account: id)
            case .forgetToken(let id): cache?.invalidate(token: id)
            case .action(let action): action.perform()
            }
        }
        cache?.invalidate(sessions: sessions)
    }
}

/// Opens the transaction of every write flow, links the audit events it recorded into the chain just
/// before commit, and runs the effects it asked for once after commit (never after a rollback).
public struct UnitOfWork: Sendable {
    public let store: any Store
    public let trail: AuditTrail
    public let effects: AfterCommitEffects

    public init(store: any Store, trail: AuditTrail, effects: AfterCommitEffects) {
        self.store = store
        self.trail = trail
        self.effects = effects
    }

    public init(store: any Store, trail: AuditTrail, cache: SessionCache?, outbox: OutboxSignal?) {
        self.init(store: store, trail: trail, effects: AfterCommitEffects(cache: cache, outbox: outbox))
    }

    /// Runs `body` in one transaction. Throwing rolls back: no event is written and no effect runs.
    public func run<T: Sendable>(_ body: @Sendable (Work) async throws -> T) async throws -> T {
        let (result, effects) = try await store.transaction { tx in
            let work = Work(tx)
            let result = try await body(work)
            let effects = work.effects
            // Other instances drop their cached lookups when (and only if) this commits.
            let invalidations = effects.compactMap(\.invalidation)
            if !invalidations.isEmpty { try await tx.announce(invalidations) }
            // The chain's head row is locked only for the final moment of the transaction.
            try await trail.append(work.events, in: tx)
            return (result, effects)
        }
        self.effects.run(effects)
        return result
    }
}
