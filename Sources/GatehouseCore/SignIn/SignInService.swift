import Foundation
import Synchronization

/// What sign-in needs from configuration.
public struct SignInConfiguration: Sendable {
    public var lockoutThreshold: Int
    /// `lockout.window`: failures count toward the lockout only this long after the last one.
    public var lockoutWindow: Duration = .seconds(24 * 3600)
    public var sessions: SessionPolicy
    public var loginPerIP: RateLimit?
    public var loginPerAccount: RateLimit?
    /// `rate_limit.login_per_network`: password attempts per IPv6 /48.
    public var loginPerNetwork: RateLimit?
    /// `rate_limit.login_global`: password attempts from everyone together, which bounds the password
    /// hashing a flood can cause however many addresses it comes from.
    public var loginGlobal: RateLimit?
    /// `rate_limit.second_factor_per_account`: wrong codes and backup codes of one account, wherever typed.
    public var secondFactorPerAccount: RateLimit?
    /// `rate_limit.second_factor_per_ip`: the same from one client, whichever accounts it tries.
    public var secondFactorPerIP: RateLimit?
    /// `rate_limit.token_failures_per_ip`: presented session tokens (and invitation tokens) that name
    /// nothing, per client. Only failures count, so valid traffic is never throttled.
    public var tokenFailuresPerIP: RateLimit?
    /// Policy `two_factor: required`: accounts without an authenticator must enrol before `authenticated`.
    public var twoFactorRequired: Bool
    /// The consent version accounts must have accepted; nil when no consent step applies.
    public var consentVersion: String?
    /// `password_reset.two_factor_reissue_delay`: a reissue asked for by a password reset without the
    /// backup code turns the authenticator off only this long after it was asked for.
    public var twoFactorReissueDelay: Duration

    public static let defaultReissueDelay: Duration = .seconds(72 * 3600)

    public init(lockoutThreshold: Int = 3, sessions: SessionPolicy = SessionPolicy(), loginPerIP: RateLimit? = nil,
                loginPerAccount: RateLimit? = nil, twoFactorRequired: Bool = false, consentVersion: String? = nil,
                twoFactorReissueDelay: Duration = SignInConfiguration.defaultReissueDelay) {
        self.lockoutThreshold = lockoutThreshold
        self.sessions = sessions
        self.loginPerIP = loginPerIP
        self.loginPerAccount = loginPerAccount
        self.twoFactorRequired = twoFactorRequired
        self.consentVersion = consentVersion
        self.twoFactorReissueDelay = twoFactorReissueDelay
    }
}

/// A new or advanced session; `token` is shown to the client once and never stored.
public struct SignInResult: Sendable {
    public var session: Session
    public var account: Account
    public var token: String

    public init(session: Session, account: Account, token: String) {
        self.session = session
        self.account = account
        self.token = token
    }
}

/// Password sign-in, the per-request session check and logout.
///
/// Every failure of the password step answers the same `invalid_credentials` after exactly one Argon2id
/// verification: unknown accounts verify against a dummy hash made at start-up, so neither the answer
/// nor its timing tells whether an account exists, is locked or is disabled.
public struct SignInService: Sendable {
    public let store: any Store
    public let hasher: any PasswordHasher
    public let trail: AuditTrail
    public let limiter: RateLimiter
    public let keys: KeyRing
    public let clock: any WallClock
    public let random: any RandomSource
    public let configuration: SignInConfiguration
    public let cache: SessionCache
    public let clients: SessionClientResolver
    /// Lockout mail and failed-attempt alerts; nil sends none (tools and tests that need no mail).
    public let mail: AccountMail?
    /// Where `authenticate` leaves last-seen writes for a background job; nil writes them inline.
    public let touches: SessionTouches?
    /// Every write of sign-in (and of the flows built on it) runs as one of these units.
    public let units: UnitOfWork
    /// Clients this instance saw refused by `token_failures_per_ip`, until when: their further failures
    /// in that window are refused without a write, so a flood of bad tokens costs the database little.
    private let tokenFailureRefusals = RefusalMemo()
    let dummyHash: String

