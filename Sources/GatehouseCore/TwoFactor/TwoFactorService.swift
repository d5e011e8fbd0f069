import Foundation
import TOTP

/// What two-factor authentication needs from configuration.
public struct TwoFactorConfiguration: Sendable {
    /// The issuer authenticator apps show (`totp.issuer`, default `product_name`).
    public var issuer: String
    /// Policy `two_factor: required`: turning it off is refused.
    public var required: Bool
    /// `reauth_window`: how recent the password must be for setting up from the account, disabling
    /// and regenerating.
    public var reauthWindow: Duration
    /// A started setup keeps its secret this long, so reloading the page keeps what was scanned.
    public var pendingLifetime: Duration

    public init(issuer: String = "Gatehouse", required: Bool = true, reauthWindow: Duration = .seconds(300), pendingLifetime: Duration = .seconds(3600)) {
        self.issuer = issuer
        self.required = required
        self.reauthWindow = reauthWindow
        self.pendingLifetime = pendingLifetime
    }
}

/// What a setup shows: the key as text (and grouped for typing) and the `otpauth://` URI (which the
/// page and the API also draw as a QR code).
public struct TwoFactorSetup: Sendable, Equatable {
    public var secret: String
    public var groupedSecret: String
    public var otpauthURI: String
}

/// A completed second step: the advanced session, and the new backup code when the old one was used.
public struct SecondFactorOutcome: Sendable {
    public var result: SignInResult
    public var newBackupCode: String?
}

/// A completed enrolment at sign-in: the advanced session and the first backup code, shown once.
public struct EnrolmentOutcome: Sendable {
    public var result: SignInResult
    public var backupCode: String
}

/// The authenticator (TOTP, RFC 6238) and the one backup code: the second step of a sign-in, enrolment,
/// recovery, and the signed-in person's own management; resets by an administrator.
///
/// A code is accepted once per account: the step it matched is stored with a conditional update
/// (`CredentialStore.acceptTOTPStep`), and the backup code is swapped the same way, so of parallel requests with
/// one code exactly one succeeds. Wrong codes at sign-in count toward the lockout; wrong codes anywhere
/// count toward `rate_limit.second_factor_per_account`.
public struct TwoFactorService: Sendable {
    public let store: any Store
    public let trail: AuditTrail
    public let keys: KeyRing
    public let clock: any WallClock
    public let random: any RandomSource
    public let signIn: SignInService
    public let mail: AccountMail
    public let configuration: TwoFactorConfiguration
    let box: SecretBox
    public let units: UnitOfWork

    public init(store: any Store, trail: AuditTrail, keys: KeyRing, clock: any WallClock, random: any RandomSource,
                signIn: SignInService, mail: AccountMail, configuration: TwoFactorConfiguration) {
        self.store = store
        self.trail = trail
        self.keys = keys
        self.clock = clock
        self.random = random
        self.signIn = signIn
        self.mail = mail
        self.configuration = configuration
        self.box = SecretBox(keys: keys, random: random)
        self.units = UnitOfWork(store: store, trail: trail, cache: signIn.cache, outbox: mail.mailer.signal)
    }

    /// Marks a replay or a lost race inside a transaction, which then rolls back.
    struct AlreadyUsed: Error {}

    // MARK: - Second step of a sign-in

    /// `{code}` or `{backup_code}` for a session at `second_factor_required`. A backup code is replaced
    /// by a new one at once (returned, shown once) and the owner is mailed.
    public func secondFactor(code: String?, backupCode: String?, record: SessionRecord, request: RequestInfo) async throws -> SecondFactorOutcome {
        let account = try await pendingAccount(record, at: .secondFactorRequired)
        return try await attempt(account, from: request.ip) {
            try await secondFactor(code: code, backupCode: backupCode, account: account, record: record, request: request)
        }
    }

