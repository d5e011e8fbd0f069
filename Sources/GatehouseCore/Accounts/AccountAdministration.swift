import Foundation

/// What an administrator asks for when creating an account (CLI `user create`, `POST /api/v1/admin/users`).
public struct AccountCreation: Sendable {
    public var username: String
    public var email: String
    public var password: String
    public var roles: Set<Role>
    public var emailVerified: Bool
    public var language: Language

    public init(username: String, email: String, password: String, roles: Set<Role> = [], emailVerified: Bool = false, language: Language = .en) {
        self.username = username
        self.email = email
        self.password = password
        self.roles = roles
        self.emailVerified = emailVerified
        self.language = language
    }
}

/// Creating, finding, disabling, enabling and unlocking accounts on an administrator's behalf.
public struct AccountAdministration: Sendable {
    public let store: any Store
    public let hasher: any PasswordHasher
    public let policy: PasswordPolicy
    public let trail: AuditTrail
    public let clock: any WallClock
    public let random: any RandomSource
    /// This instance's forward-auth cache, dropped at once for a disabled account.
    public let cache: SessionCache?
    /// Sends the verification link of an account created unverified; nil sends none.
    public let mail: AccountMail?
    public let units: UnitOfWork

    public init(store: any Store, hasher: any PasswordHasher, policy: PasswordPolicy, trail: AuditTrail,
                clock: any WallClock = SystemWallClock(), random: any RandomSource = SystemRandomSource(), cache: SessionCache? = nil,
                mail: AccountMail? = nil) {
        self.store = store
        self.hasher = hasher
        self.policy = policy
        self.trail = trail
        self.clock = clock
        self.random = random
        self.cache = cache
        self.mail = mail
        self.units = UnitOfWork(store: store, trail: trail, cache: cache, outbox: mail?.mailer.signal)
    }

    /// Validates everything first, hashes, then inserts in one statement: a refused account leaves no row,
    /// and two parallel creations of one name give exactly one account (the unique index decides).
    /// `actor` is the administrator acting, or nil for the command line.
    public func create(_ request: AccountCreation, actor: AccountID? = nil) async throws -> Account {
        let new = try await prepare(request)
        do {
            let account = try await units.run { work in
                let account = try await work.accounts.create(new)
                work.record(AuditEvent(.accountCreated, actor: actor, subject: account.id, details: [
                   "roles": request.roles.sorted().map(\.name).joined(separator: ","), "verified": String(request.emailVerified),
               ]))
                if !request.emailVerified, let mail {
                    try await mail.verifyEmail(account, in: work)
                    work.record(AuditEvent(.emailVerificationSent, actor: actor, subject: account.id, details: ["reason": "account_created"]))
                }
                return account
            }
            return account
        } catch StoreError.alreadyTaken(let field) {
            throw Self.taken(field)
        }
    }

    /// An account support creates for someone (`POST /api/v1/admin/users`): no password travels; the
    /// person gets a "set your password" link by mail (a password-reset link that lives as long as a
    /// verification link), and using it verifies the address. With `organization`, the account joins
    /// it with `orgRole` (member by default) in the same unit of work.
    public func createWithSetPasswordMail(username: String, email: String, roles: Set<Role> = [], organization slug: String? = nil,
                                          orgRole: OrgRole = .member, actor: AccountID?, request: RequestInfo = RequestInfo()) async throws -> Account {
        guard let mail else { throw GatehouseError(.internalError) }
        // Nobody knows this password: the account signs in once its owner has set one.
        let new = try await prepare(AccountCreation(username: username, email: email, password: SecretToken.generate(random), roles: roles))
        do {
            return try await units.run { work in
                var details = ["roles": roles.sorted().map(\.name).joined(separator: ","), "verified": "false", "set_password_mail": "true"]
                let organization: Organization?
                if let slug {
                    guard let found = try await work.organizations.organization(slug: slug) else {
                        throw GatehouseError(.notFound, detail: "No organisation has that slug.")
                    }
                    organization = found
                    details["organization"] = found.slug
                } else {
                    organization = nil
                }
                let account = try await work.accounts.create(new)
                work.record(AuditEvent(.accountCreated, actor: actor, subject: account.id, requestID: request.requestID, details: details,
                                       personal: request.personal))
                if let organization {
                    try await work.organizations.setMembership(account.id, in: organization.id, role: orgRole, at: new.createdAt)
                    work.record(AuditEvent(.organizationMemberAdded, actor: actor, subject: account.id, requestID: request.requestID,
                                           details: ["organization": organization.slug, "org_role": orgRole.rawValue]))
                }
                try await mail.accountCreated(account, in: work)
                return try await work.accounts.account(id: account.id) ?? account
            }
        } catch StoreError.alreadyTaken(let field) {
            throw Self.taken(field)
        }
    }

