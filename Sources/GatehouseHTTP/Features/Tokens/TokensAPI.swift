import Foundation
import GatehouseCore

/// A person's API tokens (only from an interactive session; the document declares the policies) and
/// `POST /api/v1/authorize` for any caller.
extension GatehouseAPI {
    func listAPITokens(_ input: Operations.ListAPITokens.Input) async throws -> Operations.ListAPITokens.Output {
        let caller = try SignedInContext.current
        return .ok(.init(body: .json(try await tokens.list(caller.account).map(Components.Schemas.APIToken.init))))
    }

    func createAPIToken(_ input: Operations.CreateAPIToken.Input) async throws -> Operations.CreateAPIToken.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        // A token is always the caller's own: naming another account is refused outright.
        guard body.userId == nil else { throw Problem(.forbidden, .forbidden, detail: "A token is always created for the signed-in account.") }
        let caller = try SignedInContext.current
        let (token, secret) = try await tokens.create(name: body.name, group: body.permissionGroup, expiresAt: body.expiresAt, by: caller.record,
                                                      request: caller.requestInfo)
        return .created(.init(body: .json(.init(id: token.id.rawValue, token: secret))))
    }

    func rotateAPIToken(_ input: Operations.RotateAPIToken.Input) async throws -> Operations.RotateAPIToken.Output {
        let caller = try SignedInContext.current
        let (token, secret) = try await tokens.rotate(APITokenID(rawValue: input.path.id), by: caller.record, request: caller.requestInfo)
        return .ok(.init(body: .json(.init(id: token.id.rawValue, token: secret))))
    }

    func deleteAPIToken(_ input: Operations.DeleteAPIToken.Input) async throws -> Operations.DeleteAPIToken.Output {
        let caller = try SignedInContext.current
        try await tokens.delete(APITokenID(rawValue: input.path.id), by: caller.record, request: caller.requestInfo)
        return .noContent(.init())
    }

    func authorize(_ input: Operations.Authorize.Input) async throws -> Operations.Authorize.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        guard let permission = Permission(body.permission) else {
            throw GatehouseError.validation("permission", "invalid", detail: "A permission is resource:action (a-z, 0-9, _ and -).")
        }
        let caller = try CallerContext.current.caller
        let allowed = tokens.allows(caller, permission, in: body.organization?.lowercased())
        return .ok(.init(body: .json(.init(allowed: allowed))))
    }
}

extension Components.Schemas.APIToken {
    init(_ token: APIToken) {
        self.init(id: token.id.rawValue, name: token.name, permissionGroup: token.permissionGroup, createdAt: token.createdAt,
                  expiresAt: token.expiresAt, lastUsedAt: token.lastUsedAt, lastUsedIp: token.lastUsedIP, lastUsedCity: token.lastUsedCity,
                  lastUsedCountry: token.lastUsedCountry)
    }
}