    func secondFactor(code: String?, backupCode: String?, account: Account, record: SessionRecord, request: RequestInfo) async throws -> SecondFactorOutcome {
        guard let secret = account.twoFactor.secret else { throw GatehouseError(.forbidden, detail: "No authenticator is set up.") }
        if let backupCode {
            guard BackupCode.matches(backupCode, account: account, keys: keys), let current = account.twoFactor.backupCodeHash else {
                return try await failSignInStep(account, record: record, method: "backup_code", error: .backupCodeInvalid, request: request)
            }
            let fresh = BackupCode.generate(random)
            let freshHash = try hash(fresh, account)
            do {
                let result = try await units.run { work in
                    guard try await work.credentials.replaceBackupCode(account.id, current: current, with: freshHash, at: clock.now()) else { throw AlreadyUsed() }
                    try await mail.backupCodeUsed(account, ip: request.ip?.description, in: work)
                    work.record(event(.backupCodeUsed, account, request, ["session": record.session.id.rawValue, "replaced": "true"]))
                    return try await signIn.advance(record, completing: .secondFactor, account: account, in: work, request: request)
                }
                return SecondFactorOutcome(result: result, newBackupCode: fresh)
            } catch is AlreadyUsed {
                return try await failSignInStep(account, record: record, method: "backup_code", error: .backupCodeInvalid, request: request)
            }
        }
        guard let code else { throw GatehouseError.validation("code", "missing", detail: "Send `code` (6 digits) or `backup_code`.") }
        let now = clock.now()
        guard let step = try totp(secret, account).matchingStep(code: code, at: now, after: account.twoFactor.lastStep) else {
            return try await failSignInStep(account, record: record, method: "totp", error: .secondFactorInvalid, request: request)
        }
        do {
            let result = try await units.run { work in
                guard try await work.credentials.acceptTOTPStep(account.id, secret: secret, step: step, at: now) else { throw AlreadyUsed() }
                work.record(event(.twoFactorVerified, account, request, ["method": "totp", "session": record.session.id.rawValue]))
                return try await signIn.advance(record, completing: .secondFactor, account: account, in: work, request: request)
            }
            return SecondFactorOutcome(result: result, newBackupCode: nil)
        } catch is AlreadyUsed {
            return try await failSignInStep(account, record: record, method: "totp", error: .secondFactorInvalid, request: request)
        }
    }

    /// The recovery flow: password done, then the backup code. Signs the person in with two-factor
    /// authentication turned off, so under policy `required` the next status is enrolment.
    public func recover(backupCode: String, record: SessionRecord, request: RequestInfo) async throws -> SignInResult {
        let account = try await pendingAccount(record, at: .secondFactorRequired)
        return try await attempt(account, from: request.ip) { try await recover(backupCode: backupCode, account: account, record: record, request: request) }
    }

    func recover(backupCode: String, account: Account, record: SessionRecord, request: RequestInfo) async throws -> SignInResult {
        guard BackupCode.matches(backupCode, account: account, keys: keys), let current = account.twoFactor.backupCodeHash else {
            return try await failSignInStep(account, record: record, method: "recovery", error: .backupCodeInvalid, request: request)
        }
        do {
            let result = try await units.run { work in
                guard try await work.credentials.clearTwoFactor(account.id, requiringBackupCode: current, at: clock.now()),
                      let cleared = try await work.accounts.account(id: account.id) else { throw AlreadyUsed() }
                try await mail.twoFactorReset(account, reason: "recovery", in: work)
                work.record(event(.twoFactorRecovered, account, request, ["session": record.session.id.rawValue]))
                return try await signIn.advance(record, completing: .secondFactor, account: cleared, in: work, request: request)
            }
            return result
        } catch is AlreadyUsed {
            return try await failSignInStep(account, record: record, method: "recovery", error: .backupCodeInvalid, request: request)
        }
    }

    /// A wrong code at sign-in: counts toward the lockout (and may lock, which ends this pending
    /// session), audits, and answers `error`.
    func failSignInStep<T>(_ account: Account, record: SessionRecord, method: String, error: ErrorCode, request: RequestInfo) async throws -> T {
        var machine = SignInStateMachine(status: record.session.status)
        guard machine.handle(.stepFailed(.secondFactor)) == .countFailure else {
            throw GatehouseError(.forbidden, detail: "This step does not apply to the session now.")
        }
        try await units.run { work in
            let state = try await signIn.countFailure(account, client: record.session.client, passwordKnown: true, in: work, request: request)
            var details = ["method": method, "session": record.session.id.rawValue]
            if let state { details["failed_attempts"] = String(state.failedAttempts) }
            work.record(event(.twoFactorFailed, account, request, details))
            guard state?.isLocked ?? false else { return }
            _ = try await work.sessions.revoke(record.session.id)
            work.forget(session: record.session.id)
        }
        throw GatehouseError(error)
    }

    // MARK: - Enrolment at sign-in

