import Foundation

/// `impersonation.max_duration` and the re-authentication it needs.
public struct AdministratorAccessConfiguration: Sendable, Equatable {
    public var maxDuration: Duration
    public var reauthWindow: Duration

    public init(maxDuration: Duration = .seconds(900), reauthWindow: Duration = .seconds(300)) {
        self.maxDuration = maxDuration
        self.reauthWindow = reauthWindow
    }
}

/// An administrator's temporary access to a standard account, to see what its owner sees: started
/// with a logged reason and a recent password, only to accounts without a platform role or an
/// operator membership, for at most `impersonation.max_duration` (never extended by activity). It is
/// a session of the person's account that names the administrator; the administrator's own session
/// waits and is given back, with a new token, when the access ends (on demand, on expiry, on logout).
/// It never touches the person's failure count, known devices or last sign-in, and alerts nobody but
/// the person, by mail, when it starts.
public struct AdministratorAccess: Sendable {
    let signIn: SignInService
    let units: UnitOfWork
    public let configuration: AdministratorAccessConfiguration

    public init(signIn: SignInService, configuration: AdministratorAccessConfiguration) {
        self.signIn = signIn
        self.units = signIn.units
        self.configuration = configuration
    }

    /// How an access ended, as `impersonation.ended` records it.
    public enum Ending: String, Sendable {
        case manual
        case expired
        case logout
        /// The person's account was disabled, or gained a platform role or an operator membership, or the
        /// administrator's own session or account ended: the access is no longer allowed.
        case revoked

        /// How an access that a lookup found no longer valid ended: by time (expired, idle), or because
        /// it is no longer allowed.
        public init(_ problem: SessionProblem) {
            self = problem == .accountDisabled ? .revoked : .expired
        }
    }

    public struct Started: Sendable {
        public var session: Session
        public var account: Account
        /// The access session's token, shown once.
        public var token: String
        public var impersonation: SessionImpersonation
    }

    /// Starts access to `target` for the administrator signed in as `admin`.
    public func start(by admin: SessionRecord, target id: AccountID, reason raw: String, request: RequestInfo) async throws -> Started {
        let reason = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (15...500).contains(reason.count), !reason.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw GatehouseError.validation("reason", "invalid", detail: "Give the reason in 15 to 500 characters, on one line.")
        }
        guard admin.session.status == .authenticated, admin.session.impersonation == nil else {
            throw GatehouseError(.forbidden, detail: "Administrator access cannot be started from within administrator access.")
        }
        let now = signIn.clock.now()
        guard now.timeIntervalSince(admin.session.authenticatedAt) <= configuration.reauthWindow.timeInterval else {
            throw GatehouseError(.reauthenticationRequired, detail: "Confirm your password first (POST /api/v1/account/reauthenticate).")
        }
        guard id != admin.account.id else {
            throw GatehouseError(.forbidden, detail: "Only standard accounts can be accessed, never your own.")
        }
        guard try await signIn.store.accounts.account(id: id) != nil else {
            throw GatehouseError(.notFound, detail: "No account has that id.")
        }
        let expiresAt = min(now.addingTimeInterval(configuration.maxDuration.timeInterval), admin.session.expiresAt)
        let impersonation = SessionImpersonation(administratorID: admin.account.id, administratorUsername: admin.account.username,
                                                 administratorSessionID: admin.session.id, reason: reason)
        var (session, token) = signIn.newSession(for: id, status: .authenticated, at: now, request: request)
        session.expiresAt = expiresAt
        session.impersonation = impersonation
        let created = session
        let mail = signIn.mail
        let target = try await units.run { work in
            // The target's row is locked and read again inside the unit: a role or an operator membership
            // granted a moment ago counts.
            try await work.apiTokens.lockOwner(id)
            guard let target = try await work.accounts.account(id: id) else { throw GatehouseError(.notFound, detail: "No account has that id.") }
            guard target.roles.isEmpty, !target.organizations.values.contains(.operator) else {
                throw GatehouseError(.forbidden, detail: "Only standard accounts can be accessed: this one has a platform role or operates an organisation.")
            }
            guard target.status == .active else {
                throw GatehouseError(.forbidden, detail: "A disabled account cannot be accessed.")
            }
            try await work.sessions.create(created)
            work.record(AuditEvent(.impersonationStarted, actor: admin.account.id, subject: target.id, requestID: request.requestID, details: [
                "reason": reason, "session": created.id.rawValue, "administrator_session": admin.session.id.rawValue,
                "expires_at": AuditCheckpoint.timestamp(expiresAt),
            ], personal: request.personal))
            try await mail?.administratorAccessStarted(target, administrator: admin.account.username, reason: reason, until: expiresAt, in: work)
            return target
        }
        return Started(session: created, account: target, token: token, impersonation: impersonation)
    }

    /// Ends the access `record` is; returns the administrator's own session back with a new token when
    /// it still stands (nil: it ended meanwhile, or someone else ended this access first).
    /// `restore`: give the administrator's session back (the browser that ends the access); false where
    /// nobody could receive it (an expired bearer token), so the administrator's token is not rotated away.
    @discardableResult
    public func end(_ record: SessionRecord, how: Ending, request: RequestInfo, restore: Bool = true) async throws -> SignInResult? {
        guard let impersonation = record.session.impersonation else {
            throw GatehouseError(.forbidden, detail: "This session is no administrator access.")
        }
        let now = signIn.clock.now()
        let random = signIn.random
        let policy = signIn.configuration.sessions
        return try await units.run { work in
            guard try await work.sessions.revoke(record.session.id) else { return nil }
            work.forget(session: record.session.id)
            work.recordAccessEnded(record.session, how: how.rawValue, at: now, request: request)
            guard restore, let own = try await work.sessions.session(id: impersonation.administratorSessionID), own.status == .authenticated,
                  let administrator = try await work.accounts.account(id: own.accountID),
                  policy.problem(with: SessionRecord(session: own, account: administrator), at: now) == nil else { return nil }
            let token = SecretToken.generate(random)
            let tokenHash = SecretToken.hash(token)
            guard try await work.sessions.advance(own.id, from: .authenticated, to: .authenticated, tokenHash: tokenHash, expiresAt: own.expiresAt, at: now) else {
                return nil
            }
            work.forget(session: own.id)
            var restored = own
            restored.tokenHash = tokenHash
            restored.lastSeenAt = now
            return SignInResult(session: restored, account: administrator, token: token)
        }
    }

    /// One request made during the access: method, route and answer, in the dedicated trail.
    public func recordRequest(_ record: SessionRecord, method: String, route: String, status: Int, request: RequestInfo) async throws {
        guard let impersonation = record.session.impersonation else { return }
        try await units.run { work in
            work.record(AuditEvent(.impersonationRequest, actor: impersonation.administratorID, subject: record.account.id, requestID: request.requestID,
                                   details: ["method": method, "route": String(route.prefix(300)), "status": String(status),
                                             "session": record.session.id.rawValue],
                                   personal: request.personal))
        }
    }
}
