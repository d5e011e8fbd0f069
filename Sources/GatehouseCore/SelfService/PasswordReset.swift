import Foundation

extension SelfService {
    /// `POST /auth/password-reset`: validates the address, applies the rate limits and queues a job.
    /// Known and unknown addresses make exactly the same store and hasher calls (none of the latter);
    /// the worker looks the address up later.
    public func requestPasswordReset(email typed: String, request: RequestInfo) async throws {
        let email = try Self.normalizedEmail(typed)
        try await enforceResetLimits(ip: request.ip, address: email.normalized)
        try await enqueueJob(.passwordResetRequest, address: email.normalized, request: request)
    }

    /// The account a reset link belongs to, for the page a GET shows (nothing is consumed).
    public func peekPasswordReset(token: String) async throws -> Account? {
        guard let hash = try? Self.tokenHash(token),
              let link = try await store.linkTokens.find(tokenHash: hash, purpose: .passwordReset, now: clock.now()),
              let account = try await store.accounts.account(id: link.accountID), account.status == .active
        else { return nil }
        return account
    }

    /// What a reset did to the authenticator.
    public enum TwoFactorReissue: Sendable, Equatable {
        /// Not asked for, or no authenticator to reissue.
        case none
        /// The backup code was given: the authenticator is off now and the next sign-in enrols anew.
        case immediate
        /// Asked for without the backup code: it takes effect at this time unless the owner cancels.
        case scheduled(at: Date)
    }

    /// After a waiting reissue was cancelled, this long no new one without the backup code.
    public static let reissueCooldown: Duration = .seconds(30 * 86400)

    public struct PasswordResetOutcome: Sendable, Equatable {
        public var accountID: AccountID
        public var sessionsEnded: Int
        public var twoFactorReissue: TwoFactorReissue
        public var twoFactorReissued: Bool { twoFactorReissue != .none }
    }

    /// `POST /auth/password-reset/complete`. In one transaction: uses the token, sets the password,
    /// clears the lockout, ends every session, kills the account's other reset links and queues "your
    /// password was changed".
    ///
    /// With `reissueTwoFactor` the authenticator is set up anew, but a mailbox alone must not take over
    /// a two-factor account: with the account's backup code the authenticator is turned off at once;
    /// without it the reissue waits `password_reset.two_factor_reissue_delay` (sign-in keeps asking for
    /// codes meanwhile) and the owner is mailed a link to cancel it. Accounts with a platform role are
    /// never reissued this way (support resets those).
    public func completePasswordReset(token: String, newPassword: String, reissueTwoFactor: Bool, backupCode: String? = nil,
                                      request: RequestInfo) async throws -> PasswordResetOutcome {
        try await enforceResetLimits(ip: request.ip, address: nil)
        let hash = try Self.tokenHash(token)
        guard let account = try await peekPasswordReset(token: token) else { throw GatehouseError(.tokenInvalidOrExpired) }
        guard newPassword.utf8.count <= SignInService.maximumPasswordBytes else { throw GatehouseError.validation("new_password", "too_long") }
        if reissueTwoFactor && !configuration.allowTwoFactorReissue {
            throw GatehouseError.validation("reissue_two_factor", "not_allowed", detail: "Reissuing the authenticator with a password reset is turned off.")
        }
        if reissueTwoFactor && !account.roles.isEmpty {
            throw GatehouseError.validation("reissue_two_factor", "not_allowed",
                                            detail: "Accounts with a platform role have their two-factor authentication reset by support.")
        }
        // The owner turned a reissue down recently (signed in with a code, cancelled): someone who has
        // the mailbox, perhaps the password too, must not simply ask again and wait for a quiet spell.
        if reissueTwoFactor, backupCode?.trimmingCharacters(in: .whitespaces).isEmpty ?? true,
           let cancelled = account.twoFactorReissueCancelledAt, clock.now() < cancelled.addingTimeInterval(Self.reissueCooldown.timeInterval) {
            throw GatehouseError.validation("reissue_two_factor", "recently_cancelled",
                                            detail: "A new authenticator was recently turned down for this account: give the backup code, or ask support.")
        }
        try policy.check(newPassword, username: account.usernameNormalized, email: account.emailNormalized)
        let reissueWith: String? = reissueTwoFactor && account.twoFactor.isEnabled
            ? try await reissueBackupCode(backupCode, of: account, request: request) : nil
        let passwordHash = try await hasher.hash(newPassword)
        let now = clock.now()
        let (ended, reissue) = try await units.run { work in
            guard let link = try await work.linkTokens.consume(tokenHash: hash, purpose: .passwordReset, at: now), link.accountID == account.id else {
                throw GatehouseError(.tokenInvalidOrExpired)
            }
            guard let current = try await work.accounts.account(id: account.id), current.status == .active else {
                throw GatehouseError(.tokenInvalidOrExpired)
            }
            _ = try await work.accounts.setPasswordHash(account.id, passwordHash, at: now)
            _ = try await work.accounts.unlock(account.id, at: now)
            // The link came to this address: using it proves the mailbox (an account support created
            // is verified by setting its first password).
            if current.emailVerifiedAt == nil, try await work.accounts.markEmailVerified(account.id, normalized: current.emailNormalized, at: now) {
                work.record(AuditEvent(.emailVerified, actor: account.id, subject: account.id, requestID: request.requestID,
                                       details: ["via": "password_reset"], personal: request.personal))
            }
            let ended = try await work.revokeAllSessions(of: account.id, request: request)
            // A reset takes the account back: tokens someone else may have created die with the sessions.
            let tokens = try await work.apiTokens.deleteAll(accountID: account.id)
            try await work.linkTokens.expireAll(accountID: account.id, purpose: .passwordReset, at: now)
            try await work.linkTokens.expireAll(accountID: account.id, purpose: .unlock, at: now)
            // An email change someone else started with the old password dies with it.
            if current.pendingEmail != nil { _ = try await work.accounts.setPendingEmail(account.id, nil, at: now) }
            var reissue = TwoFactorReissue.none
            if reissueTwoFactor && current.twoFactor.isEnabled {
                reissue = try await reissueTwoFactorAuthenticator(current, backupCodeHash: reissueWith, in: work, request: request)
            } else if current.twoFactorReissueRequestedAt != nil {
                // A reset that does not ask for a new authenticator (the owner taking the account back)
                // cancels one an earlier reset asked for.
                try await signIn.cancelReissue(account.id, via: "password_reset", in: work, request: request)
            }
            try await mail.passwordChanged(current, in: work)
            if current.isLocked {
                work.record(AuditEvent(.accountUnlocked, subject: account.id, requestID: request.requestID,
                                       details: ["via": "password_reset"], personal: request.personal))
            }
            work.record(AuditEvent(.passwordResetCompleted, actor: account.id, subject: account.id, requestID: request.requestID, details: [
               "sessions_ended": String(ended.count), "tokens_deleted": String(tokens.count), "reissue_two_factor": String(reissue != .none),
               "pending_email_cancelled": String(current.pendingEmail != nil),
           ], personal: request.personal))
            work.forget(sessions: ended)
            work.forget(tokens: tokens)
            work.forget(account: account.id)
            return (ended, reissue)
        }
        return PasswordResetOutcome(accountID: account.id, sessionsEnded: ended.count, twoFactorReissue: reissue)
    }