    /// `two_factor_setup_required`: a secret not yet active (the same one again within
    /// `pendingLifetime`, so a reload shows what was scanned). A new one mails the setup instructions.
    public func beginEnrolment(record: SessionRecord, request: RequestInfo) async throws -> TwoFactorSetup {
        let account = try await enrollingAccount(record)
        if let secret = pendingSecret(of: account, for: record) {
            return try setup(for: secret, account: account)
        }
        return try await startSetup(account, record: record, request: request, instructions: true)
    }

    /// The first valid code turns the authenticator on and returns the backup code (shown once).
    public func confirmEnrolment(code: String, record: SessionRecord, request: RequestInfo) async throws -> EnrolmentOutcome {
        let account = try await enrollingAccount(record)
        let backupCode = BackupCode.generate(random)
        let result = try await attempt(account, from: request.ip) {
            try await activate(account, record: record, code: code, backupCode: backupCode, request: request) { work, activated in
                try await signIn.advance(record, completing: .twoFactorEnrolment, account: activated, in: work, request: request)
            }
        }
        return EnrolmentOutcome(result: result, backupCode: backupCode)
    }

    // MARK: - The signed-in person's own authenticator

    /// Starts a (new) setup from the account page. While an authenticator is active a current code
    /// from it is required (and used up).
    public func beginChange(code: String?, record: SessionRecord, request: RequestInfo) async throws -> TwoFactorSetup {
        try requireRecentAuthentication(record)
        let account = try await signedInAccount(record)
        if account.twoFactor.isEnabled {
            guard let code else { throw GatehouseError.validation("code", "missing", detail: "A current code is needed while two-factor authentication is on.") }
            try await attempt(account, from: request.ip) { try await useCode(code, of: account, request: request) { _ in } }
        }
        return try await startSetup(account, record: record, request: request, instructions: false)
    }

    /// The setup this session started from the account page and has not confirmed, to show it again
    /// after a wrong code: only within `pendingLifetime` and `reauth_window` (a stolen cookie alone
    /// does not reveal it).
    public func pendingSetup(record: SessionRecord) async throws -> TwoFactorSetup? {
        guard (try? requireRecentAuthentication(record)) != nil else { return nil }
        let account = try await signedInAccount(record)
        return try pendingSecret(of: account, for: record).map { try setup(for: $0, account: account) }
    }

    /// Confirms a setup started from the account page; returns the new backup code.
    public func confirmChange(code: String, record: SessionRecord, request: RequestInfo) async throws -> String {
        try requireRecentAuthentication(record)
        let account = try await signedInAccount(record)
        let backupCode = BackupCode.generate(random)
        try await attempt(account, from: request.ip) {
            try await activate(account, record: record, code: code, backupCode: backupCode, request: request) { work, _ in
                try await mail.twoFactorEnabled(account, replaced: account.twoFactor.isEnabled, in: work)
            }
        }
        return backupCode
    }

    /// "Check my code": whether `code` is valid now for the active (or, during setup, the pending)
    /// secret. Uses nothing up; a wrong code counts toward the rate limit.
    public func check(code: String, record: SessionRecord, request: RequestInfo = RequestInfo()) async throws -> Bool {
        let account = try await signedInAccount(record)
        let totp: TOTP
        if let sealed = account.twoFactor.secret {
            totp = try self.totp(sealed, account)
        } else if let pending = pendingSecret(of: account, for: record) {
            totp = try TOTP(secret: pending)
        } else {
            throw GatehouseError.validation("code", "not_enabled", detail: "Two-factor authentication is not set up.")
        }
        return try await attempt(account, from: request.ip, succeeded: { $0 }) {
            totp.matchingStep(code: code, at: clock.now(), after: nil) != nil
        }
    }

    /// Turns the authenticator off: only under policy `optional`, with a recent sign-in and a current code.
    public func disable(code: String, record: SessionRecord, request: RequestInfo) async throws {
        guard !configuration.required else {
            throw GatehouseError(.forbidden, detail: "Two-factor authentication is required here and cannot be turned off.")
        }
        try requireRecentAuthentication(record)
        let account = try await signedInAccount(record)
        try await attempt(account, from: request.ip) {
            try await useCode(code, of: account, request: request) { work in
                _ = try await work.credentials.clearTwoFactor(account.id, requiringBackupCode: nil, at: clock.now())
                try await mail.twoFactorDisabled(account, in: work)
                work.record(event(.twoFactorDisabled, account, request, ["session": record.session.id.rawValue]))
            }
        }
    }

