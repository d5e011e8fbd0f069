import Foundation

/// Lifetimes of mailed links (CONTRACT.md `tokens.*`).
public struct LinkLifetimes: Sendable, Equatable {
    public var verification: Duration
    public var reset: Duration
    public var unlock: Duration

    public init(verification: Duration = .seconds(24 * 3600), reset: Duration = .seconds(3600), unlock: Duration = .seconds(24 * 3600)) {
        self.verification = verification
        self.reset = reset
        self.unlock = unlock
    }

    func lifetime(_ purpose: LinkPurpose) -> Duration {
        switch purpose {
        case .verifyEmail: verification
        case .passwordReset: reset
        case .unlock: unlock
        // Issued with the reissue's own delay (`issueLink(validFor:)`); this is only a fallback.
        case .cancelTwoFactorReissue: SignInConfiguration.defaultReissueDelay
        }
    }
}

/// The mails Gatehouse sends about an account, each written into the outbox inside the caller's
/// transaction together with the link tokens it carries. The tokens appear only in the sealed mail.
public struct AccountMail: Sendable {
    public let mailer: Mailer
    public let lifetimes: LinkLifetimes
    /// At most one failed-sign-in alert per account in this interval.
    public let failedSignInAlertInterval: Duration

    public init(mailer: Mailer, lifetimes: LinkLifetimes = LinkLifetimes(), failedSignInAlertInterval: Duration = .seconds(3600)) {
        self.mailer = mailer
        self.lifetimes = lifetimes
        self.failedSignInAlertInterval = failedSignInAlertInterval
    }

    var clock: any WallClock { mailer.clock }

    /// Creates a single-use token for `purpose` and returns the link carrying it.
    public func issueLink(_ purpose: LinkPurpose, path: String, for account: Account, email: String? = nil, validFor: Duration? = nil,
                          in work: Work) async throws -> String {
        let now = clock.now()
        let token = SecretToken.generate(mailer.random)
        try await work.linkTokens.create(LinkToken(
            tokenHash: SecretToken.hash(token), purpose: purpose, accountID: account.id, email: email, createdAt: now,
            expiresAt: now.addingTimeInterval((validFor ?? lifetimes.lifetime(purpose)).timeInterval)))
        return mailer.link(path, token: token)
    }

    public func send(_ kind: MailKind, to address: String, account: Account, values: [String: String], in work: Work) async throws {
        var values = values
        values["username"] = account.username
        try await mailer.enqueue(OutgoingMail(kind: kind, to: address, language: account.preferredLanguage, values: values, accountID: account.id), in: work)
    }

    static func hours(_ duration: Duration) -> String { String(max(1, Int(duration.timeInterval / 3600))) }
    static func minutes(_ duration: Duration) -> String { String(max(1, Int(duration.timeInterval / 60))) }

    // MARK: - The mails

    /// A link confirming the account's current address.
    public func verifyEmail(_ account: Account, in work: Work) async throws {
        let link = try await issueLink(.verifyEmail, path: "/verify-email", for: account, email: account.emailNormalized, in: work)
        try await send(.verifyEmail, to: account.email, account: account, values: [
            "link": link, "valid_hours": Self.hours(lifetimes.verification),
        ], in: work)
    }

    /// A link to the new address, and a notice to the old one.
    public func emailChange(_ account: Account, newEmail: String, newEmailNormalized: String, in work: Work) async throws {
        let link = try await issueLink(.verifyEmail, path: "/verify-email", for: account, email: newEmailNormalized, in: work)
        try await send(.emailChangeVerify, to: newEmail, account: account, values: [
            "link": link, "new_email": newEmail, "valid_hours": Self.hours(lifetimes.verification),
        ], in: work)
        try await send(.emailChangeRequested, to: account.email, account: account, values: ["new_email": newEmail], in: work)
    }

    public func emailChanged(_ account: Account, oldEmail: String, newEmail: String, in work: Work) async throws {
        try await send(.emailChanged, to: oldEmail, account: account, values: ["new_email": newEmail], in: work)
    }

