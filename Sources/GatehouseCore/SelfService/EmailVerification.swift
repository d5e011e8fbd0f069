import Foundation

extension SelfService {
    /// `POST /auth/email-verification` from a pending session: a new link to the session's address.
    /// Always succeeds for the caller (within the rate limits).
    public func resendVerification(for record: SessionRecord, request: RequestInfo) async throws {
        try await enforceResetLimits(ip: request.ip, address: record.account.emailNormalized)
        guard record.account.emailVerifiedAt == nil else { return }
        try await units.run { work in
            guard let account = try await work.accounts.account(id: record.account.id), account.emailVerifiedAt == nil else { return }
            try await mail.verifyEmail(account, in: work)
            work.record(AuditEvent(.emailVerificationSent, actor: account.id, subject: account.id, requestID: request.requestID,
                                   details: ["reason": "resend"], personal: request.personal))
        }
    }

    /// `POST /auth/email-verification {email}` without a session: queued like a password reset, so the
    /// answer and the work done do not depend on the address.
    public func resendVerification(email typed: String, request: RequestInfo) async throws {
        let email = try Self.normalizedEmail(typed)
        try await enforceResetLimits(ip: request.ip, address: email.normalized)
        try await enqueueJob(.verificationRequest, address: email.normalized, request: request)
    }

    /// The account and address a verification link would confirm (for the confirm page).
    public func peekVerification(token: String) async throws -> LinkToken? {
        guard let hash = try? Self.tokenHash(token) else { return nil }
        return try await store.linkTokens.find(tokenHash: hash, purpose: .verifyEmail, now: clock.now())
    }

    public struct VerificationOutcome: Sendable {
        public var account: Account
        /// The caller's pending session moved on to its next status (new token), when it was this
        /// account's session waiting at `email_verification_required`.
        public var advanced: SignInResult?
        public var changedAddress: Bool
    }

    /// `POST /auth/email-verification/complete`: uses the link. A link for the current address marks
    /// it verified; a link for a pending new address makes it the account's address (the old one is
    /// told). A session of this account waiting at `email_verification_required` moves on.
    public func completeVerification(token: String, session: SessionRecord?, request: RequestInfo) async throws -> VerificationOutcome {
        try await enforceResetLimits(ip: request.ip, address: nil)
        let hash = try Self.tokenHash(token)
        let now = clock.now()
        let outcome: VerificationOutcome = try await units.run { work in
            guard let link = try await work.linkTokens.consume(tokenHash: hash, purpose: .verifyEmail, at: now),
                  let address = link.email,
                  let account = try await work.accounts.account(id: link.accountID), account.status == .active
            else { throw GatehouseError(.tokenInvalidOrExpired) }
            var changed = false
            if address == account.emailNormalized {
                guard try await work.accounts.markEmailVerified(account.id, normalized: address, at: now) else { throw GatehouseError(.tokenInvalidOrExpired) }
                work.record(AuditEvent(.emailVerified, actor: account.id, subject: account.id, requestID: request.requestID, personal: request.personal))
            } else if let pending = account.pendingEmail, let normalizedPending = try? IdentifierNormalizer.email(pending), normalizedPending.normalized == address {
                do {
                    _ = try await work.accounts.setEmail(account.id, email: normalizedPending.display, normalized: address, verifiedAt: now, at: now)
                } catch StoreError.alreadyTaken {
                    // Taken by another account since the link was sent: the link can no longer work.
                    throw GatehouseError(.tokenInvalidOrExpired)
                }
                // Links mailed to the old address stop working with it.
                for purpose in LinkPurpose.allCases { try await work.linkTokens.expireAll(accountID: account.id, purpose: purpose, at: now) }
                try await mail.emailChanged(account, oldEmail: account.email, newEmail: normalizedPending.display, in: work)
                work.record(AuditEvent(.emailChanged, actor: account.id, subject: account.id, requestID: request.requestID, personal: request.personal))
                changed = true
            } else {
                // A link for an address the account no longer has or wants.
                throw GatehouseError(.tokenInvalidOrExpired)
            }
            guard let updated = try await work.accounts.account(id: account.id) else { throw GatehouseError(.tokenInvalidOrExpired) }
            var advanced: SignInResult?
            if let session, session.account.id == account.id, session.session.status == .emailVerificationRequired {
                advanced = try await signIn.advance(session, completing: .emailVerification, account: updated, in: work, request: request)
            }
            if changed { work.forget(account: account.id) }
            return VerificationOutcome(account: updated, advanced: advanced, changedAddress: changed)
        }
        return outcome
    }
}
