import Foundation

extension SelfService {
    /// Checks the current password of a signed-in person (one Argon2id verification). A wrong one
    /// counts toward the lockout like a failed sign-in and answers `invalid_credentials`.
    func confirmPassword(_ password: String, for record: SessionRecord, request: RequestInfo) async throws -> Account {
        guard password.utf8.count <= SignInService.maximumPasswordBytes else { throw GatehouseError(.invalidCredentials) }
        guard let account = try await store.accounts.account(id: record.account.id) else { throw GatehouseError(.unauthenticated) }
        // A stolen session must not become an unlimited password oracle: the sign-in limit per account
        // applies, and a locked account confirms nothing (the guess is not even checked).
        try await limiter.enforce([("login_per_account", account.usernameNormalized, signIn.configuration.loginPerAccount)])
        let matches = try await hasher.verify(password, against: account.passwordHash)
        guard !account.isLocked else { throw GatehouseError(.invalidCredentials) }
        guard matches else {
            try await units.run { work in
                _ = try await signIn.countFailure(account, client: record.session.client, in: work, request: request)
                work.record(AuditEvent(.passwordConfirmationFailed, actor: account.id, subject: account.id, requestID: request.requestID,
                                       details: ["session": record.session.id.rawValue], personal: request.personal))
            }
            throw GatehouseError(.invalidCredentials)
        }
        return account
    }

    /// Refuses, rolling back the caller's transaction, when this session ended while the request was
    /// under way (a password reset or change elsewhere during the password hashing). Called after the
    /// transaction's first write, so on PostgreSQL it also waits for such a change to commit.
    func requireLiveSession(_ record: SessionRecord, in work: Work) async throws {
        guard try await work.sessions.session(id: record.session.id) != nil else {
            throw GatehouseError(.unauthenticated, detail: "The session ended meanwhile; sign in again.")
        }
    }

    /// `POST /account/reauthenticate`: a confirmed password restarts `reauth_window` for this session.
    public func reauthenticate(password: String, by record: SessionRecord, request: RequestInfo) async throws {
        let account = try await confirmPassword(password, for: record, request: request)
        try await units.run { work in
            try await work.sessions.reauthenticated(record.session.id, at: clock.now())
            work.record(AuditEvent(.reauthenticated, actor: account.id, subject: account.id, requestID: request.requestID,
                                   details: ["session": record.session.id.rawValue], personal: request.personal))
            work.forget(session: record.session.id)
        }
    }

    /// `POST /account/password`: ends every other session and mails a notice.
    public func changePassword(current: String, new newPassword: String, by record: SessionRecord, request: RequestInfo) async throws {
        guard newPassword.utf8.count <= SignInService.maximumPasswordBytes else { throw GatehouseError.validation("new_password", "too_long") }
        let account = try await confirmPassword(current, for: record, request: request)
        try policy.check(newPassword, username: account.usernameNormalized, email: account.emailNormalized)
        let passwordHash = try await hasher.hash(newPassword)
        let now = clock.now()
        try await units.run { work in
            _ = try await work.accounts.setPasswordHash(account.id, passwordHash, at: now)
            let ended = try await work.revokeAllSessions(of: account.id, except: record.session.id, request: request)
            try await work.linkTokens.expireAll(accountID: account.id, purpose: .passwordReset, at: now)
            // An email change started with the old password (perhaps by whoever knew it) is cancelled.
            if account.pendingEmail != nil { _ = try await work.accounts.setPendingEmail(account.id, nil, at: now) }
            // So is a two-factor reissue a password reset asked for: the owner has the account back.
            if account.twoFactorReissueRequestedAt != nil {
                try await signIn.cancelReissue(account.id, via: "password_change", in: work, request: request)
            }
            try await requireLiveSession(record, in: work)
            try await mail.passwordChanged(account, in: work)
            work.record(AuditEvent(.passwordChanged, actor: account.id, subject: account.id, requestID: request.requestID,
                                   details: ["other_sessions_ended": String(ended.count)], personal: request.personal))
            work.forget(sessions: ended)
        }
    }