    /// The stored hash of the backup code given with a reissue, when it matches; nil when none was
    /// given. A wrong one counts toward the lockout and `rate_limit.second_factor_per_account` and
    /// fails the reset (the link stays good, so the owner can correct a typo).
    func reissueBackupCode(_ typed: String?, of account: Account, request: RequestInfo) async throws -> String? {
        guard let typed, !typed.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return try await signIn.secondFactorAttempts.attempt(account.id, from: request.ip) {
            if BackupCode.matches(typed, account: account, keys: signIn.keys), let current = account.twoFactor.backupCodeHash {
                return current
            }
            try await refuseReissueBackupCode(account, request: request)
        }
    }

    /// A wrong backup code at a reset: counted toward the lockout and audited.
    private func refuseReissueBackupCode(_ account: Account, request: RequestInfo) async throws -> Never {
        try await units.run { work in
            let state = try await signIn.countFailure(account, client: signIn.clients.describe(ip: request.ip, userAgent: request.userAgent),
                                                      in: work, request: request)
            var details = ["method": "password_reset_reissue"]
            if let state { details["failed_attempts"] = String(state.failedAttempts) }
            work.record(AuditEvent(.twoFactorFailed, subject: account.id, requestID: request.requestID, details: details, personal: request.personal))
        }
        throw GatehouseError(.backupCodeInvalid)
    }

