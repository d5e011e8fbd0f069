import Foundation

/// What a mailed link does. Each is single use and expires after its configured lifetime.
public enum LinkPurpose: String, Sendable, Codable, CaseIterable {
    case verifyEmail = "verify_email"
    case passwordReset = "password_reset"
    case unlock
    /// Cancels a two-factor reissue that a password reset scheduled (valid until it takes effect).
    case cancelTwoFactorReissue = "cancel_two_factor_reissue"
}

/// A mailed link's token as stored: only its SHA-256, never the token itself.
public struct LinkToken: Sendable, Equatable {
    public var tokenHash: String
    public var purpose: LinkPurpose
    public var accountID: AccountID
    /// For email verification: the address the link confirms (the current or a new one).
    public var email: String?
    public var createdAt: Date
    public var expiresAt: Date
    public var usedAt: Date?

    public init(tokenHash: String, purpose: LinkPurpose, accountID: AccountID, email: String?, createdAt: Date, expiresAt: Date, usedAt: Date? = nil) {
        self.tokenHash = tokenHash
        self.purpose = purpose
        self.accountID = accountID
        self.email = email
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.usedAt = usedAt
    }
}

public protocol LinkTokenStore: Sendable {
    func create(_ token: LinkToken) async throws
    /// The unused, unexpired token with this hash and purpose (a GET may look, never consume).
    func find(tokenHash: String, purpose: LinkPurpose, now: Date) async throws -> LinkToken?
    /// Marks the token used in one conditional statement and returns it; nil when it is unknown, used
    /// or expired. Two parallel consumers: exactly one gets it.
    func consume(tokenHash: String, purpose: LinkPurpose, at: Date) async throws -> LinkToken?
    /// Marks every unused token of the account with this purpose used; returns how many.
    @discardableResult func expireAll(accountID: AccountID, purpose: LinkPurpose, at: Date) async throws -> Int
    /// Deletes tokens that expired before `before`.
    func purge(expiredBefore before: Date) async throws -> Int
}