    /// A new backup code for a current TOTP code (recent sign-in needed); the old one dies.
    public func regenerateBackupCode(code: String, record: SessionRecord, request: RequestInfo) async throws -> String {
        try requireRecentAuthentication(record)
        let account = try await signedInAccount(record)
        let fresh = BackupCode.generate(random)
        let freshHash = try hash(fresh, account)
        try await attempt(account, from: request.ip) {
            try await useCode(code, of: account, request: request) { work in
                guard try await work.credentials.setBackupCode(account.id, hash: freshHash, at: clock.now()) else { throw AlreadyUsed() }
                try await mail.backupCodeRegenerated(account, in: work)
                work.record(event(.backupCodeRegenerated, account, request, ["session": record.session.id.rawValue]))
            }
        }
        return fresh
    }

    /// 403 `reauthentication_required` unless the password was confirmed within `reauth_window`.
    public func requireRecentAuthentication(_ record: SessionRecord) throws {
        guard clock.now().timeIntervalSince(record.session.authenticatedAt) <= configuration.reauthWindow.timeInterval else {
            throw GatehouseError(.reauthenticationRequired, detail: "Confirm your password first (POST /api/v1/account/reauthenticate).")
        }
    }

    // MARK: - Helpers

    /// The account of a pending session at `status`, current from the store. A locked or disabled
    /// account ends the pending session.
    func pendingAccount(_ record: SessionRecord, at status: SignInStatus) async throws -> Account {
        try record.require(status)
        guard let account = try await store.accounts.account(id: record.account.id), account.status == .active, !account.isLocked else {
            try await end(record, "The sign-in has ended; sign in again.")
        }
        return account
    }

    /// Ends a pending sign-in that cannot go on; the client must sign in again.
    func end(_ record: SessionRecord, _ detail: String) async throws -> Never {
        try await units.run { work in
            _ = try await work.sessions.revoke(record.session.id)
            work.forget(session: record.session.id)
        }
        throw GatehouseError(.unauthenticated, detail: detail)
    }

    func signedInAccount(_ record: SessionRecord) async throws -> Account {
        try record.require(.authenticated)
        guard let account = try await store.accounts.account(id: record.account.id) else { throw GatehouseError(.unauthenticated) }
        return account
    }

    /// Runs one code attempt under `rate_limit.second_factor_per_account` and `second_factor_per_ip`
    /// (`SecondFactorAttempts`).
    func attempt<T: Sendable>(_ account: Account, from ip: IPAddress?, succeeded: (T) -> Bool = { _ in true },
                              _ body: () async throws -> T) async throws -> T {
        try await signIn.secondFactorAttempts.attempt(account.id, from: ip, succeeded: succeeded, body)
    }

    func totp(_ sealed: String, _ account: Account) throws -> TOTP {
        try TOTP(secret: box.open(sealed, context: account.id.rawValue))
    }

    func hash(_ code: String, _ account: Account) throws -> String {
        guard let normalized = BackupCode.normalize(code) else { throw GatehouseError(.internalError, detail: "a generated backup code is malformed") }
        return BackupCode.hash(normalized, account: account.id, keys: keys)
    }

    func event(_ type: AuditEventType, _ account: Account, _ request: RequestInfo, _ details: [String: String] = [:]) -> AuditEvent {
        AuditEvent(type, actor: account.id, subject: account.id, requestID: request.requestID, details: details, personal: request.personal)
    }

    /// A wrong code outside the sign-in (setup, the account's own forms): audited, not counted toward
    /// the lockout (the rate limit bounds it), answered `second_factor_invalid`.
    func refuseCode(_ account: Account, _ request: RequestInfo, _ details: [String: String]) async throws -> Never {
        try await units.run { work in
            work.record(event(.twoFactorFailed, account, request, details))
        }
        throw GatehouseError(.secondFactorInvalid)
    }

    func setup(for secret: TOTPSecret, account: Account) throws -> TwoFactorSetup {
        let uri = OTPAuthURI.totp(secret: secret, issuer: configuration.issuer, account: account.username)
        return TwoFactorSetup(secret: secret.base32, groupedSecret: secret.groupedBase32, otpauthURI: uri)
    }

    /// The account at `two_factor_setup_required` for this session. If an authenticator was turned on
    /// meanwhile (by the owner from another sign-in), this sign-in cannot enrol over it: it ends and
    /// must start again, where it will be asked for a code.
    func enrollingAccount(_ record: SessionRecord) async throws -> Account {
        let account = try await pendingAccount(record, at: .twoFactorSetupRequired)
        guard !account.twoFactor.isEnabled else {
            try await end(record, "Two-factor authentication was set up meanwhile; sign in again.")
        }
        return account
    }

