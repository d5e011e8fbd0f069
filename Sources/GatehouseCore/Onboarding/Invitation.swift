import Foundation

public struct InvitationID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// Where an invitation stands (CONTRACT: `pending`, `accepted`, `expired`, `revoked`).
public enum InvitationState: String, Sendable, Codable, CaseIterable {
    case pending
    case accepted
    case expired
    case revoked
}

/// An invitation into an organisation, bound to one address and one org role (and, from a platform
/// administrator, platform roles). Its token travels only in the mail; the store keeps its SHA-256.
public struct Invitation: Sendable, Equatable, Identifiable {
    public var id: InvitationID
    public var email: String
    public var emailNormalized: String
    public var organization: Organization
    public var orgRole: OrgRole
    /// Platform roles the new account gets (only an administrator's invitation carries any).
    public var roles: Set<Role>
    /// Who invited: nil for the command line (or an inviter whose account is gone).
    public var invitedBy: AccountID?
    public var invitedByUsername: String?
    public var createdAt: Date
    public var expiresAt: Date
    public var acceptedAt: Date?
    public var acceptedBy: AccountID?
    public var revokedAt: Date?

    public init(id: InvitationID, email: String, emailNormalized: String, organization: Organization, orgRole: OrgRole, roles: Set<Role>,
                invitedBy: AccountID?, invitedByUsername: String?, createdAt: Date, expiresAt: Date, acceptedAt: Date? = nil,
                acceptedBy: AccountID? = nil, revokedAt: Date? = nil) {
        self.id = id
        self.email = email
        self.emailNormalized = emailNormalized
        self.organization = organization
        self.orgRole = orgRole
        self.roles = roles
        self.invitedBy = invitedBy
        self.invitedByUsername = invitedByUsername
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.acceptedAt = acceptedAt
        self.acceptedBy = acceptedBy
        self.revokedAt = revokedAt
    }

    public func state(at now: Date) -> InvitationState {
        if acceptedAt != nil { return .accepted }
        if revokedAt != nil { return .revoked }
        return now < expiresAt ? .pending : .expired
    }
}

/// A row to insert.
public struct NewInvitation: Sendable, Equatable {
    public var id: InvitationID
    public var tokenHash: String
    public var email: String
    public var emailNormalized: String
    public var organizationID: OrganizationID
    public var orgRole: OrgRole
    public var roles: Set<Role>
    public var invitedBy: AccountID?
    public var createdAt: Date
    public var expiresAt: Date

    public init(id: InvitationID, tokenHash: String, email: String, emailNormalized: String, organizationID: OrganizationID, orgRole: OrgRole,
                roles: Set<Role>, invitedBy: AccountID?, createdAt: Date, expiresAt: Date) {
        self.id = id
        self.tokenHash = tokenHash
        self.email = email
        self.emailNormalized = emailNormalized
        self.organizationID = organizationID
        self.orgRole = orgRole
        self.roles = roles
        self.invitedBy = invitedBy
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// Invitations. Every change of state is one conditional statement, so two parallel uses of one
/// token (two registrations, a registration and a revocation) cannot both succeed.
public protocol InvitationStore: Sendable {
    func createInvitation(_ invitation: NewInvitation) async throws
    func invitation(id: InvitationID) async throws -> Invitation?
    /// The pending invitation with this token hash (unused, unrevoked, unexpired at `now`); a GET may
    /// look, never consume.
    func liveInvitation(tokenHash: String, now: Date) async throws -> Invitation?
    /// The organisation's invitations, newest first.
    func invitations(of organization: OrganizationID) async throws -> [Invitation]
    /// Marks the pending invitation with this token hash accepted by `account` and returns it; nil
    /// when it is unknown, used, revoked or expired. Of two parallel callers exactly one gets it.
    func acceptInvitation(tokenHash: String, by account: AccountID, at: Date) async throws -> Invitation?
    /// Revokes the invitation if it is neither accepted nor revoked; false otherwise.
    func revokeInvitation(_ id: InvitationID, at: Date) async throws -> Bool
    /// Revokes every pending invitation of this address into the organisation (a new one replaces
    /// them), those carrying platform roles only with `includingRoles`; returns their ids.
    func revokePendingInvitations(emailNormalized: String, organization: OrganizationID, includingRoles: Bool, at: Date) async throws -> [InvitationID]
    /// Gives a not-accepted, not-revoked invitation a new token and lifetime (the old token stops
    /// working); false otherwise.
    func renewInvitation(_ id: InvitationID, tokenHash: String, expiresAt: Date, at: Date) async throws -> Bool
}