    public static let maximumLoginLength = 320
    public static let maximumPasswordBytes = 4096

    public init(store: any Store, hasher: any PasswordHasher, trail: AuditTrail, limiter: RateLimiter, keys: KeyRing,
                clock: any WallClock, random: any RandomSource, configuration: SignInConfiguration, cache: SessionCache,
                clients: SessionClientResolver = SessionClientResolver(geoip: nil), mail: AccountMail? = nil,
                touches: SessionTouches? = nil) async throws {
        self.touches = touches
        self.store = store
        self.hasher = hasher
        self.trail = trail
        self.limiter = limiter
        self.keys = keys
        self.clock = clock
        self.random = random
        self.configuration = configuration
        self.cache = cache
        self.clients = clients
        self.mail = mail
        self.units = UnitOfWork(store: store, trail: trail, cache: cache, outbox: mail?.mailer.signal)
        // A hash with the current parameters, of a password nobody knows.
        self.dummyHash = try await hasher.hash(SecretToken.generate(random))
    }

    // MARK: - Password step

    public func login(_ login: String, password: String, request: RequestInfo) async throws -> SignInResult {
        guard login.count <= Self.maximumLoginLength, password.utf8.count <= Self.maximumPasswordBytes else {
            throw GatehouseError.validation(login.count > Self.maximumLoginLength ? "login" : "password", "too_long")
        }
        let folded = IdentifierNormalizer.fold(login)
        // Unknown identifiers are keyed too, so the limiter's answer says nothing about existence.
        // The limiter stops at the first refusal, so the global budget comes last: attempts one client's
        // own limits already refuse never use it up (else one address could lock everyone out).
        var limits: [(name: String, value: String, limit: RateLimit?)] = [
            ("login_per_ip", request.ip?.rateLimitKey ?? "unknown", configuration.loginPerIP),
            ("login_per_account", folded, configuration.loginPerAccount),
        ]
        if let network = request.ip?.networkRateLimitKey { limits.append(("login_per_network", network, configuration.loginPerNetwork)) }
        limits.append(("login_global", "all", configuration.loginGlobal))
        try await limiter.enforce(limits)

        let account = folded.isEmpty ? nil : try await store.accounts.account(login: folded)
        let passwordMatches: Bool
        do {
            passwordMatches = try await hasher.verify(password, against: account?.passwordHash ?? dummyHash)
        } catch let overloaded as ConcurrencyLimiter.Overloaded {
            // Turned away before any password work: the attempt does not count against anyone's budget.
            try? await limiter.refund(limits)
            throw overloaded
        }

        guard let account else {
            try await recordFailure(account: nil, reason: "unknown_account", typed: folded, request: request)
            throw GatehouseError(.invalidCredentials)
        }
        guard passwordMatches else {
            try await recordFailure(account: account, reason: "wrong_password", typed: folded, request: request)
            throw GatehouseError(.invalidCredentials)
        }
        guard account.status == .active, !account.isLocked else {
            try await recordFailure(account: account, reason: account.status == .active ? "locked" : "disabled", counts: false, typed: folded, request: request)
            throw GatehouseError(.invalidCredentials)
        }

        let now = clock.now()
        let facts = facts(for: account, at: now)
        var machine = SignInStateMachine()
        guard case .startSession(let status) = machine.handle(.passwordAccepted(facts)) else {
            throw GatehouseError(.invalidCredentials)
        }
        let rehash = hasher.needsRehash(account.passwordHash) ? try await hasher.hash(password) : nil
        let (session, token) = newSession(for: account.id, status: status, at: now, request: request)
        try await units.run { work in
            // The password may have been reset or changed while it was being verified: then the
            // sign-in with the old one must not create a session.
            guard let current = try await work.accounts.account(id: account.id), current.passwordHash == account.passwordHash,
                  current.status == .active, !current.isLocked else {
                throw GatehouseError(.invalidCredentials)
            }
            // The steps were chosen from the account as read before the password check: if they no
            // longer fit (an authenticator turned on, or a due reissue cancelled, meanwhile), no session.
            guard self.facts(for: current, at: now) == facts else { throw GatehouseError(.invalidCredentials) }
            if status == .authenticated {
                // The failure count resets only here, never at the password step of a pending sign-in.
                guard try await work.accounts.resetFailedAttempts(account.id, at: now) else {
                    throw GatehouseError(.invalidCredentials)
                }
                work.record(AuditEvent(.loginSucceeded, actor: account.id, subject: account.id, requestID: request.requestID,
                                       details: ["session": session.id.rawValue], personal: request.personal))
            } else {
                work.record(AuditEvent(.loginStepCompleted, actor: account.id, subject: account.id, requestID: request.requestID,
                                       details: ["step": SignInStep.password.rawValue, "next": status.rawValue, "session": session.id.rawValue],
                                       personal: request.personal))
            }
            if let rehash { _ = try await work.accounts.setPasswordHash(account.id, rehash, at: now) }
            if reissueDue(current, at: now) {
                // A password reset asked for a new authenticator and its delay has passed without the
                // owner cancelling it: the old one stops here, and enrolment follows.
                _ = try await work.credentials.clearTwoFactor(account.id, requiringBackupCode: nil, at: now)
                work.record(AuditEvent(.twoFactorReset, actor: account.id, subject: account.id, requestID: request.requestID,
                                       details: ["reason": "password_reset", "session": session.id.rawValue], personal: request.personal))
                if current.twoFactor.isEnabled, let mail { try await mail.twoFactorReset(account, reason: "password_reset", in: work) }
            }
            try await create(session, of: account, in: work, request: request)
        }
        return SignInResult(session: session, account: account, token: token)
    }

