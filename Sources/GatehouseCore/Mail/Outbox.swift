import Foundation

/// Which message (or deferred job) an outbox entry is. Mail kinds name a template of `GatehouseMail`;
/// `job.*` kinds are resolved by the worker into mail, so that a request never reveals, by what it
/// writes or how long it takes, whether an address has an account.
public struct MailKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public var isJob: Bool { rawValue.hasPrefix("job.") }

    public static let verifyEmail = MailKind(rawValue: "verify_email")
    public static let emailChangeVerify = MailKind(rawValue: "email_change_verify")
    public static let emailChangeRequested = MailKind(rawValue: "email_change_requested")
    public static let emailChanged = MailKind(rawValue: "email_changed")
    public static let emailInUse = MailKind(rawValue: "email_in_use")
    public static let passwordReset = MailKind(rawValue: "password_reset")
    public static let passwordChanged = MailKind(rawValue: "password_changed")
    public static let accountLocked = MailKind(rawValue: "account_locked")
    public static let failedSignIn = MailKind(rawValue: "failed_sign_in")
    public static let newSignIn = MailKind(rawValue: "new_sign_in")
    public static let twoFactorSetup = MailKind(rawValue: "two_factor_setup")
    public static let twoFactorReset = MailKind(rawValue: "two_factor_reset")
    public static let backupCodeUsed = MailKind(rawValue: "backup_code_used")
    public static let backupCodeRegenerated = MailKind(rawValue: "backup_code_regenerated")
    public static let twoFactorDisabled = MailKind(rawValue: "two_factor_disabled")
    public static let twoFactorEnabled = MailKind(rawValue: "two_factor_enabled")
    public static let usernameChanged = MailKind(rawValue: "username_changed")
    /// Support created the account: a link to set the first password.
    public static let accountCreated = MailKind(rawValue: "account_created")
    /// An API token was created, or `rotated` (given a new secret).
    public static let apiTokenIssued = MailKind(rawValue: "api_token_issued")
    public static let administratorAccessStarted = MailKind(rawValue: "administrator_access_started")
    public static let twoFactorReissueScheduled = MailKind(rawValue: "two_factor_reissue_scheduled")
    /// An invitation to an address with no account: a link to register.
    public static let invitation = MailKind(rawValue: "invitation")
    /// An invitation to an address that has an account: a link to accept it once signed in.
    public static let invitationAccept = MailKind(rawValue: "invitation_accept")
    /// To an organisation's operators (or the platform administrators): someone asks for access.
    public static let accessRequest = MailKind(rawValue: "access_request")
    /// To someone who asked for access with an address that already has an account.
    public static let accessRequestAccountExists = MailKind(rawValue: "access_request_account_exists")
    /// To someone whose access request was turned down, when the operator chose to tell them.
    public static let accessRequestRejected = MailKind(rawValue: "access_request_rejected")

    /// A password-reset request for a typed address: becomes a `password_reset` mail if an active
    /// account has that address, and nothing otherwise.
    public static let passwordResetRequest = MailKind(rawValue: "job.password_reset_request")
    /// A verification resend for a typed address (no session): becomes a verification mail if an
    /// account has that address unverified or pending.
    public static let verificationRequest = MailKind(rawValue: "job.verification_request")
    /// A new access request: the worker mails the operators of the organisation it names (platform
    /// administrators when it names none that exists), and the requester if the address has an account.
    public static let accessRequestRouting = MailKind(rawValue: "job.access_request")

    /// Every mail template kind Gatehouse sends (not jobs).
    public static let allMail: [MailKind] = [
        .verifyEmail, .emailChangeVerify, .emailChangeRequested, .emailChanged, .emailInUse, .passwordReset,
        .passwordChanged, .accountLocked, .failedSignIn, .newSignIn, .twoFactorSetup, .twoFactorReset,
        .backupCodeUsed, .backupCodeRegenerated, .twoFactorDisabled, .twoFactorEnabled, .usernameChanged,
        .twoFactorReissueScheduled, .apiTokenIssued, .administratorAccessStarted, .accountCreated, .invitation, .invitationAccept, .accessRequest, .accessRequestAccountExists, .accessRequestRejected,
    ]
}

/// One message to send (or job to run), as sealed into the outbox. `values` fill the template; they are
/// already formatted strings (times, links built from `public_url`).
public struct OutgoingMail: Sendable, Codable, Equatable {
    public var kind: MailKind
    /// The recipient's address (for a job: the address that was typed).
    public var to: String
    public var language: Language
    public var values: [String: String]
    public var accountID: AccountID?