    /// `already_taken` on the field a unique index refused.
    public static func taken(_ field: String) -> GatehouseError {
        GatehouseError(.alreadyTaken, detail: "That \(field) is already in use.", errors: [FieldError(field: field, code: "already_taken")])
    }

    /// The row for a new account: username, address and password checked, the password hashed. Nothing
    /// is written; the caller inserts it in its own unit of work.
    public func prepare(_ request: AccountCreation) async throws -> NewAccount {
        let username: (display: String, normalized: String)
        let email: (display: String, normalized: String)
        do {
            username = try IdentifierNormalizer.username(request.username)
        } catch {
            throw GatehouseError.validation("username", error.rawValue, detail: Self.describe(error, field: "username"))
        }
        do {
            email = try IdentifierNormalizer.email(request.email)
        } catch {
            throw GatehouseError.validation("email", error.rawValue, detail: Self.describe(error, field: "email"))
        }
        try policy.check(request.password, username: username.normalized, email: email.normalized)
        let hash = try await hasher.hash(request.password)
        let now = clock.now()
        return NewAccount(
            id: random.accountID(at: now), username: username.display, usernameNormalized: username.normalized,
            email: email.display, emailNormalized: email.normalized, emailVerifiedAt: request.emailVerified ? now : nil,
            passwordHash: hash, roles: request.roles, preferredLanguage: request.language, createdAt: now)
    }

    /// Finds an account by username or email, normalised the same way as at creation.
    public func find(_ login: String) async throws -> Account? {
        let folded = IdentifierNormalizer.fold(login)
        guard !folded.isEmpty else { return nil }
        return try await store.accounts.account(login: folded)
    }

    /// One page of accounts whose normalised username or email starts with `query` (folded as at
    /// sign-in; empty: everyone), by username, and the cursor of the next page (nil: the last page).
    public func search(query: String?, cursor: String?, limit: Int) async throws -> (accounts: [Account], next: String?) {
        var after: AccountCursor?
        if let cursor, !cursor.isEmpty {
            guard let parsed = AccountCursor(token: cursor) else {
                throw GatehouseError.validation("cursor", "invalid", detail: "That cursor is not one this list gave.")
            }
            after = parsed
        }
        guard (1...200).contains(limit) else {
            throw GatehouseError.validation("limit", "out_of_range", detail: "A page holds 1 to 200 accounts.")
        }
        let folded = query.map(IdentifierNormalizer.fold).flatMap { $0.isEmpty ? nil : $0 }
        // One more than asked says whether another page follows.
        let found = try await store.accounts.search(prefix: folded, after: after, limit: limit + 1)
        let page = Array(found.prefix(limit))
        return (page, found.count > limit ? page.last.map { AccountCursor(after: $0).token } : nil)
    }

    /// Replaces the account's platform roles. Through the API (`actor` set) the last active
    /// administrator keeps `admin`. Every cached lookup of the account (and of its API tokens) is
    /// dropped at once, so what it may do changes on the next request.
    public func setRoles(id: AccountID, roles rawRoles: [String], actor: AccountID?, request: RequestInfo = RequestInfo()) async throws -> Account {
        var roles = Set<Role>()
        for raw in rawRoles { roles.insert(try Role.validated(raw)) }
        let account = try await require(id: id)
        guard roles != account.roles else { return account }
        let now = clock.now()
        let granted = roles
        try await units.run { work in
            if account.isAdmin, !granted.contains(.admin), account.status == .active {
                try await Self.keepLastAdministrator(in: work)
            }
            _ = try await work.accounts.setRoles(account.id, granted, at: now)
            work.record(AuditEvent(.rolesChanged, actor: actor, subject: account.id, requestID: request.requestID, details: [
                "from": account.roles.sorted().map(\.name).joined(separator: ","), "to": granted.sorted().map(\.name).joined(separator: ","),
            ], personal: request.personal))
            work.forget(account: account.id)
        }
        return try await require(id: id)
    }

    /// An account as support sees it: the account, its sessions and its newest security events.
    public func detail(id: AccountID, events limit: Int = 50) async throws -> (account: Account, sessions: [Session], events: [AuditRecord]) {
        let account = try await require(id: id)
        return (account, try await store.sessions.list(accountID: id), try await store.auditLog.recent(subject: id, limit: limit))
    }

    /// The account with this id; `not_found` otherwise.
    public func account(id: AccountID) async throws -> Account {
        try await require(id: id)
    }

    /// The account as the store has it now.
    public func current(_ account: Account) async throws -> Account {
        try await store.accounts.account(id: account.id) ?? account
    }

