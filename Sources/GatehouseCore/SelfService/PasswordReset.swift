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

    public struct PasswordResetOutcome: Sendable, Equatable {
        public var accountID: AccountID
        public var sessionsEnded: Int
        public var twoFactorReissued: Bool
    }

    /// `POST /auth/password-reset/complete`. In one transaction: uses the token, sets the password,
    /// clears the lockout, ends every session, kills the account's other reset links, queues "your
    /// password was changed", and (when asked and allowed) flags the authenticator for re-enrolment.
    public func completePasswordReset(token: String, newPassword: String, reissueTwoFactor: Bool, request: RequestInfo) async throws -> PasswordResetOutcome {
        try await enforceResetLimits(ip: request.ip, address: nil)
        let hash = try Self.tokenHash(token)
        guard let account = try await peekPasswordReset(token: token) else { throw GatehouseError(.tokenInvalidOrExpired) }
        guard newPassword.utf8.count <= SignInService.maximumPasswordBytes else { throw GatehouseError.validation("new_password", "too_long") }
        if reissueTwoFactor && !configuration.allowTwoFactorReissue {
            throw GatehouseError.validation("reissue_two_factor", "not_allowed", detail: "Reissuing the authenticator with a password reset is turned off.")
        }
        try policy.check(newPassword, username: account.usernameNormalized, email: account.emailNormalized)
        let passwordHash = try await hasher.hash(newPassword)
        let now = clock.now()
        let ended = try await trail.transaction(store) { tx, audit in
            guard let link = try await tx.linkTokens.consume(tokenHash: hash, purpose: .passwordReset, at: now), link.accountID == account.id else {
                throw GatehouseError(.tokenInvalidOrExpired)
            }
            guard let current = try await tx.accounts.account(id: account.id), current.status == .active else {
                throw GatehouseError(.tokenInvalidOrExpired)
            }
            _ = try await tx.accounts.setPasswordHash(account.id, passwordHash, at: now)
            _ = try await tx.accounts.unlock(account.id, at: now)
            let ended = try await tx.sessions.revokeAll(accountID: account.id, except: nil)
            try await tx.linkTokens.invalidate(accountID: account.id, purpose: .passwordReset, at: now)
            try await tx.linkTokens.invalidate(accountID: account.id, purpose: .unlock, at: now)
            // An email change someone else started with the old password dies with it.
            if current.pendingEmail != nil { _ = try await tx.accounts.setPendingEmail(account.id, nil, at: now) }
            if reissueTwoFactor { _ = try await tx.accounts.setTwoFactorReissue(account.id, now, at: now) }
            try await mail.passwordChanged(current, in: tx)
            if current.isLocked {
                audit.record(AuditEvent(.accountUnlocked, subject: account.id, requestID: request.requestID,
                                        details: ["via": "password_reset"], personal: request.personal))
            }
            audit.record(AuditEvent(.passwordResetCompleted, actor: account.id, subject: account.id, requestID: request.requestID, details: [
                "sessions_ended": String(ended.count), "reissue_two_factor": String(reissueTwoFactor),
                "pending_email_cancelled": String(current.pendingEmail != nil),
            ], personal: request.personal))
            return ended
        }
        cache.invalidate(sessions: ended)
        cache.invalidate(account: account.id)
        mailer.nudge()
        return PasswordResetOutcome(accountID: account.id, sessionsEnded: ended.count, twoFactorReissued: reissueTwoFactor)
    }

    // MARK: - Unlock by link

    /// Whether an unlock link is still good (for the confirm page).
    public func peekUnlock(token: String) async throws -> Bool {
        guard let hash = try? Self.tokenHash(token) else { return false }
        return try await store.linkTokens.find(tokenHash: hash, purpose: .unlock, now: clock.now()) != nil
    }

    /// `POST /auth/unlock/complete`: uses the token from the lockout mail and unlocks the account.
    public func completeUnlock(token: String, request: RequestInfo) async throws {
        try await enforceResetLimits(ip: request.ip, address: nil)
        let hash = try Self.tokenHash(token)
        let now = clock.now()
        try await trail.transaction(store) { tx, audit in
            guard let link = try await tx.linkTokens.consume(tokenHash: hash, purpose: .unlock, at: now) else {
                throw GatehouseError(.tokenInvalidOrExpired)
            }
            let wasLocked = try await tx.accounts.account(id: link.accountID)?.isLocked ?? false
            guard try await tx.accounts.unlock(link.accountID, at: now) else { throw GatehouseError(.tokenInvalidOrExpired) }
            try await tx.linkTokens.invalidate(accountID: link.accountID, purpose: .unlock, at: now)
            audit.record(AuditEvent(.accountUnlocked, actor: link.accountID, subject: link.accountID, requestID: request.requestID,
                                    details: ["via": "unlock_link", "was_locked": String(wasLocked)], personal: request.personal))
        }
    }
}
