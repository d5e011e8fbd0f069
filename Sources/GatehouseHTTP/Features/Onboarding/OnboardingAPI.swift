import Foundation
import GatehouseCore

/// Invitations (from platform administrators, and from operators into their own organisation),
/// registration with one, and accepting one with an existing account. The policies are the
/// document's; who may manage an organisation's invitations is `Invitations.manageable`.
extension GatehouseAPI {
    func adminCreateInvitation(_ input: Operations.AdminCreateInvitation.Input) async throws -> Operations.AdminCreateInvitation.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let caller = try CallerContext.current
        let target: InvitationTarget
        switch (body.organization, body.newOrganization) {
        case (let slug?, nil): target = .organization(slug: slug)
        case (nil, let new?): target = .newOrganization(slug: new.slug, name: new.name)
        default:
            throw GatehouseError.validation("organization", "one_of", detail: "Give either organization (an existing slug) or new_organization.")
        }
        var roles = Set<Role>()
        for raw in body.roles ?? [] { roles.insert(try Role.validated(raw)) }
        try Self.requireGrantable(roles, by: caller.caller, access: tokens.access)
        let invitation = try await invitations.invite(email: body.email, into: target, orgRole: try .init(documenting: body.orgRole), roles: roles,
                                                      by: Inviter(caller.caller), language: caller.account.preferredLanguage,
                                                      request: caller.requestInfo)
        return .created(.init(body: .json(.init(id: invitation.id.rawValue, expiresAt: invitation.expiresAt))))
    }

    func listInvitations(_ input: Operations.ListInvitations.Input) async throws -> Operations.ListInvitations.Output {
        let caller = try CallerContext.current
        let now = invitations.clock.now()
        let listed = try await invitations.invitations(of: input.path.slug, viewer: Inviter(caller.caller))
        return .ok(.init(body: .json(try listed.map { try .init($0, at: now) })))
    }

    func createInvitation(_ input: Operations.CreateInvitation.Input) async throws -> Operations.CreateInvitation.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let caller = try CallerContext.current
        let invitation = try await invitations.invite(email: body.email, into: .organization(slug: input.path.slug),
                                                      orgRole: try .init(documenting: body.orgRole), by: Inviter(caller.caller),
                                                      language: caller.account.preferredLanguage, request: caller.requestInfo)
        return .created(.init(body: .json(.init(id: invitation.id.rawValue, expiresAt: invitation.expiresAt))))
    }

    func revokeInvitation(_ input: Operations.RevokeInvitation.Input) async throws -> Operations.RevokeInvitation.Output {
        let caller = try CallerContext.current
        try await invitations.revoke(InvitationID(rawValue: input.path.id), of: input.path.slug, by: Inviter(caller.caller),
                                     request: caller.requestInfo)
        return .noContent(.init())
    }

    func resendInvitation(_ input: Operations.ResendInvitation.Input) async throws -> Operations.ResendInvitation.Output {
        let caller = try CallerContext.current
        let invitation = try await invitations.resend(InvitationID(rawValue: input.path.id), of: input.path.slug, by: Inviter(caller.caller),
                                                      language: caller.account.preferredLanguage, request: caller.requestInfo)
        return .accepted(.init(body: .json(.init(id: invitation.id.rawValue, expiresAt: invitation.expiresAt))))
    }

    func lookupInvitation(_ input: Operations.LookupInvitation.Input) async throws -> Operations.LookupInvitation.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let invitation: Invitation
        do {
            invitation = try await invitations.lookup(token: body.token)
        } catch let error as GatehouseError where error.code == .invitationInvalid {
            try await signIn.countTokenFailure(from: try APICall.current.context.requestInfo.ip)
            throw error
        }
        return .ok(.init(body: .json(.init(email: invitation.email, organization: invitation.organization.slug,
                                           organizationName: invitation.organization.name, expiresAt: invitation.expiresAt))))
    }

    func register(_ input: Operations.Register.Input) async throws -> Operations.Register.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let call = try APICall.current
        let language = try body.language.map { try Language(documenting: $0) } ?? .en
        switch try await registrations.register(
            Registration(invitationToken: body.invitationToken, email: body.email, username: body.username, password: body.password, language: language),
            request: call.context.requestInfo) {
        case .signedIn(let result): return .created(try step(result))
        case .checkYourMail: return .accepted(.init(body: .json(.init(status: .accepted))))
        }
    }

    func acceptInvitation(_ input: Operations.AcceptInvitation.Input) async throws -> Operations.AcceptInvitation.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let caller = try SignedInContext.current
        let membership = try await invitations.accept(token: body.invitationToken, account: caller.account, request: caller.requestInfo)
        return .ok(.init(body: .json(.init(organization: .init(membership.organization), orgRole: try .init(documenting: membership.role)))))
    }
}