    /// A pending secret is sealed for the session that started the setup, so no other session (another
    /// sign-in with the same password) can see or confirm it.
    func pendingContext(_ account: Account, _ record: SessionRecord) -> String {
        account.id.rawValue + "|setup|" + record.session.id.rawValue
    }

    /// The pending secret if this session started it within `pendingLifetime`.
    func pendingSecret(of account: Account, for record: SessionRecord) -> TOTPSecret? {
        guard let pending = account.twoFactor.pendingSecret, let startedAt = account.twoFactor.pendingAt,
              clock.now().timeIntervalSince(startedAt) < configuration.pendingLifetime.timeInterval,
              let bytes = try? box.open(pending, context: pendingContext(account, record)) else { return nil }
        return try? TOTPSecret(bytes: bytes)
    }

    /// A fresh pending secret for this session (replacing any earlier one), audited; `instructions`
    /// mails how to set up.
    func startSetup(_ account: Account, record: SessionRecord, request: RequestInfo, instructions: Bool) async throws -> TwoFactorSetup {
        let secret = try TOTPSecret.generate { random.bytes($0) }
        let sealed = try box.seal(secret.bytes, context: pendingContext(account, record))
        try await units.run { work in
            try await work.credentials.setPendingTOTP(account.id, sealedSecret: sealed, at: clock.now())
            if instructions { try await mail.twoFactorSetup(account, in: work) }
            work.record(event(.twoFactorSetupStarted, account, request, ["replaces_active": String(account.twoFactor.isEnabled)]))
        }
        return try setup(for: secret, account: account)
    }

    /// Checks `code` against the pending secret and, in one transaction, makes it active with the new
    /// backup code; `then` runs inside that transaction with the account as it now is.
    @discardableResult
    func activate<T: Sendable>(_ account: Account, record: SessionRecord, code: String, backupCode: String, request: RequestInfo,
                               then: @Sendable @escaping (Work, Account) async throws -> T) async throws -> T {
        guard let pending = account.twoFactor.pendingSecret, let secret = pendingSecret(of: account, for: record) else {
            throw GatehouseError.validation("code", "no_setup", detail: "No setup of this sign-in is waiting (or it expired); start it again.")
        }
        let now = clock.now()
        guard let step = try TOTP(secret: secret).matchingStep(code: code, at: now, after: nil) else {
            try await refuseCode(account, request, ["method": "setup"])
        }
        // Active secrets are sealed for the account alone; the swap is conditional on the pending
        // secret and on the active one still being the one this request saw.
        let active = try box.seal(secret.bytes, context: account.id.rawValue)
        let codeHash = try hash(backupCode, account)
        return try await units.run { work in
            guard try await work.credentials.activateTOTP(account.id, pendingSecret: pending, activeSecret: active, replacing: account.twoFactor.secret,
                                                        step: step, backupCodeHash: codeHash, at: now),
                  let activated = try await work.accounts.account(id: account.id) else {
                throw GatehouseError(.secondFactorInvalid, detail: "The setup changed meanwhile; start it again.")
            }
            work.record(event(.twoFactorEnabled, account, request, ["replaced": String(account.twoFactor.isEnabled)]))
            return try await then(work, activated)
        }
    }

    /// Checks a current code of the active secret and, in one transaction, uses it up (its step and
    /// every earlier one) and runs `then`. A wrong or replayed code answers `second_factor_invalid`.
    func useCode(_ code: String, of account: Account, request: RequestInfo,
                 then: @Sendable @escaping (Work) async throws -> Void) async throws {
        guard let secret = account.twoFactor.secret else {
            throw GatehouseError.validation("code", "not_enabled", detail: "Two-factor authentication is not set up.")
        }
        let now = clock.now()
        do {
            guard let step = try totp(secret, account).matchingStep(code: code, at: now, after: account.twoFactor.lastStep) else { throw AlreadyUsed() }
            try await units.run { work in
                guard try await work.credentials.acceptTOTPStep(account.id, secret: secret, step: step, at: now) else { throw AlreadyUsed() }
                try await then(work)
            }
        } catch is AlreadyUsed {
            try await refuseCode(account, request, ["method": "totp", "context": "account"])
        }
    }
}