    /// A session for an account that proved itself some other way than its password (registration by
    /// invitation), inside the caller's unit: its status is the first step the account still owes
    /// (consent, two-factor enrolment), exactly as a password sign-in would have chosen.
    func startSession(for account: Account, in work: Work, request: RequestInfo) async throws -> SignInResult {
        let now = clock.now()
        var machine = SignInStateMachine()
        guard case .startSession(let status) = machine.handle(.passwordAccepted(facts(for: account, at: now))) else {
            throw GatehouseError(.internalError, detail: "no session could be started for a new account")
        }
        let (session, token) = newSession(for: account.id, status: status, at: now, request: request)
        if status == .authenticated {
            work.record(AuditEvent(.loginSucceeded, actor: account.id, subject: account.id, requestID: request.requestID,
                                   details: ["session": session.id.rawValue], personal: request.personal))
        }
        try await create(session, of: account, in: work, request: request)
        return SignInResult(session: session, account: account, token: token)
    }

    /// A new session row and the token that names it (shown once; only its hash is stored).
    func newSession(for accountID: AccountID, status: SignInStatus, at now: Date, request: RequestInfo) -> (Session, String) {
        let token = SecretToken.generate(random)
        let session = Session(
            id: SessionID(rawValue: random.uuidV7(at: now).uuidString.lowercased()), tokenHash: SecretToken.hash(token),
            accountID: accountID, status: status, createdAt: now, lastSeenAt: now,
            expiresAt: configuration.sessions.expiry(for: status, from: now), authenticatedAt: now,
            ip: request.ip?.description, userAgent: request.userAgent.map { String($0.prefix(512)) },
            client: clients.describe(ip: request.ip, userAgent: request.userAgent))
        return (session, token)
    }

    /// Writes a new session with its audit event; a signed-in one also notes the device and place.
    func create(_ session: Session, of account: Account, in work: Work, request: RequestInfo) async throws {
        try await work.sessions.create(session)
        if session.status == .authenticated {
            try await noteClient(account, client: session.client, ip: request.ip?.description, in: work, request: request)
        }
        work.record(AuditEvent(.sessionCreated, actor: account.id, subject: account.id, requestID: request.requestID,
                               details: ["session": session.id.rawValue, "status": session.status.rawValue, "browser": session.client.browser ?? "",
                                         "os": session.client.os ?? "", "device": session.client.device ?? "",
                                         "country": session.client.countryCode ?? ""],
                               personal: request.personal))
    }

