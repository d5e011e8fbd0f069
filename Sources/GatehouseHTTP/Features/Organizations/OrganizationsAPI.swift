import Foundation
import GatehouseCore

/// Organisations and their members, as a platform administrator manages them (role admin; the document
/// declares the policy).
extension GatehouseAPI {
    func adminListOrganizations(_ input: Operations.AdminListOrganizations.Input) async throws -> Operations.AdminListOrganizations.Output {
        .ok(.init(body: .json(try await organizations.all().map(Components.Schemas.Organization.init))))
    }

    func adminCreateOrganization(_ input: Operations.AdminCreateOrganization.Input) async throws -> Operations.AdminCreateOrganization.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let caller = try CallerContext.current
        let organization = try await organizations.create(slug: body.slug, name: body.name, actor: caller.account.id)
        return .created(.init(body: .json(.init(organization))))
    }

    func adminGetOrganization(_ input: Operations.AdminGetOrganization.Input) async throws -> Operations.AdminGetOrganization.Output {
        .ok(.init(body: .json(.init(try await organizations.organization(input.path.slug)))))
    }

    func adminListOrganizationMembers(_ input: Operations.AdminListOrganizationMembers.Input) async throws
        -> Operations.AdminListOrganizationMembers.Output {
        .ok(.init(body: .json(try await organizations.members(of: input.path.slug).map { try .init($0) })))
    }

    func adminSetOrganizationMember(_ input: Operations.AdminSetOrganizationMember.Input) async throws -> Operations.AdminSetOrganizationMember.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let caller = try CallerContext.current
        let member = try await organizations.setMember(try Self.accountID(input.path.userId), of: input.path.slug,
                                                       role: try .init(documenting: body.orgRole), actor: caller.account.id)
        return .ok(.init(body: .json(try .init(member))))
    }

    func adminRemoveOrganizationMember(_ input: Operations.AdminRemoveOrganizationMember.Input) async throws
        -> Operations.AdminRemoveOrganizationMember.Output {
        let caller = try CallerContext.current
        try await organizations.removeMember(try Self.accountID(input.path.userId), of: input.path.slug, actor: caller.account.id)
        return .noContent(.init())
    }
}

extension Components.Schemas.Organization {
    init(_ organization: Organization) {
        self.init(id: organization.id.rawValue, slug: organization.slug, name: organization.name, createdAt: organization.createdAt)
    }
}

extension Components.Schemas.OrganizationMember {
    init(_ member: OrganizationMember) throws {
        self.init(userId: member.accountID.rawValue, username: member.username, email: member.email, orgRole: try .init(documenting: member.role))
    }
}