    public init(kind: MailKind, to: String, language: Language, values: [String: String] = [:], accountID: AccountID? = nil) {
        self.kind = kind
        self.to = to
        self.language = language
        self.values = values
        self.accountID = accountID
    }
}

/// A row to insert. `payload` is the sealed (encrypted) `OutgoingMail`: it holds addresses and link
/// tokens, so the database alone never reveals them.
public struct NewOutboxEntry: Sendable, Equatable {
    public var id: String
    public var kind: MailKind
    public var payload: String
    public var createdAt: Date
    /// A keyed hash of the recipient's address (`Mailer.recipientKey`), so that erasing an account can
    /// withdraw what is queued for it; nil where none is known.
    public var recipientKey: String?

    public init(id: String, kind: MailKind, payload: String, createdAt: Date, recipientKey: String? = nil) {
        self.id = id
        self.kind = kind
        self.payload = payload
        self.createdAt = createdAt
        self.recipientKey = recipientKey
    }
}

/// A row claimed by a worker under a lease; only the holder of `claimToken` may settle it.
public struct ClaimedOutboxEntry: Sendable, Equatable {
    public var id: String
    public var kind: MailKind
    public var payload: String
    public var createdAt: Date
    /// Including this one.
    public var attempts: Int
    public var claimToken: String

    public init(id: String, kind: MailKind, payload: String, createdAt: Date, attempts: Int, claimToken: String) {
        self.id = id
        self.kind = kind
        self.payload = payload
        self.createdAt = createdAt
        self.attempts = attempts
        self.claimToken = claimToken
    }
}

public enum OutboxState: String, Sendable, Equatable {
    case pending
    case sent
    case failed
}

/// An outbox row as seen by operators and tests.
public struct OutboxEntryStatus: Sendable, Equatable {
    public var id: String
    public var kind: MailKind
    public var state: OutboxState
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?

    public init(id: String, kind: MailKind, state: OutboxState, attempts: Int, nextAttemptAt: Date, lastError: String?) {
        self.id = id
        self.kind = kind
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
    }
}

/// The transactional outbox. `enqueue` runs inside the transaction of the change that causes the mail;
/// the rest is the worker's: claim with a lease (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so instances
/// never compete for one row), then settle with the claim token.
public protocol OutboxStore: Sendable {
    func enqueue(_ entry: NewOutboxEntry) async throws
    /// Due rows (not sent, not failed, due, lease free or expired), at most `limit`, leased until
    /// `until` under `claimToken`; each claim counts one attempt.
    func claim(limit: Int, now: Date, until: Date, claimToken: String) async throws -> [ClaimedOutboxEntry]
    /// Extends a held lease (before each delivery, so a slow batch never outlives its lease and another
    /// instance never sends the same row meanwhile). False when the lease was already lost.
    func renewLease(id: String, claimToken: String, until: Date) async throws -> Bool
    /// Hands a claimed row back untried (the worker is shutting down before its turn came): the lease
    /// and the attempt its claim counted are undone, so another instance sends it at once. False when
    /// the lease was already lost.
    func release(id: String, claimToken: String) async throws -> Bool
    /// Sent: the sealed payload is dropped. False when the lease was lost.
    func markSent(id: String, claimToken: String, at: Date) async throws -> Bool
    /// Try again at `nextAttemptAt`.
    func reschedule(id: String, claimToken: String, nextAttemptAt: Date, error: String) async throws -> Bool
    /// Given up: the sealed payload is dropped, the error kept.
    func markFailed(id: String, claimToken: String, at: Date, error: String) async throws -> Bool
    func status(id: String) async throws -> OutboxEntryStatus?
    func list(limit: Int) async throws -> [OutboxEntryStatus]
    /// Removes sent and failed rows settled before `before`; returns how many.
    func purge(settledBefore before: Date) async throws -> Int
    /// Mail neither sent nor given up: how many, and when the oldest was queued (for /metrics).
    func backlog() async throws -> OutboxBacklog
}

/// The outbox's unsettled rows.
public struct OutboxBacklog: Sendable, Equatable {
    public var count: Int
    public var oldest: Date?

    public init(count: Int, oldest: Date?) {
        self.count = count
        self.oldest = oldest
    }
}
