import Foundation
import GatehouseCore

/// What an administrator does to an account (role admin; the document declares the policy).
extension GatehouseAPI {
    func adminUnlockUser(_ input: Operations.AdminUnlockUser.Input) async throws -> Operations.AdminUnlockUser.Output {
        let caller = try CallerContext.current
        return .ok(try await adminAnswer(administration.unlock(id: try Self.accountID(input.path.id), actor: caller.account.id, request: caller.requestInfo)))
    }

    /// Disabling and enabling come from a signed-in session only (an API token never), and only for
    /// accounts whose platform roles are within the administrator's own access.
    func adminDisableUser(_ input: Operations.AdminDisableUser.Input) async throws -> Operations.AdminDisableUser.Output {
        let caller = try SignedInContext.current
        let target = try await targetWithinAccess(input.path.id, of: caller)
        return .ok(try await adminAnswer(administration.disable(id: target.id, actor: caller.account.id, request: caller.requestInfo)))
    }

    func adminEnableUser(_ input: Operations.AdminEnableUser.Input) async throws -> Operations.AdminEnableUser.Output {
        let caller = try SignedInContext.current
        let target = try await targetWithinAccess(input.path.id, of: caller)
        return .ok(try await adminAnswer(administration.enable(id: target.id, actor: caller.account.id, request: caller.requestInfo)))
    }

    /// The account the path names, if the signed-in administrator holds every permission its platform
    /// roles give (an administrator with a narrower role cannot disable or erase a full one).
    func targetWithinAccess(_ rawID: String, of caller: SignedInContext) async throws -> Account {
        let target = try await administration.account(id: try Self.accountID(rawID))
        guard tokens.access.mayGrant(target.roles, holding: tokens.caller(caller.record).permissions) else {
            throw Problem(.forbidden, .forbidden, detail: "That account holds permissions you do not hold.")
        }
        return target
    }

    func adminResetTwoFactor(_ input: Operations.AdminResetTwoFactor.Input) async throws -> Operations.AdminResetTwoFactor.Output {
        let caller = try SignedInContext.current
        let target = try await targetWithinAccess(input.path.id, of: caller)
        _ = try await administration.resetTwoFactor(id: target.id, actor: caller.account.id, request: caller.requestInfo)
        return .noContent(.init())
    }

    func adminCreateUser(_ input: Operations.AdminCreateUser.Input) async throws -> Operations.AdminCreateUser.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let caller = try CallerContext.current
        var roles = Set<Role>()
        for raw in body.roles ?? [] { roles.insert(try Role.validated(raw)) }
        try Self.requireGrantable(roles, by: caller.caller, access: tokens.access)
        let account = try await administration.createWithSetPasswordMail(
            username: body.username, email: body.email, roles: roles, organization: body.organization,
            orgRole: try body.orgRole.map { try OrgRole(documenting: $0) } ?? .member, actor: caller.account.id, request: caller.requestInfo)
        return .created(.init(body: .json(.init(user: try .init(account), status: try .init(documenting: account.status), locked: account.isLocked))))
    }

    func adminEraseUser(_ input: Operations.AdminEraseUser.Input) async throws -> Operations.AdminEraseUser.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let caller = try SignedInContext.current
        let target = try await targetWithinAccess(input.path.id, of: caller)
        try await administration.erase(id: target.id, reason: body.reason, actor: caller.account.id, request: caller.requestInfo)
        return .noContent(.init())
    }

    func adminListUsers(_ input: Operations.AdminListUsers.Input) async throws -> Operations.AdminListUsers.Output {
        let page = try await administration.search(query: input.query.query, cursor: input.query.cursor, limit: input.query.limit ?? 50)
        return .ok(.init(body: .json(.init(users: page.accounts.map(Components.Schemas.AdminUserEntry.init), nextCursor: page.next))))
    }

    func adminGetUser(_ input: Operations.AdminGetUser.Input) async throws -> Operations.AdminGetUser.Output {
        let found = try await administration.detail(id: try Self.accountID(input.path.id))
        return .ok(.init(body: .json(.init(user: .init(found.account), sessions: try found.sessions.map(Components.Schemas.Session.init),
                                           events: found.events.map(Components.Schemas.SecurityEvent.init)))))
    }

    func adminSetUserRoles(_ input: Operations.AdminSetUserRoles.Input) async throws -> Operations.AdminSetUserRoles.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let caller = try SignedInContext.current
        let id = try Self.accountID(input.path.id)
        var roles = Set<Role>()
        for raw in body.roles { roles.insert(try Role.validated(raw)) }
        // Both what is added and what is taken away must be within the administrator's own access.
        let before = try await administration.account(id: id).roles
        try Self.requireGrantable(roles.symmetricDifference(before), by: tokens.caller(caller.record), access: tokens.access)
        return .ok(try await adminAnswer(administration.setRoles(id: id, roles: roles.map(\.name), actor: caller.account.id, request: caller.requestInfo)))
    }

    /// Platform roles are granted (and taken away) only from a signed-in session, and only when the
    /// caller holds every permission they give: a token, or an administrator with a narrower role,
    /// cannot hand out more than their own access.
    static func requireGrantable(_ roles: Set<Role>, by caller: Caller, access: AccessModel) throws {
        guard !roles.isEmpty else { return }
        guard caller.token == nil else {
            throw Problem(.forbidden, .forbidden, detail: "Platform roles are granted from a signed-in session only, never with an API token.")
        }
        guard access.mayGrant(roles, holding: caller.permissions) else {
            throw Problem(.forbidden, .forbidden, detail: "You cannot grant or remove a role with permissions you do not hold.")
        }
    }

    /// The path's account id; anything but a UUID names no account.
    static func accountID(_ raw: String) throws -> AccountID {
        guard let id = AccountID(raw) else { throw Problem(.notFound, .notFound, detail: "No account has that id.") }
        return id
    }

    func adminAnswer(_ account: Account) async throws -> Components.Responses.AdminUser {
        let current = try await administration.current(account)
        return .init(body: .json(.init(user: try .init(current), status: try .init(documenting: current.status), locked: current.isLocked)))
    }
}

extension Components.Schemas.AdminUserEntry {
    init(_ account: Account) {
        let state: StatePayload = account.status == .disabled ? .disabled : account.isLocked ? .locked : .active
        self.init(id: account.id.rawValue, username: account.username, email: account.email, roles: account.roles.sorted().map(\.name),
                  organizations: account.organizations.keys.sorted(), state: state, emailVerified: account.emailVerifiedAt != nil,
                  twoFactor: account.twoFactor.isEnabled, createdAt: account.createdAt, lastSignInAt: account.lastSignInAt)
    }
}

extension Components.Schemas.SecurityEvent {
    /// An event about the account as its owner (or support) sees it: who acted when it was someone else,
    /// and the IP only of what the person (or someone trying their account) did, never an administrator's.
    init(_ record: AuditRecord) {
        let byOther = record.actorID != nil && record.actorID != record.subjectID
        self.init(_type: record.type.rawValue, occurredAt: record.occurredAt,
                  actorId: byOther ? record.actorID?.rawValue : nil,
                  details: .init(additionalProperties: record.detailValues.filter { $0.key != "administrator_session" }),
                  ip: byOther ? nil : record.personal.ip)
    }
}