    /// Disables the account and ends all its sessions, in one transaction.
    public func disable(_ login: String, actor: AccountID? = nil) async throws -> Account {
        try await disable(account: try await require(login), actor: actor)
    }

    public func disable(id: AccountID, actor: AccountID?, request: RequestInfo = RequestInfo()) async throws -> Account {
        try await disable(account: try await require(id: id), actor: actor, request: request)
    }

    /// Through the API (`actor` set) an administrator cannot disable their own account or the last
    /// active administrator; the CLI, the operator's tool for recovery, can.
    private func disable(account: Account, actor: AccountID?, request: RequestInfo = RequestInfo()) async throws -> Account {
        if let actor {
            guard actor != account.id else { throw GatehouseError(.forbidden, detail: "You cannot disable your own account.") }
        }
        let now = clock.now()
        try await units.run { work in
            if actor != nil, account.isAdmin, account.status == .active {
                try await Self.keepLastAdministrator(in: work)
            }
            _ = try await work.accounts.setStatus(account.id, .disabled, at: now)
            // A pending email change cannot complete for a disabled account.
            if account.pendingEmail != nil { _ = try await work.accounts.setPendingEmail(account.id, nil, at: now) }
            let ended = try await work.revokeAllSessions(of: account.id, request: request)
            // Enabling the account again does not bring its API tokens back.
            let tokens = try await work.apiTokens.deleteAll(accountID: account.id)
            work.record(AuditEvent(.accountDisabled, actor: actor, subject: account.id, requestID: request.requestID,
                                   details: ["sessions_ended": String(ended.count), "tokens_deleted": String(tokens.count)],
                                   personal: request.personal))
            work.forget(account: account.id)
            work.forget(sessions: ended)
            work.forget(tokens: tokens)
        }
        return account
    }

    public func enable(_ login: String, actor: AccountID? = nil) async throws -> Account {
        try await enable(account: try await require(login), actor: actor)
    }

    public func enable(id: AccountID, actor: AccountID?, request: RequestInfo = RequestInfo()) async throws -> Account {
        try await enable(account: try await require(id: id), actor: actor, request: request)
    }

    private func enable(account: Account, actor: AccountID?, request: RequestInfo = RequestInfo()) async throws -> Account {
        let now = clock.now()
        try await units.run { work in
            _ = try await work.accounts.setStatus(account.id, .active, at: now)
            work.record(AuditEvent(.accountEnabled, actor: actor, subject: account.id, requestID: request.requestID, personal: request.personal))
        }
        return account
    }

    /// Clears the lock and the failure count. Existing sessions were never ended by the lock.
    /// Turns the account's authenticator off for re-enrolment at its next sign-in, ends its sessions,
    /// mails the owner and audits who did it (API `reset-two-factor`, CLI `user reset-two-factor`).
    public func resetTwoFactor(_ login: String, actor: AccountID? = nil, request: RequestInfo = RequestInfo()) async throws -> Account {
        try await resetTwoFactor(account: try await require(login), actor: actor, request: request)
    }

    public func resetTwoFactor(id: AccountID, actor: AccountID?, request: RequestInfo = RequestInfo()) async throws -> Account {
        try await resetTwoFactor(account: try await require(id: id), actor: actor, request: request)
    }

    func resetTwoFactor(account: Account, actor: AccountID?, request: RequestInfo) async throws -> Account {
        let now = clock.now()
        try await units.run { work in
            // The owner's row first, as a token creation racing this does (APITokens.lockLiveOwner).
            try await work.apiTokens.lockOwner(account.id)
            _ = try await work.credentials.clearTwoFactor(account.id, requiringBackupCode: nil, at: now)
            let ended = try await work.revokeAllSessions(of: account.id, request: request)
            let tokens = try await work.apiTokens.deleteAll(accountID: account.id)
            try await mail?.twoFactorReset(account, reason: "administrator", in: work)
            work.record(AuditEvent(.twoFactorReset, actor: actor, subject: account.id, requestID: request.requestID,
                                   details: ["reason": "administrator", "was_enabled": String(account.twoFactor.isEnabled),
                                             "sessions_ended": String(ended.count), "tokens_deleted": String(tokens.count)],
                                   personal: request.personal))
            work.forget(sessions: ended)
            work.forget(tokens: tokens)
        }
        return try await store.accounts.account(id: account.id) ?? account
    }

    /// Ends every session of the account (support's "sign out everywhere"); returns how many ended.
    @discardableResult
    public func endSessions(id: AccountID, actor: AccountID?, request: RequestInfo = RequestInfo()) async throws -> Int {
        let account = try await require(id: id)
        return try await units.run { work in
            let ended = try await work.revokeAllSessions(of: account.id, request: request)
            work.record(AuditEvent(.sessionsRevoked, actor: actor, subject: account.id, requestID: request.requestID,
                                   details: ["count": String(ended.count), "by": "administrator"], personal: request.personal))
            work.forget(sessions: ended)
            return ended.count
        }
    }

