import Foundation

/// What a person types to register (`POST /api/v1/auth/register`).
public struct Registration: Sendable {
    /// The invitation's token; the address comes from the invitation.
    public var invitationToken: String?
    /// Only with `registration: open` and no invitation: the address to verify.
    public var email: String?
    public var username: String
    public var password: String
    public var language: Language

    public init(invitationToken: String?, email: String? = nil, username: String, password: String, language: Language = .en) {
        self.invitationToken = invitationToken
        self.email = email
        self.username = username
        self.password = password
        self.language = language
    }
}

/// What a registration came to.
public enum RegistrationOutcome: Sendable {
    /// By invitation: the account exists and this session goes on to the steps it owes.
    case signedIn(SignInResult)
    /// `registration: open`: a verification link went to the address (or, if an account already has
    /// it, a notice to its owner); the person signs in once the address is confirmed.
    case checkYourMail
}

/// Registration: by invitation (`registration: invite_only`, the default) or, for development, open.
public struct Registrations: Sendable {
    public let invitations: Invitations
    public let accounts: AccountAdministration
    public let signIn: SignInService
    public let limiter: RateLimiter

    public init(invitations: Invitations, accounts: AccountAdministration, signIn: SignInService, limiter: RateLimiter) {
        self.invitations = invitations
        self.accounts = accounts
        self.signIn = signIn
        self.limiter = limiter
    }

    public var configuration: OnboardingConfiguration { invitations.configuration }
    var units: UnitOfWork { invitations.units }
    var clock: any WallClock { invitations.clock }

    /// Creates an account and signs it in, in one unit of work. With an invitation the account is
    /// verified with the invitation's address, joins its organisation, and the invitation is used up by
    /// a conditional statement, so of any number of parallel registrations with one token exactly one
    /// creates an account. The answer is a sign-in answer: the session goes straight on to the steps the
    /// account still owes (consent, two-factor enrolment), with no second sign-in.
    ///
    /// Unknown, used, expired and revoked invitations all answer `invitation_invalid`, before any
    /// password is hashed. Without an invitation only `registration: open` registers (an unverified
    /// account that must confirm its address).
    public func register(_ registration: Registration, request: RequestInfo) async throws -> RegistrationOutcome {
        guard configuration.registration != .closed else {
            throw GatehouseError(.forbidden, detail: "Registration is closed: ask an administrator for an account.")
        }
        try await limiter.enforce([("register_per_ip", request.ip?.rateLimitKey ?? "unknown", configuration.registerPerIP)])
        guard registration.password.utf8.count <= SignInService.maximumPasswordBytes else {
            throw GatehouseError.validation("password", "too_long")
        }
        if let token = registration.invitationToken {
            return .signedIn(try await register(registration, invitation: try await invitations.lookup(token: token), token: token, request: request))
        }
        guard configuration.registration == .open else { throw GatehouseError(.invitationInvalid) }
        try await registerOpenly(registration, request: request)
        return .checkYourMail
    }

    private func register(_ registration: Registration, invitation: Invitation, token: String, request: RequestInfo) async throws -> SignInResult {
        let prepared = try await accounts.prepare(AccountCreation(
            username: registration.username, email: invitation.email, password: registration.password, emailVerified: true,
            language: registration.language))
        let now = clock.now()
        do {
            return try await units.run { work in
                // First, so that parallel registrations queue on the invitation's row and all but one
                // find it used.
                guard let accepted = try await work.invitations.acceptInvitation(tokenHash: SecretToken.hash(token), by: prepared.id, at: now) else {
                    throw GatehouseError(.invitationInvalid)
                }
                var new = prepared
                new.roles = try await invitations.grantableRoles(accepted, in: work)
                let account = try await work.accounts.create(new)
                work.record(AuditEvent(.accountCreated, actor: accepted.invitedBy, subject: account.id, requestID: request.requestID, details: [
                    "roles": new.roles.sorted().map(\.name).joined(separator: ","), "verified": "true", "via": "invitation"]))
                work.record(AuditEvent(.accountRegistered, actor: account.id, subject: account.id, requestID: request.requestID, details: [
                    "invitation": accepted.id.rawValue, "organization": accepted.organization.slug], personal: request.personal))
                work.record(AuditEvent(.invitationAccepted, actor: account.id, subject: account.id, requestID: request.requestID, details: [
                    "invitation": accepted.id.rawValue, "organization": accepted.organization.slug, "via": "registration"]))
                try await invitations.join(account, accepted, in: work, request: request)
                return try await signIn.startSession(for: account, in: work, request: request)
            }
        } catch StoreError.alreadyTaken(let field) {
            throw AccountAdministration.taken(field)
        }
    }

    /// `registration: open` (development): an account with the typed address, unverified, and the
    /// verification mail; no session until the address is confirmed. An address that already has an
    /// account creates nothing: its owner is mailed a notice instead, and the answer is the same. A
    /// taken username is `already_taken` (usernames are not secret: people sign in with them).
    private func registerOpenly(_ registration: Registration, request: RequestInfo) async throws {
        guard let email = registration.email, !email.isEmpty else {
            throw GatehouseError.validation("email", "required", detail: "Give the address to register with, or the invitation's token.")
        }
        let new = try await accounts.prepare(AccountCreation(
            username: registration.username, email: email, password: registration.password, emailVerified: false, language: registration.language))
        do {
            try await units.run { work in
                if let holder = try await work.accounts.account(login: new.emailNormalized) {
                    try await invitations.mail.emailInUse(holder, in: work)
                    work.record(AuditEvent(.registrationRefused, subject: holder.id, requestID: request.requestID, details: ["reason": "email_in_use"],
                                           personal: request.personal))
                    return
                }
                let account = try await work.accounts.create(new)
                work.record(AuditEvent(.accountCreated, actor: account.id, subject: account.id, requestID: request.requestID, details: [
                    "roles": "", "verified": "false", "via": "open_registration"]))
                work.record(AuditEvent(.accountRegistered, actor: account.id, subject: account.id, requestID: request.requestID,
                                       personal: request.personal))
                try await invitations.mail.verifyEmail(account, in: work)
                work.record(AuditEvent(.emailVerificationSent, actor: account.id, subject: account.id, details: ["reason": "registration"]))
            }
        } catch StoreError.alreadyTaken(let field) {
            throw AccountAdministration.taken(field)
        }
    }
}