    /// The budget of wrong codes per account, shared by every flow that checks a code.
    public var secondFactorAttempts: SecondFactorAttempts {
        SecondFactorAttempts(limiter: limiter, limit: configuration.secondFactorPerAccount, perIP: configuration.secondFactorPerIP)
    }

    /// Counts one presented token that named nothing, from `ip`; throws `RateLimited` once the client
    /// is over `rate_limit.token_failures_per_ip`.
    public func countTokenFailure(from ip: IPAddress?) async throws {
        let client = ip?.rateLimitKey ?? "unknown"
        let now = clock.now()
        if let retryAfter = tokenFailureRefusals.retryAfter(client, at: now) { throw RateLimited(retryAfter: retryAfter) }
        do {
            try await limiter.enforce([("token_failures_per_ip", client, configuration.tokenFailuresPerIP)])
        } catch let limited as RateLimited {
            tokenFailureRefusals.note(client, until: now.addingTimeInterval(TimeInterval(limited.retryAfter)), at: now)
            throw limited
        }
    }

    /// Whether a reissue asked for by a password reset takes effect now: its delay has passed, and the
    /// account has no platform role (support resets those; a role granted meanwhile stops it too).
    public func reissueDue(_ account: Account, at now: Date) -> Bool {
        guard let requestedAt = account.twoFactorReissueRequestedAt, account.roles.isEmpty else { return false }
        return now >= reissueEffective(requestedAt: requestedAt)
    }

    /// When a reissue asked for at `requestedAt` takes effect: `password_reset.two_factor_reissue_delay` later.
    public func reissueEffective(requestedAt: Date) -> Date {
        requestedAt.addingTimeInterval(configuration.twoFactorReissueDelay.timeInterval)
    }

    /// Cancels a two-factor reissue that a password reset scheduled, with its mailed cancel links, in
    /// the caller's transaction; `via` says what cancelled it (audited).
    public func cancelReissue(_ id: AccountID, via: String, in work: Work, request: RequestInfo) async throws {
        let now = clock.now()
        _ = try await work.accounts.setTwoFactorReissue(id, nil, at: now)
        try await work.linkTokens.expireAll(accountID: id, purpose: .cancelTwoFactorReissue, at: now)
        work.record(AuditEvent(.twoFactorReissueCancelled, actor: id, subject: id, requestID: request.requestID,
                               details: ["via": via], personal: request.personal))
    }

    /// Which later steps apply to this account now.
    /// An authenticator whose reissue is due (password reset with `reissue_two_factor`) counts as none;
    /// one whose reissue still waits out its delay is asked for as usual. For a sign-in under way
    /// (`record`), whether it owes the second factor (`owesSecondFactor`).
    public func facts(for account: Account, at now: Date? = nil, of record: SessionRecord? = nil) -> SignInFacts {
        SignInFacts(
            twoFactorEnrolled: account.twoFactor.isEnabled && !reissueDue(account, at: now ?? clock.now()),
            emailVerified: account.emailVerifiedAt != nil,
            consentCurrent: configuration.consentVersion.map { $0 == account.consentVersion } ?? true,
            twoFactorRequired: configuration.twoFactorRequired,
            secondFactorOwed: record.map { owesSecondFactor($0, account: account) } ?? false)
    }

    /// A refused password step: the state machine says whether it counts toward the lockout (a wrong
    /// password does; a locked or disabled account's correct one does not).
    private func recordFailure(account: Account?, reason: String, counts countsTowardLockout: Bool = true, typed: String, request: RequestInfo) async throws {
        var machine = SignInStateMachine()
        let counts = machine.handle(.passwordRejected(countsTowardLockout: countsTowardLockout)) == .countFailure
        try await units.run { work in
            var personal = request.personal
            var details = ["reason": reason]
            if let account {
                if counts, let state = try await countFailure(account, client: clients.describe(ip: request.ip, userAgent: request.userAgent),
                                                              in: work, request: request) {
                    details["failed_attempts"] = String(state.failedAttempts)
                }
            } else {
                // What was typed is often a password: keep only a keyed hash of it.
                personal.identifierHash = keys.mac(.auditIdentifier, typed)
            }
            work.record(AuditEvent(.loginFailed, subject: account?.id, requestID: request.requestID, details: details, personal: personal))
        }
    }

