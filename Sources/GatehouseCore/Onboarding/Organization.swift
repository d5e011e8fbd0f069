import Foundation

public struct OrganizationID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// An organisation people belong to (CONTRACT: `{id, slug, name, created_at}`). The slug names it in
/// URLs, the CLI and the `X-Gatehouse-Organizations` header; the name is for people.
public struct Organization: Sendable, Equatable, Identifiable {
    public var id: OrganizationID
    public var slug: String
    public var name: String
    public var createdAt: Date

    public init(id: OrganizationID, slug: String, name: String, createdAt: Date) {
        self.id = id
        self.slug = slug
        self.name = name
        self.createdAt = createdAt
    }

    /// Slugs are 2–40 characters of a-z, 0-9 and inner `-`: ASCII without commas, so they fit the
    /// forward-auth header and a URL as they are.
    public static func validatedSlug(_ raw: String) throws(GatehouseError) -> String {
        let slug = raw.trimmingCharacters(in: .whitespaces).lowercased()
        let allowed = slug.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        guard (2...40).contains(slug.count), allowed, slug.first != "-", slug.last != "-" else {
            throw .validation("slug", "invalid", detail: "A slug is 2–40 characters of a-z, 0-9 and inner hyphens.")
        }
        return slug
    }

    /// Characters text people read must not hold: control, format (bidi overrides, zero-width), line and
    /// paragraph separators, private-use, unassigned.
    static let invisible: Set<Unicode.GeneralCategory> = [.control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .unassigned, .surrogate]

    /// A name people read (in mail and on pages): 1–100 characters once trimmed, none of them invisible
    /// or able to reorder the text around it (control, format such as bidi overrides and zero-width,
    /// line and paragraph separators, private-use, unassigned).
    public static func validatedName(_ raw: String) throws(GatehouseError) -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
        guard (1...100).contains(name.count), !name.unicodeScalars.contains(where: { invisible.contains($0.properties.generalCategory) }) else {
            throw .validation("name", "invalid", detail: "A name is 1–100 characters without invisible or control characters.")
        }
        return name
    }
}

/// A person's role in an organisation: `operator`s invite and answer access requests for it.
public enum OrgRole: String, Sendable, Codable, CaseIterable {
    case member
    case `operator`
}

/// One person in one organisation.
public struct OrganizationMember: Sendable, Equatable {
    public var accountID: AccountID
    public var username: String
    public var email: String
    public var role: OrgRole
    public var since: Date

    public init(accountID: AccountID, username: String, email: String, role: OrgRole, since: Date) {
        self.accountID = accountID
        self.username = username
        self.email = email
        self.role = role
        self.since = since
    }
}

/// One organisation of a person's, with their role there.
public struct Membership: Sendable, Equatable {
    public var organization: Organization
    public var role: OrgRole

    public init(organization: Organization, role: OrgRole) {
        self.organization = organization
        self.role = role
    }
}

/// Organisations and who belongs to them.
public protocol OrganizationStore: Sendable {
    /// Adds an organisation; `StoreError.alreadyTaken(field: "slug")` if the slug is in use.
    func createOrganization(_ organization: Organization) async throws
    func organization(slug: String) async throws -> Organization?
    func organization(id: OrganizationID) async throws -> Organization?
    /// Every organisation, by slug.
    func allOrganizations() async throws -> [Organization]
    /// The organisation's members, by username.
    func organizationMembers(_ id: OrganizationID) async throws -> [OrganizationMember]
    /// The organisations an account belongs to, by slug, with its role in each.
    func memberships(of accountID: AccountID) async throws -> [Membership]
    /// The account's role in the organisation, nil if it is not a member.
    func membershipRole(_ accountID: AccountID, in id: OrganizationID) async throws -> OrgRole?
    /// Adds the account to the organisation, or changes its role there (one statement).
    func setMembership(_ accountID: AccountID, in id: OrganizationID, role: OrgRole, at date: Date) async throws
    /// Takes the account out of the organisation; the role it had there, nil if it was not a member.
    func removeMembership(_ accountID: AccountID, from id: OrganizationID) async throws -> OrgRole?
}