    public func unlock(_ login: String, actor: AccountID? = nil) async throws -> Account {
        try await unlock(account: try await require(login), actor: actor)
    }

    public func unlock(id: AccountID, actor: AccountID?, request: RequestInfo = RequestInfo()) async throws -> Account {
        try await unlock(account: try await require(id: id), actor: actor, request: request)
    }

    private func unlock(account: Account, actor: AccountID?, request: RequestInfo = RequestInfo()) async throws -> Account {
        let now = clock.now()
        try await units.run { work in
            _ = try await work.accounts.unlock(account.id, at: now)
            work.record(AuditEvent(.accountUnlocked, actor: actor, subject: account.id, requestID: request.requestID,
                                   details: ["was_locked": String(account.isLocked)], personal: request.personal))
        }
        return account
    }

    /// Erases the account (`POST /api/v1/admin/users/{id}/erase`): the row and everything hanging off it
    /// (sessions, credentials, API tokens, links, devices, memberships) go, and the personal data of its
    /// audit records (IP, user agent, typed identifier, typed address) is cleared. The records stay, with
    /// the account's id as a pseudonym, and the chain still verifies (it hashes only the personal data's
    /// MAC). An administrator cannot erase themselves or the last active administrator.
    public func erase(id: AccountID, reason rawReason: String, actor: AccountID, request: RequestInfo = RequestInfo()) async throws {
        let reason = rawReason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (15...500).contains(reason.count) else {
            throw GatehouseError.validation("reason", "length", detail: "Give a reason of 15 to 500 characters.")
        }
        let account = try await require(id: id)
        guard actor != account.id else { throw GatehouseError(.forbidden, detail: "You cannot erase your own account.") }
        let recipientKeys = mail?.mailer.recipientKeys(account.email) ?? []
        try await units.run { work in
            if account.isAdmin, account.status == .active {
                try await Self.keepLastAdministrator(in: work)
            }
            try await work.apiTokens.lockOwner(account.id)
            let tokens = try await work.apiTokens.list(accountID: account.id).map(\.id)
            let listed = try await work.sessions.list(accountID: account.id)
            let sessions = listed.map(\.id)
            for access in listed where access.impersonation != nil { work.recordAccessEnded(access, request: request) }
            guard try await work.accounts.delete(account.id) else { throw GatehouseError(.notFound, detail: "No account has that id.") }
            let erased = try await work.eraseAuditPersonalData(of: account.id)
            // The address lives on elsewhere too: invitations and access requests to it, audit records
            // that name it as typed, mail still queued for it.
            let traces = try await work.eraseAddress(emailNormalized: account.emailNormalized,
                                                     recipientKeys: recipientKeys)
            work.record(AuditEvent(.accountErased, actor: actor, subject: account.id, requestID: request.requestID, details: [
                "reason": reason, "audit_records_erased": String(erased + traces.auditRecords), "invitations_erased": String(traces.invitations),
                "access_requests_erased": String(traces.accessRequests), "mails_withdrawn": String(traces.mails),
            ], personal: request.personal))
            work.forget(account: account.id)
            work.forget(sessions: sessions)
            work.forget(tokens: tokens)
        }
    }

    /// Refuses a change that would leave no active administrator. The count locks the administrators'
    /// rows until commit, so two administrators disabling (or demoting) each other at once cannot both
    /// pass: the second sees the first's change.
    static func keepLastAdministrator(in work: Work) async throws {
        if try await work.accounts.lockActiveAdministrators() <= 1 {
            throw GatehouseError(.forbidden, detail: "This is the last active administrator.")
        }
    }

    private func require(id: AccountID) async throws -> Account {
        guard let account = try await store.accounts.account(id: id) else {
            throw GatehouseError(.notFound, detail: "No account has that id.")
        }
        return account
    }

    private func require(_ login: String) async throws -> Account {
        guard let account = try await find(login) else {
            throw GatehouseError(.notFound, detail: "No account has that username or email.")
        }
        return account
    }

    static func describe(_ problem: IdentifierProblem, field: String) -> String {
        switch problem {
        case .empty: "The \(field) must not be empty."
        case .tooLong: "The \(field) is too long."
        case .invalidCharacters: field == "username"
            ? "A username may contain letters, digits, '.', '_' and '-' only."
            : "The \(field) contains characters that are not allowed."
        case .invalidFormat: "The \(field) is not a valid address."
        case .mixedScripts: "The \(field) mixes letters of different scripts (such as Latin and Cyrillic)."
        }
    }
}