    /// Counts one failure toward the lockout (a wrong password, second-factor code, backup code or
    /// recovery attempt) inside the caller's transaction. The attempt that reaches the threshold locks
    /// the account and mails the owner unlock and reset links; earlier ones may mail the failed-attempt
    /// alert (at most once an hour). Returns the new count, or nil when the account is gone.
    /// `passwordKnown`: the failure came after a correct password (a wrong second-factor or backup code
    /// at sign-in), so the alert says the password is known.
    public func countFailure(_ account: Account, client: SessionClient, passwordKnown: Bool = false, in work: Work,
                             request: RequestInfo) async throws -> LockoutState? {
        let threshold = configuration.lockoutThreshold
        let now = clock.now()
        guard let state = try await work.accounts.recordFailedAttempt(account.id, threshold: threshold,
                                                                    countingSince: now.addingTimeInterval(-configuration.lockoutWindow.timeInterval), at: now)
        else { return nil }
        if state.failedAttempts == threshold, state.isLocked {
            work.record(AuditEvent(.accountLocked, subject: account.id, requestID: request.requestID,
                                   details: ["failed_attempts": String(state.failedAttempts)], personal: request.personal))
            // The owner learns at once, with an unlock link and a reset link.
            if let mail {
                try await mail.accountLocked(account, failedAttempts: state.failedAttempts, in: work)
                work.record(AuditEvent(.alertSent, subject: account.id, requestID: request.requestID, details: ["alert": "account_locked"]))
            }
        } else if !state.isLocked, let mail,
                  try await mail.failedSignIn(account, client: client, ip: request.ip?.description, passwordKnown: passwordKnown, in: work) {
            work.record(AuditEvent(.alertSent, subject: account.id, requestID: request.requestID, details: ["alert": "failed_sign_in"]))
        }
        return state
    }

    // MARK: - New-device alerts

    /// How long a device or place stays "seen" for the sign-in alert.
    public static let knownClientWindow: TimeInterval = 90 * 86400

    /// At every sign-in that reaches `authenticated`: remembers the device (browser and OS families) and
    /// the place (city and country) as keyed hashes, and mails an alert when either was not seen for
    /// this account in the last 90 days. An account's first sign-in only remembers.
    func noteClient(_ account: Account, client: SessionClient, ip: String?, in work: Work, request: RequestInfo) async throws {
        let now = clock.now()
        // Keyed under every secret key, the current first: a device seen before a key rotation is known.
        let device = keys.macs(.knownClient, "device|" + Self.family(client.browser) + "|" + Self.family(client.os))
        var checks = [("device", device)]
        if client.countryCode != nil || client.city["en"] != nil {
            checks.append(("place", keys.macs(.knownClient, "place|" + (client.countryCode ?? "") + "|" + (client.city["en"] ?? ""))))
        }
        let first = try await !work.knownClients.hasAny(accountID: account.id)
        var unseen: [String] = []
        for (kind, keyed) in checks {
            var last: Date?
            for key in keyed {
                if let seen = try await work.knownClients.lastSeen(accountID: account.id, kind: kind, key: key), seen > (last ?? .distantPast) {
                    last = seen
                }
            }
            if last.map({ now.timeIntervalSince($0) > Self.knownClientWindow }) ?? true { unseen.append(kind) }
            try await work.knownClients.remember(accountID: account.id, kind: kind, key: keyed[0], at: now)
        }
        guard !first, !unseen.isEmpty, let mail else { return }
        try await mail.newSignIn(account, client: client, ip: ip, in: work)
        work.record(AuditEvent(.alertSent, subject: account.id, requestID: request.requestID,
                               details: ["alert": "new_sign_in", "new": unseen.joined(separator: ",")]))
    }