extension Components.Schemas.Invitation {
    init(_ invitation: Invitation, at now: Date) throws {
        self.init(id: invitation.id.rawValue, email: invitation.email, organization: invitation.organization.slug,
                  orgRole: try .init(documenting: invitation.orgRole), state: try .init(documenting: invitation.state(at: now)),
                  invitedBy: invitation.invitedByUsername, createdAt: invitation.createdAt, expiresAt: invitation.expiresAt)
    }
}

/// Access requests: anyone may submit one; operators of the organisation it names, and platform
/// administrators, see the queue and decide.
extension GatehouseAPI {
    func submitAccessRequest(_ input: Operations.SubmitAccessRequest.Input) async throws -> Operations.SubmitAccessRequest.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let language = try body.language.map { try Language(documenting: $0) } ?? .en
        try await accessRequests.submit(AccessRequestSubmission(name: body.name, email: body.email, organization: body.organization, message: body.message,
                                                                language: language),
                                        request: try APICall.current.context.requestInfo)
        return .accepted(.init(body: .json(.init(status: .accepted))))
    }

    func listAccessRequests(_ input: Operations.ListAccessRequests.Input) async throws -> Operations.ListAccessRequests.Output {
        let caller = try CallerContext.current
        return .ok(.init(body: .json(try await accessRequests.requests(of: input.path.slug, viewer: Inviter(caller.caller)).map { try .init($0) })))
    }

    func adminListAccessRequests(_ input: Operations.AdminListAccessRequests.Input) async throws -> Operations.AdminListAccessRequests.Output {
        .ok(.init(body: .json(try await accessRequests.all().map { try .init($0) })))
    }

    func approveAccessRequest(_ input: Operations.ApproveAccessRequest.Input) async throws -> Operations.ApproveAccessRequest.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let caller = try CallerContext.current
        let invitation = try await accessRequests.approve(AccessRequestID(rawValue: input.path.id), of: input.path.slug,
                                                          orgRole: try body.orgRole.map { try OrgRole(documenting: $0) } ?? .member,
                                                          by: Inviter(caller.caller), request: caller.requestInfo)
        return .created(.init(body: .json(.init(id: invitation.id.rawValue, expiresAt: invitation.expiresAt))))
    }

    func rejectAccessRequest(_ input: Operations.RejectAccessRequest.Input) async throws -> Operations.RejectAccessRequest.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let caller = try CallerContext.current
        try await accessRequests.reject(AccessRequestID(rawValue: input.path.id), of: input.path.slug, notify: body.notify ?? false,
                                        by: Inviter(caller.caller), request: caller.requestInfo)
        return .noContent(.init())
    }

    func adminApproveAccessRequest(_ input: Operations.AdminApproveAccessRequest.Input) async throws -> Operations.AdminApproveAccessRequest.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let caller = try CallerContext.current
        let invitation = try await accessRequests.approve(AccessRequestID(rawValue: input.path.id), of: nil, organization: body.organization,
                                                          orgRole: try body.orgRole.map { try OrgRole(documenting: $0) } ?? .member,
                                                          by: Inviter(caller.caller), request: caller.requestInfo)
        return .created(.init(body: .json(.init(id: invitation.id.rawValue, expiresAt: invitation.expiresAt))))
    }

    func adminRejectAccessRequest(_ input: Operations.AdminRejectAccessRequest.Input) async throws -> Operations.AdminRejectAccessRequest.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let caller = try CallerContext.current
        try await accessRequests.reject(AccessRequestID(rawValue: input.path.id), of: nil, notify: body.notify ?? false, by: Inviter(caller.caller),
                                        request: caller.requestInfo)
        return .noContent(.init())
    }
}

extension Components.Schemas.AccessRequest {
    init(_ request: AccessRequest) throws {
        self.init(id: request.id.rawValue, name: request.name, email: request.email, organization: request.organizationSlug, message: request.message,
                  state: try .init(documenting: request.state), createdAt: request.createdAt, decidedBy: request.decidedByUsername,
                  decidedAt: request.decidedAt)
    }
}
