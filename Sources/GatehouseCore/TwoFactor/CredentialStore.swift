import Foundation

/// What a credential is. Each kind is a row in `credentials`, never a column on the account: a new
/// way to prove who you are (passkeys, API tokens) is a new kind.
public struct CredentialKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// An authenticator app's secret (RFC 6238), sealed for the account (or, pending, for the session
    /// that started the setup). At most one active and one pending per account.
    public static let totp = CredentialKind(rawValue: "totp")
    /// The one backup code, as a keyed hash. At most one per account, active only beside a TOTP.
    public static let backupCode = CredentialKind(rawValue: "backup_code")

    public var description: String { rawValue }
}

public enum CredentialState: String, Sendable, Equatable {
    /// Shown at setup, not confirmed yet.
    case pending
    case active
}

/// One row of `credentials`: a sealed secret (`secret`) or a keyed hash (`secretHash`), never both.
public struct Credential: Sendable, Equatable {
    public var id: String
    public var accountID: AccountID
    public var kind: CredentialKind
    public var state: CredentialState
    public var secret: String?
    public var secretHash: String?
    /// TOTP: the last accepted time step; that step and every earlier one are refused.
    public var lastStep: Int64?
    public var createdAt: Date
    public var lastUsedAt: Date?

    public init(id: String, accountID: AccountID, kind: CredentialKind, state: CredentialState, secret: String? = nil, secretHash: String? = nil,
                lastStep: Int64? = nil, createdAt: Date, lastUsedAt: Date? = nil) {
        self.id = id
        self.accountID = accountID
        self.kind = kind
        self.state = state
        self.secret = secret
        self.secretHash = secretHash
        self.lastStep = lastStep
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
    }
}

/// The second factors of accounts: TOTP and the backup code. Rows get random ids from the store. Reached only inside a unit of work
/// (`Work.credentials`), since some changes touch the account row too. Every change that uses up a
/// code is one conditional statement, so of parallel requests presenting the same code exactly one
/// succeeds; the conformance suite runs 20 at once on SQLite and PostgreSQL.
public protocol CredentialStore: Sendable {
    /// Every credential of the account, oldest first.
    func credentials(accountID: AccountID) async throws -> [Credential]
    /// Stores (or, with nil, removes) the TOTP secret shown at setup, replacing an earlier pending one.
    func setPendingTOTP(_ accountID: AccountID, sealedSecret: String?, at: Date) async throws
    /// Makes the pending secret active, only if it is still `pendingSecret` and the active one is still
    /// `replacing` (nil: none): the accepted step, a new backup code, and the account's reissue flag
    /// cleared. False (and nothing changed) otherwise.
    func activateTOTP(_ accountID: AccountID, pendingSecret: String, activeSecret: String, replacing: String?, step: Int64,
                      backupCodeHash: String, at: Date) async throws -> Bool
    /// Accepts time step `step` of the active secret `secret`: true only if that secret is still active
    /// and no step ≥ `step` was accepted before.
    func acceptTOTPStep(_ accountID: AccountID, secret: String, step: Int64, at: Date) async throws -> Bool
    /// Replaces the backup code, only if its hash is still `current` and a TOTP is active.
    func replaceBackupCode(_ accountID: AccountID, current: String, with new: String, at: Date) async throws -> Bool
    /// Sets a new backup code (regeneration, after a code was accepted in the same unit), only while
    /// a TOTP is active.
    func setBackupCode(_ accountID: AccountID, hash: String, at: Date) async throws -> Bool
    /// Turns two-factor authentication off: every TOTP and backup code of the account go, and the
    /// account's reissue flag is cleared. With `requiringBackupCode`, only if that is still the backup
    /// code's hash (recovery). False when the account is unknown or the condition failed.
    func clearTwoFactor(_ accountID: AccountID, requiringBackupCode: String?, at: Date) async throws -> Bool
}
