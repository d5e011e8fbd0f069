import Foundation

public struct AccessRequestID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// Where an access request stands (CONTRACT: `open`, `approved`, `rejected`).
public enum AccessRequestState: String, Sendable, Codable, CaseIterable {
    case open
    case approved
    case rejected
}

/// Someone without an invitation asking to be let in: their name, address, the organisation they
/// named (which may not exist) and a message. Everything in it was typed by a stranger.
public struct AccessRequest: Sendable, Equatable, Identifiable {
    public var id: AccessRequestID
    public var name: String
    public var email: String
    public var emailNormalized: String
    /// The slug as typed (normalised), whether or not an organisation has it.
    public var organizationSlug: String?
    /// The organisation the slug named when the request was routed (by the outbox job), if any.
    public var organizationID: OrganizationID?
    public var message: String
    /// The language of the page it was sent from: any mail to the requester is in it.
    public var language: Language
    public var state: AccessRequestState
    public var createdAt: Date
    public var decidedBy: AccountID?
    public var decidedByUsername: String?
    public var decidedAt: Date?
    /// The invitation an approval sent.
    public var invitationID: InvitationID?

    public init(id: AccessRequestID, name: String, email: String, emailNormalized: String, organizationSlug: String?, organizationID: OrganizationID?,
                message: String, language: Language, state: AccessRequestState, createdAt: Date, decidedBy: AccountID? = nil, decidedByUsername: String? = nil,
                decidedAt: Date? = nil, invitationID: InvitationID? = nil) {
        self.id = id
        self.name = name
        self.email = email
        self.emailNormalized = emailNormalized
        self.organizationSlug = organizationSlug
        self.organizationID = organizationID
        self.message = message
        self.language = language
        self.state = state
        self.createdAt = createdAt
        self.decidedBy = decidedBy
        self.decidedByUsername = decidedByUsername
        self.decidedAt = decidedAt
        self.invitationID = invitationID
    }
}

/// Access requests. Creating one is a single insert whatever it names; deciding one is a conditional
/// update from `open`, so two operators deciding at once cannot both succeed.
public protocol AccessRequestStore: Sendable {
    func createAccessRequest(_ request: AccessRequest) async throws
    func accessRequest(id: AccessRequestID) async throws -> AccessRequest?
    /// Requests routed to the organisation, newest first; nil: every request.
    func accessRequests(of organization: OrganizationID?) async throws -> [AccessRequest]
    /// Records the organisation the request's slug names (the outbox job routes it).
    func routeAccessRequest(_ id: AccessRequestID, to organization: OrganizationID) async throws
    /// Moves an open request to `state`; false when it was not open.
    func decideAccessRequest(_ id: AccessRequestID, state: AccessRequestState, by: AccountID?, invitation: InvitationID?, at: Date) async throws -> Bool
}