    /// "Firefox 128" → "Firefox": a browser update is not a new device.
    static func family(_ name: String?) -> String {
        guard let name else { return "unknown" }
        let words = name.split(separator: " ").filter { !($0.first?.isNumber ?? false) }
        return words.isEmpty ? "unknown" : words.joined(separator: " ")
    }

    // MARK: - Later steps

    /// Whether this sign-in began before the authenticator that is active now (so it passed the
    /// second-factor slot without it); the state machine sends such a session back to
    /// `second_factor_required` from any later step.
    func owesSecondFactor(_ record: SessionRecord, account: Account) -> Bool {
        guard account.twoFactor.isEnabled else { return false }
        guard let enabledAt = account.twoFactor.enabledAt else { return true }
        return enabledAt >= record.session.createdAt
    }

    /// Moves a pending session past `step` inside the caller's transaction: a new token, the next status
    /// (from the account's current facts), the failure count reset when it reaches `authenticated`, and
    /// the audit events. The old token stops working; the replacement is conditional on the status, so
    /// of two parallel completions exactly one advances.
    public func advance(_ record: SessionRecord, completing step: SignInStep, account: Account, in work: Work,
                        request: RequestInfo) async throws -> SignInResult {
        var machine = SignInStateMachine(status: record.session.status)
        guard case .advanceSession(let next) = machine.handle(.stepCompleted(step, facts(for: account, of: record))) else {
            throw GatehouseError(.forbidden, detail: "This step does not apply to the session now.")
        }
        let now = clock.now()
        let token = SecretToken.generate(random)
        let tokenHash = SecretToken.hash(token)
        let expiresAt = configuration.sessions.expiry(for: next, from: now)
        guard try await work.sessions.advance(record.session.id, from: record.session.status, to: next, tokenHash: tokenHash, expiresAt: expiresAt, at: now) else {
            throw GatehouseError(.unauthenticated, detail: "The session changed meanwhile; sign in again.")
        }
        if step == .secondFactor, account.twoFactor.isEnabled, account.twoFactorReissueRequestedAt != nil {
            // Whoever signs in with the authenticator has it: a reissue waiting on the account (perhaps
            // asked for by someone who only had the mailbox) is cancelled.
            try await cancelReissue(account.id, via: "second_factor", in: work, request: request)
        }
        if next == .authenticated {
            guard try await work.accounts.resetFailedAttempts(account.id, at: now) else { throw GatehouseError(.invalidCredentials) }
            try await noteClient(account, client: record.session.client, ip: record.session.ip, in: work, request: request)
            work.record(AuditEvent(.loginSucceeded, actor: account.id, subject: account.id, requestID: request.requestID,
                                   details: ["session": record.session.id.rawValue], personal: request.personal))
        } else {
            work.record(AuditEvent(.loginStepCompleted, actor: account.id, subject: account.id, requestID: request.requestID,
                                   details: ["step": step.rawValue, "next": next.rawValue, "session": record.session.id.rawValue],
                                   personal: request.personal))
        }
        work.forget(session: record.session.id)
        var session = record.session
        session.status = next
        session.tokenHash = tokenHash
        session.expiresAt = expiresAt
        session.lastSeenAt = now
        return SignInResult(session: session, account: account, token: token)
    }

    // MARK: - Sessions on each request

    public enum Authentication: Sendable, Equatable {
        case valid(SessionRecord)
        /// The token named a session that has ended now (idle or past its lifetime); it was removed.
        case ended(SessionProblem)
        /// The token named an administrator's access that has run out (or whose account was disabled).
        case impersonationEnded(SessionRecord, SessionProblem)
        case none
    }

