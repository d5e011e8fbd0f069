import Foundation

/// Organisations and their members, managed by a platform administrator (CLI `gatehouse org`, and the
/// admin API later). Every change is one unit of work with its audit event; a membership change
/// forgets the account's cached sessions, since forward auth reports the account's organisations.
public struct OrganizationAdministration: Sendable {
    public let store: any Store
    public let clock: any WallClock
    public let random: any RandomSource
    public let units: UnitOfWork

    public init(store: any Store, trail: AuditTrail, clock: any WallClock = SystemWallClock(), random: any RandomSource = SystemRandomSource(),
                cache: SessionCache? = nil) {
        self.store = store
        self.clock = clock
        self.random = random
        self.units = UnitOfWork(store: store, trail: trail, cache: cache, outbox: nil)
    }

    /// A new organisation; a taken slug is `already_taken` on `slug`.
    public func create(slug rawSlug: String, name rawName: String, actor: AccountID? = nil) async throws -> Organization {
        let slug = try Organization.validatedSlug(rawSlug)
        let name = try Organization.validatedName(rawName)
        let now = clock.now()
        let organization = Organization(id: OrganizationID(rawValue: random.uuidV7(at: now).uuidString.lowercased()), slug: slug, name: name,
                                        createdAt: now)
        do {
            try await units.run { work in
                try await work.organizations.createOrganization(organization)
                work.record(AuditEvent(.organizationCreated, actor: actor, details: [
                    "organization": slug, "organization_id": organization.id.rawValue, "name": name]))
            }
        } catch StoreError.alreadyTaken {
            throw GatehouseError(.alreadyTaken, detail: "That slug is already in use.", errors: [FieldError(field: "slug", code: "already_taken")])
        }
        return organization
    }

    /// Every organisation, by slug.
    public func all() async throws -> [Organization] {
        try await store.organizations.allOrganizations()
    }

    /// The organisation with this slug; `not_found` otherwise.
    public func organization(_ slug: String) async throws -> Organization {
        guard let organization = try await store.organizations.organization(slug: slug.lowercased()) else {
            throw GatehouseError(.notFound, detail: "No organisation has that slug.")
        }
        return organization
    }

    /// The organisations an account belongs to, by slug, with its role in each.
    public func memberships(of accountID: AccountID) async throws -> [Membership] {
        try await store.organizations.memberships(of: accountID)
    }

    public func members(of slug: String) async throws -> [OrganizationMember] {
        try await store.organizations.organizationMembers(try await organization(slug).id)
    }

    /// Adds the account to the organisation with `role`, or changes its role there.
    @discardableResult
    public func setMember(_ accountID: AccountID, of slug: String, role: OrgRole, actor: AccountID? = nil) async throws -> OrganizationMember {
        let organization = try await organization(slug)
        guard let account = try await store.accounts.account(id: accountID) else {
            throw GatehouseError(.notFound, detail: "No account has that id.")
        }
        let now = clock.now()
        try await units.run { work in
            let before = try await work.organizations.membershipRole(account.id, in: organization.id)
            guard before != role else { return }
            try await work.organizations.setMembership(account.id, in: organization.id, role: role, at: now)
            var details = ["organization": organization.slug, "org_role": role.rawValue]
            if let before { details["from"] = before.rawValue }
            work.record(AuditEvent(before == nil ? .organizationMemberAdded : .organizationMemberChanged, actor: actor, subject: account.id,
                                   details: details))
            work.forget(account: account.id)
        }
        let since = try await store.organizations.organizationMembers(organization.id).first { $0.accountID == account.id }?.since ?? now
        return OrganizationMember(accountID: account.id, username: account.username, email: account.email, role: role, since: since)
    }

    /// Takes the account out of the organisation; `not_found` if it was not a member.
    public func removeMember(_ accountID: AccountID, of slug: String, actor: AccountID? = nil) async throws {
        let organization = try await organization(slug)
        try await units.run { work in
            guard let role = try await work.organizations.removeMembership(accountID, from: organization.id) else {
                throw GatehouseError(.notFound, detail: "That account is not a member of the organisation.")
            }
            work.record(AuditEvent(.organizationMemberRemoved, actor: actor, subject: accountID, details: [
                "organization": organization.slug, "org_role": role.rawValue]))
            work.forget(account: accountID)
        }
    }
}
