import Foundation

/// What self-service needs from configuration.
public struct SelfServiceConfiguration: Sendable {
    /// `rate_limit.reset_per_ip` / `reset_per_address`: password-reset requests, verification resends
    /// and unlock links, per client address and per target address.
    public var resetPerIP: RateLimit?
    public var resetPerAddress: RateLimit?
    /// `rate_limit.reset_per_address_ceiling`: all clients together, per target address. The
    /// per-address limit above counts per address *and* client, so a stranger's requests do not use up
    /// the owner's; this ceiling still bounds how much mail one address can be sent.
    public var resetPerAddressCeiling: RateLimit?
    /// `password_reset.allow_two_factor_reissue` (its delay is sign-in's `twoFactorReissueDelay`;
    /// backup codes guessed at a reset count toward sign-in's `secondFactorPerAccount`).
    public var allowTwoFactorReissue: Bool

    public init(resetPerIP: RateLimit? = nil, resetPerAddress: RateLimit? = nil, allowTwoFactorReissue: Bool = true,
                resetPerAddressCeiling: RateLimit? = nil) {
        self.resetPerAddressCeiling = resetPerAddressCeiling
        self.resetPerIP = resetPerIP
        self.resetPerAddress = resetPerAddress
        self.allowTwoFactorReissue = allowTwoFactorReissue
    }
}

/// The flows a person runs on their own: password reset, email verification, unlock by link, and
/// changes to their own account. Every flow writes its change, its mail (outbox) and its audit events
/// in one transaction; answers to outsiders never depend on whether an address has an account.
public struct SelfService: Sendable {
    public let store: any Store
    public let hasher: any PasswordHasher
    public let policy: PasswordPolicy
    public let trail: AuditTrail
    public let limiter: RateLimiter
    public let clock: any WallClock
    public let mail: AccountMail
    public let signIn: SignInService
    public let cache: SessionCache
    public let configuration: SelfServiceConfiguration
    public let units: UnitOfWork

    public init(store: any Store, hasher: any PasswordHasher, policy: PasswordPolicy, trail: AuditTrail, limiter: RateLimiter,
                clock: any WallClock, mail: AccountMail, signIn: SignInService, cache: SessionCache, configuration: SelfServiceConfiguration) {
        self.store = store
        self.hasher = hasher
        self.policy = policy
        self.trail = trail
        self.limiter = limiter
        self.clock = clock
        self.mail = mail
        self.signIn = signIn
        self.cache = cache
        self.configuration = configuration
        self.units = UnitOfWork(store: store, trail: trail, cache: cache, outbox: mail.mailer.signal)
    }

    var mailer: Mailer { mail.mailer }

    /// Rate limits of the reset family: per client address and per target address (keyed even when
    /// no account has it, so the limiter's answer reveals nothing).
    func enforceResetLimits(ip: IPAddress?, address: String?) async throws {
        let client = ip?.rateLimitKey ?? "unknown"
        var checks: [(name: String, value: String, limit: RateLimit?)] = [("reset_per_ip", client, configuration.resetPerIP)]
        if let address {
            // Per address and client network (an IPv6 /48, so rotating /64s is one client here).
            let network = ip?.networkRateLimitKey ?? client
            checks.append(("reset_per_address", address + "|" + network, configuration.resetPerAddress))
            checks.append(("reset_per_address_ceiling", address, configuration.resetPerAddressCeiling))
        }
        try await limiter.enforce(checks)
    }

    /// The normalised form of a typed address, or a validation error (every flow that takes an address
    /// someone typed: resets, verification, changes, invitations, access requests).
    static func normalizedEmail(_ typed: String) throws -> (display: String, normalized: String) {
        guard typed.count <= 320 else { throw GatehouseError.validation("email", "too_long") }
        do {
            return try IdentifierNormalizer.email(typed)
        } catch {
            throw GatehouseError.validation("email", error.rawValue, detail: "That is not a valid email address.")
        }
    }

    static func tokenHash(_ token: String) throws -> String {
        guard SecretToken.isWellFormed(token) else { throw GatehouseError(.tokenInvalidOrExpired) }
        return SecretToken.hash(token)
    }

    /// Queues a deferred job for a typed address: the same statements whether or not an account has it.
    func enqueueJob(_ kind: MailKind, address: String, request: RequestInfo) async throws {
        var values: [String: String] = [:]
        if let ip = request.ip { values["ip"] = ip.description }
        if let agent = request.userAgent { values["user_agent"] = String(agent.prefix(512)) }
        if let id = request.requestID { values["request_id"] = id }
        let job = OutgoingMail(kind: kind, to: address, language: .en, values: values)
        try await units.run { work in
            _ = try await mailer.enqueue(job, in: work)
        }
    }

    /// Runs a deferred job inside the worker's transaction: looks the address up and queues the real
    /// mail if an account matches. Nothing is queued for an unknown address.
    public func runJob(_ job: OutgoingMail, in work: Work) async throws {
        let personal = AuditPersonalData(ip: job.values["ip"], userAgent: job.values["user_agent"])
        let requestID = job.values["request_id"]
        switch job.kind {
        case .passwordResetRequest:
            guard let account = try await work.accounts.account(login: job.to), account.status == .active else { return }
            try await mail.passwordReset(account, in: work)
            work.record(AuditEvent(.passwordResetRequested, subject: account.id, requestID: requestID, personal: personal))
        case .verificationRequest:
            guard let account = try await work.accounts.account(login: job.to), account.status == .active, account.emailVerifiedAt == nil else { return }
            try await mail.verifyEmail(account, in: work)
            work.record(AuditEvent(.emailVerificationSent, subject: account.id, requestID: requestID, details: ["reason": "resend"], personal: personal))
        default:
            throw GatehouseError(.internalError, detail: "unknown outbox job \(job.kind)")
        }
    }
}