    /// Resolves a presented token: one indexed lookup (or the cache), a validity check, and at most one
    /// last-seen write a minute (noted for the background job when `touches` is set). No password work.
    public func authenticate(token: String, useCache: Bool = false) async throws -> Authentication {
        guard SecretToken.isWellFormed(token) else { return .none }
        let tokenHash = SecretToken.hash(token)
        let now = clock.now()
        if useCache, let cached = cache.record(tokenHash: tokenHash, at: now),
           configuration.sessions.problem(with: cached, at: now) == nil {
            return .valid(cached)
        }
        let generation = cache.generation
        guard let record = try await store.sessions.record(tokenHash: tokenHash) else { return .none }
        if let problem = configuration.sessions.problem(with: record, at: now) {
            // Refused, but left for the sweeper: the sign-in page can then still tell why it ended.
            cache.evict(session: record.session.id)
            // An administrator's access that has run out is ended by whoever sees it first (this
            // request or the sweeper), audited, and the administrator's own session given back.
            if record.session.impersonation != nil { return .impersonationEnded(record, problem) }
            return .ended(problem)
        }
        if let impersonation = record.session.impersonation, try await !administratorAccessStands(record, impersonation) {
            cache.evict(session: record.session.id)
            return .impersonationEnded(record, .accountDisabled)
        }
        if configuration.sessions.needsTouch(record.session, at: now) {
            if let touches {
                touches.note(record.session.id, at: now)
            } else {
                try await store.sessions.touch(record.session.id, at: now, olderThan: now.addingTimeInterval(-configuration.sessions.touchInterval.timeInterval))
            }
        }
        // An administrator's access is re-checked on every lookup, so never answered from the cache.
        if useCache, record.session.impersonation == nil { cache.store(record, at: now, readSince: generation) }
        return .valid(record)
    }

    /// Whether an administrator's access may go on: the person's account is still a standard one (no
    /// platform role, no operator membership) and the administrator's own session and account stand.
    /// Checked on every lookup of such a session (they are few), so a role or membership granted, or the
    /// administrator disabled or signed out, ends the access at its next request.
    func administratorAccessStands(_ record: SessionRecord, _ impersonation: SessionImpersonation) async throws -> Bool {
        guard record.account.roles.isEmpty, !record.account.organizations.values.contains(.operator) else { return false }
        guard let own = try await store.sessions.session(id: impersonation.administratorSessionID), own.status == .authenticated,
              own.accountID == impersonation.administratorID,
              try await store.accounts.account(id: impersonation.administratorID)?.status == .active else { return false }
        return true
    }

    /// The session and its account as the store has them now (a change made earlier in the same
    /// request, such as a re-authentication, may have moved them).
    public func current(_ record: SessionRecord) async throws -> SessionRecord {
        var record = record
        if let session = try await store.sessions.session(id: record.session.id) { record.session = session }
        if let account = try await store.accounts.account(id: record.account.id) { record.account = account }
        return record
    }

    /// Remembers the language a person used on the sign-in pages.
    public func rememberLanguage(_ language: Language, for account: Account) async throws {
        guard account.preferredLanguage != language else { return }
        _ = try await store.accounts.setPreferredLanguage(account.id, language, at: clock.now())
    }

    public func logout(_ record: SessionRecord, request: RequestInfo) async throws {
        var machine = SignInStateMachine(status: record.session.status)
        guard machine.handle(.abandoned) == .revokeSession else { return }
        try await units.run { work in
            _ = try await work.sessions.revoke(record.session.id)
            work.record(AuditEvent(.logout, actor: record.account.id, subject: record.account.id, requestID: request.requestID,
                                   details: ["session": record.session.id.rawValue], personal: request.personal))
            work.forget(session: record.session.id)
        }
    }
}

/// Keys refused until a moment, remembered on this instance (bounded: a full memo forgets the expired).
final class RefusalMemo: Sendable {
    private let refused = Mutex<[String: Date]>([:])
    private let maximumEntries = 10_000

    /// Seconds until `key` may try again, or nil when it is not refused now.
    func retryAfter(_ key: String, at now: Date) -> Int? {
        refused.withLock { refused in
            guard let until = refused[key] else { return nil }
            guard now < until else {
                refused[key] = nil
                return nil
            }
            return max(1, Int(until.timeIntervalSince(now).rounded(.up)))
        }
    }

    func note(_ key: String, until: Date, at now: Date) {
        refused.withLock { refused in
            if refused.count >= maximumEntries {
                refused = refused.filter { $0.value > now }
                if refused.count >= maximumEntries { refused.removeAll(keepingCapacity: true) }
            }
            refused[key] = until
        }
    }
}