    /// To the owner of an address someone tried to add to another account.
    public func emailInUse(_ holder: Account, in work: Work) async throws {
        try await send(.emailInUse, to: holder.email, account: holder, values: ["reset_link": mailer.link("/password-reset")], in: work)
    }

    public func passwordReset(_ account: Account, in work: Work) async throws {
        let link = try await issueLink(.passwordReset, path: "/password-reset/complete", for: account, in: work)
        try await send(.passwordReset, to: account.email, account: account, values: [
            "link": link, "valid_minutes": Self.minutes(lifetimes.reset),
        ], in: work)
    }

    /// Support created the account: a link to set the first password, valid as long as a verification
    /// link (a password-reset link underneath, so an expired one is replaced by "Forgot your password?").
    public func accountCreated(_ account: Account, in work: Work) async throws {
        let link = try await issueLink(.passwordReset, path: "/password-reset/complete", for: account, validFor: lifetimes.verification, in: work)
        try await send(.accountCreated, to: account.email, account: account, values: [
            "link": link, "valid_hours": Self.hours(lifetimes.verification), "login_link": mailer.link("/login"),
        ], in: work)
    }

    public func passwordChanged(_ account: Account, in work: Work) async throws {
        try await send(.passwordChanged, to: account.email, account: account, values: [
            "time": DisplayTime.format(clock.now()), "reset_link": mailer.link("/password-reset"),
        ], in: work)
    }

    /// The lockout mail: an unlock link and a password-reset link; either unlocks.
    public func accountLocked(_ account: Account, failedAttempts: Int, in work: Work) async throws {
        let unlock = try await issueLink(.unlock, path: "/unlock", for: account, in: work)
        let reset = try await issueLink(.passwordReset, path: "/password-reset/complete", for: account, in: work)
        try await send(.accountLocked, to: account.email, account: account, values: [
            "failed_attempts": String(failedAttempts), "unlock_link": unlock, "unlock_valid_hours": Self.hours(lifetimes.unlock),
            "reset_link": reset, "reset_valid_minutes": Self.minutes(lifetimes.reset),
        ], in: work)
    }

    /// "Someone tried to sign in to your account", at most once per `failedSignInAlertInterval`; with
    /// `passwordKnown` (a wrong code after the right password) "someone has your password", every time.
    /// Returns whether an alert was queued.
    @discardableResult
    public func failedSignIn(_ account: Account, client: SessionClient, ip: String?, passwordKnown: Bool = false,
                             in work: Work) async throws -> Bool {
        let now = clock.now()
        let claimed = try await work.accounts.claimFailedSignInAlert(account.id, notBefore: now.addingTimeInterval(-failedSignInAlertInterval.timeInterval), at: now)
        // A wrong code after the right password always tells the owner (the lockout bounds how often):
        // a wrong-password alert earlier in the hour must not hide that the password is known.
        guard claimed || passwordKnown else { return false }
        var values = signInDetails(account, client: client, ip: ip)
        let device = [client.browser, client.os].compactMap { $0 }.filter { !$0.isEmpty }
        if !device.isEmpty { values["device"] = device.joined(separator: ", ") }
        if passwordKnown { values["failed_step"] = "second_factor" }
        try await send(.failedSignIn, to: account.email, account: account, values: values, in: work)
        return true
    }

    /// Time, IP, place (in the recipient's language) and the reset link: what both sign-in alerts show.
    func signInDetails(_ account: Account, client: SessionClient, ip: String?) -> [String: String] {
        var values = ["time": DisplayTime.format(clock.now()), "ip": ip ?? "—", "reset_link": mailer.link("/password-reset")]
        let language = account.preferredLanguage
        let place = [client.city(in: language), client.country(in: language)].compactMap { $0 }
        if !place.isEmpty { values["location"] = place.joined(separator: ", ") }
        return values
    }

    /// "A sign-in from a new device or place", with the same details as the failed-attempt alert.
    public func newSignIn(_ account: Account, client: SessionClient, ip: String?, in work: Work) async throws {
        var values = signInDetails(account, client: client, ip: ip)
        values["sessions_link"] = mailer.link("/account")
        if let browser = client.browser, !browser.isEmpty { values["browser"] = browser }
        if let os = client.os, !os.isEmpty { values["os"] = os }
        try await send(.newSignIn, to: account.email, account: account, values: values, in: work)
    }