    /// Inside the reset's transaction: with the backup code the authenticator goes at once (the code
    /// is used up, conditionally, so it works once); without it the reissue is scheduled and the
    /// owner mailed a cancel link, valid until it takes effect.
    func reissueTwoFactorAuthenticator(_ account: Account, backupCodeHash: String?, in work: Work, request: RequestInfo) async throws -> TwoFactorReissue {
        let now = clock.now()
        if let backupCodeHash {
            guard try await work.credentials.clearTwoFactor(account.id, requiringBackupCode: backupCodeHash, at: now) else {
                throw GatehouseError(.backupCodeInvalid)
            }
            try await mail.twoFactorReset(account, reason: "password_reset", in: work)
            work.record(AuditEvent(.twoFactorReset, actor: account.id, subject: account.id, requestID: request.requestID,
                                   details: ["reason": "password_reset", "with": "backup_code"], personal: request.personal))
            return .immediate
        }
        let delay = signIn.configuration.twoFactorReissueDelay
        let effective = signIn.reissueEffective(requestedAt: now)
        _ = try await work.accounts.setTwoFactorReissue(account.id, now, at: now)
        try await work.linkTokens.expireAll(accountID: account.id, purpose: .cancelTwoFactorReissue, at: now)
        try await mail.twoFactorReissueScheduled(account, effective: effective, cancelValidFor: delay, in: work)
        work.record(AuditEvent(.twoFactorReissueScheduled, actor: account.id, subject: account.id, requestID: request.requestID,
                               details: ["effective_at": DisplayTime.format(effective)], personal: request.personal))
        return .scheduled(at: effective)
    }

    // MARK: - Cancelling a scheduled reissue

    /// When the reissue waiting on this account takes effect, if one waits.
    public func reissueEffectiveAt(_ account: Account) -> Date? {
        account.twoFactorReissueRequestedAt.map(signIn.reissueEffective(requestedAt:))
    }

    /// Whether a reset may offer "set up two-factor authentication again" for this account: allowed by
    /// the configuration, an authenticator to reissue, and no platform role (support resets those).
    public func offersTwoFactorReissue(to account: Account) -> Bool {
        configuration.allowTwoFactorReissue && account.twoFactor.isEnabled && account.roles.isEmpty
    }

    /// Whether a cancel link from the "new authenticator requested" mail is still good (for its page).
    public func peekReissueCancellation(token: String) async throws -> Bool {
        try await isLive(token, .cancelTwoFactorReissue)
    }

    /// `POST /two-factor/reissue/cancel` from the mail's link: the authenticator stays as it is.
    public func cancelTwoFactorReissue(token: String, request: RequestInfo) async throws {
        try await useLink(token, .cancelTwoFactorReissue, request: request) { link, work in
            try await signIn.cancelReissue(link.accountID, via: "mail_link", in: work, request: request)
        }
    }

    /// `POST /api/v1/account/two-factor/reissue/cancel` from any signed-in session of the account.
    /// Returns whether a reissue was waiting.
    @discardableResult
    public func cancelTwoFactorReissue(record: SessionRecord, request: RequestInfo) async throws -> Bool {
        try await units.run { work in
            guard let account = try await work.accounts.account(id: record.account.id), account.twoFactorReissueRequestedAt != nil else { return false }
            try await signIn.cancelReissue(account.id, via: "session", in: work, request: request)
            return true
        }
    }

    // MARK: - Unlock by link

    /// Whether an unlock link is still good (for the confirm page).
    public func peekUnlock(token: String) async throws -> Bool {
        try await isLive(token, .unlock)
    }

    /// `POST /auth/unlock/complete`: uses the token from the lockout mail and unlocks the account.
    public func completeUnlock(token: String, request: RequestInfo) async throws {
        try await useLink(token, .unlock, request: request) { link, work in
            let now = clock.now()
            let wasLocked = try await work.accounts.account(id: link.accountID)?.isLocked ?? false
            guard try await work.accounts.unlock(link.accountID, at: now) else { throw GatehouseError(.tokenInvalidOrExpired) }
            try await work.linkTokens.expireAll(accountID: link.accountID, purpose: .unlock, at: now)
            work.record(AuditEvent(.accountUnlocked, actor: link.accountID, subject: link.accountID, requestID: request.requestID,
                                   details: ["via": "unlock_link", "was_locked": String(wasLocked)], personal: request.personal))
        }
    }

    // MARK: - Mailed links

    /// Whether a mailed link's token is still good, for the page a GET shows (nothing is consumed).
    func isLive(_ token: String, _ purpose: LinkPurpose) async throws -> Bool {
        guard let hash = try? Self.tokenHash(token) else { return false }
        return try await store.linkTokens.find(tokenHash: hash, purpose: purpose, now: clock.now()) != nil
    }

    /// Uses a mailed link's token (single use) under the reset family's rate limits and runs `body` in
    /// the same transaction; an unknown, used or expired token answers `token_invalid_or_expired`.
    func useLink(_ token: String, _ purpose: LinkPurpose, request: RequestInfo,
                 _ body: @Sendable (LinkToken, Work) async throws -> Void) async throws {
        try await enforceResetLimits(ip: request.ip, address: nil)
        let hash = try Self.tokenHash(token)
        let now = clock.now()
        try await units.run { work in
            guard let link = try await work.linkTokens.consume(tokenHash: hash, purpose: purpose, at: now) else {
                throw GatehouseError(.tokenInvalidOrExpired)
            }
            try await body(link, work)
        }
    }
}