    /// `POST /account/username`: a unique new username (409 `already_taken` otherwise).
    public func changeUsername(to typed: String, current: String, by record: SessionRecord, request: RequestInfo) async throws -> Account {
        let username: (display: String, normalized: String)
        do {
            username = try IdentifierNormalizer.username(typed)
        } catch {
            throw GatehouseError.validation("username", error.rawValue, detail: AccountAdministration.describe(error, field: "username"))
        }
        let account = try await confirmPassword(current, for: record, request: request)
        guard username.display != account.username else { return account }
        let now = clock.now()
        do {
            let updated = try await units.run { work in
                _ = try await work.accounts.setUsername(account.id, username: username.display, normalized: username.normalized, at: now)
                try await requireLiveSession(record, in: work)
                guard let updated = try await work.accounts.account(id: account.id) else { throw GatehouseError(.unauthenticated) }
                try await mail.usernameChanged(updated, oldUsername: account.username, in: work)
                work.record(AuditEvent(.usernameChanged, actor: account.id, subject: account.id, requestID: request.requestID, personal: request.personal))
                work.forget(account: account.id)
                return updated
            }
            return updated
        } catch StoreError.alreadyTaken {
            throw GatehouseError(.alreadyTaken, detail: "That username is already in use.", errors: [FieldError(field: "username", code: "already_taken")])
        }
    }

    /// `POST /account/email`: always the same answer. The new address gets a link and the old one a
    /// notice; the old address keeps working until the link is used. If another account already has the
    /// address, that account's owner is told instead and nothing changes here.
    public func changeEmail(to typed: String, current: String, by record: SessionRecord, request: RequestInfo) async throws {
        let email = try Self.normalizedEmail(typed)
        try await enforceResetLimits(ip: request.ip, address: email.normalized)
        let account = try await confirmPassword(current, for: record, request: request)
        let now = clock.now()
        try await units.run { work in
            if email.normalized == account.emailNormalized {
                // Back to the current address: drop a pending change.
                _ = try await work.accounts.setPendingEmail(account.id, nil, at: now)
                try await requireLiveSession(record, in: work)
                try await work.linkTokens.expireAll(accountID: account.id, purpose: .verifyEmail, at: now)
                work.record(AuditEvent(.emailChangeRequested, actor: account.id, subject: account.id, requestID: request.requestID,
                                       details: ["outcome": "unchanged"], personal: request.personal))
                return
            }
            // The same writes and the same visible state (pending address, notice to the old address)
            // whether or not another account holds the address; only the link differs, and it goes
            // nowhere the requester can see.
            _ = try await work.accounts.setPendingEmail(account.id, email.display, at: now)
            try await requireLiveSession(record, in: work)
            try await work.linkTokens.expireAll(accountID: account.id, purpose: .verifyEmail, at: now)
            if let holder = try await work.accounts.account(login: email.normalized) {
                try await mail.emailInUse(holder, in: work)
                try await mail.send(.emailChangeRequested, to: account.email, account: account, values: ["new_email": email.display], in: work)
                work.record(AuditEvent(.emailChangeRequested, actor: account.id, subject: account.id, requestID: request.requestID,
                                       details: ["outcome": "address_in_use"], personal: request.personal))
                return
            }
            try await mail.emailChange(account, newEmail: email.display, newEmailNormalized: email.normalized, in: work)
            work.record(AuditEvent(.emailChangeRequested, actor: account.id, subject: account.id, requestID: request.requestID,
                                   details: ["outcome": "link_sent"], personal: request.personal))
        }
    }

    /// `PUT /account/language`.
    public func setLanguage(_ language: Language, by record: SessionRecord, request: RequestInfo) async throws {
        let now = clock.now()
        try await units.run { work in
            _ = try await work.accounts.setPreferredLanguage(record.account.id, language, at: now)
            work.record(AuditEvent(.languageChanged, actor: record.account.id, subject: record.account.id, requestID: request.requestID,
                                   details: ["language": language.rawValue], personal: request.personal))
        }
    }
}