    public func usernameChanged(_ account: Account, oldUsername: String, in work: Work) async throws {
        try await send(.usernameChanged, to: account.email, account: account, values: ["old_username": oldUsername], in: work)
    }

    // MARK: - Two-factor authentication

    /// How to set up the authenticator, with a link to the setup page; never the secret or the QR code.
    public func twoFactorSetup(_ account: Account, in work: Work) async throws {
        try await send(.twoFactorSetup, to: account.email, account: account, values: ["setup_link": mailer.link("/two-factor/setup")], in: work)
    }

    /// Two-factor authentication was turned off for re-enrolment; `reason` is `administrator`,
    /// `password_reset` or `recovery`.
    public func twoFactorReset(_ account: Account, reason: String, in work: Work) async throws {
        try await send(.twoFactorReset, to: account.email, account: account, values: ["login_link": mailer.link("/login"), "reason": reason], in: work)
    }

    /// A password reset asked for a new authenticator without the backup code: when it takes effect,
    /// and a link that cancels it until then.
    public func twoFactorReissueScheduled(_ account: Account, effective: Date, cancelValidFor: Duration, in work: Work) async throws {
        let cancel = try await issueLink(.cancelTwoFactorReissue, path: "/two-factor/reissue/cancel", for: account, validFor: cancelValidFor, in: work)
        try await send(.twoFactorReissueScheduled, to: account.email, account: account, values: [
            "time": DisplayTime.format(clock.now()), "effective_time": DisplayTime.format(effective), "cancel_link": cancel,
        ], in: work)
    }

    public func backupCodeUsed(_ account: Account, ip: String?, in work: Work) async throws {
        try await send(.backupCodeUsed, to: account.email, account: account, values: [
            "time": DisplayTime.format(clock.now()), "ip": ip ?? "—", "reset_link": mailer.link("/password-reset"),
        ], in: work)
    }

    public func backupCodeRegenerated(_ account: Account, in work: Work) async throws {
        try await send(.backupCodeRegenerated, to: account.email, account: account, values: [
            "time": DisplayTime.format(clock.now()), "reset_link": mailer.link("/password-reset"),
        ], in: work)
    }

    /// An authenticator was set up from the account page: turned on, or `replaced` (a new device;
    /// the old secret and backup code are dead).
    public func twoFactorEnabled(_ account: Account, replaced: Bool, in work: Work) async throws {
        try await send(.twoFactorEnabled, to: account.email, account: account, values: [
            "time": DisplayTime.format(clock.now()), "replaced": String(replaced), "reset_link": mailer.link("/password-reset"),
        ], in: work)
    }

    /// An API token was created or given a new secret (`rotated`): what it is, from where, and the way
    /// to delete it.
    public func apiTokenIssued(_ account: Account, token: APIToken, rotated: Bool, ip: String?, in work: Work) async throws {
        try await send(.apiTokenIssued, to: account.email, account: account, values: [
            "time": DisplayTime.format(clock.now()), "ip": ip ?? "—", "token_name": token.name, "permission_group": token.permissionGroup,
            "expires": DisplayTime.format(token.expiresAt), "rotated": String(rotated), "tokens_link": mailer.link("/account#tokens"),
        ], in: work)
    }

    /// An administrator started temporary access to the account: who, why and until when.
    public func administratorAccessStarted(_ account: Account, administrator: String, reason: String, until: Date, in work: Work) async throws {
        try await send(.administratorAccessStarted, to: account.email, account: account, values: [
            "time": DisplayTime.format(clock.now()), "administrator": administrator, "reason": reason, "until": DisplayTime.format(until),
            "security_link": mailer.link("/account#security"),
        ], in: work)
    }

    public func twoFactorDisabled(_ account: Account, in work: Work) async throws {
        try await send(.twoFactorDisabled, to: account.email, account: account, values: [
            "time": DisplayTime.format(clock.now()), "reset_link": mailer.link("/password-reset"),
        ], in: work)
    }
}
