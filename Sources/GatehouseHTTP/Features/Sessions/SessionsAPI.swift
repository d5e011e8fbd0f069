import Foundation
import GatehouseCore

/// The signed-in person's own sessions.
extension GatehouseAPI {
    func listSessions(_ input: Operations.ListSessions.Input) async throws -> Operations.ListSessions.Output {
        let caller = try SignedInContext.current
        let language = WebLanguage.explicit(try APICall.current.request) ?? caller.account.preferredLanguage
        let items = try await sessions.list(for: caller.account.id).map { session in
            Components.Schemas.SessionListItem(
                id: session.id.rawValue, current: session.id == caller.record.session.id, createdAt: session.createdAt,
                lastSeenAt: session.lastSeenAt, ip: session.ip, city: session.client.city(in: language),
                country: session.client.country(in: language), browser: session.client.browser, os: session.client.os,
                device: session.client.device.map { Components.Schemas.SessionListItem.DevicePayload(rawValue: $0) ?? .other })
        }
        return .ok(.init(body: .json(items)))
    }

    func revokeSession(_ input: Operations.RevokeSession.Input) async throws -> Operations.RevokeSession.Output {
        let caller = try SignedInContext.current
        try await sessions.revoke(SessionID(rawValue: input.path.id), by: caller.record, request: caller.requestInfo)
        return .noContent(.init())
    }

    func revokeOtherSessions(_ input: Operations.RevokeOtherSessions.Input) async throws -> Operations.RevokeOtherSessions.Output {
        let caller = try SignedInContext.current
        return .ok(.init(body: .json(.init(revoked: try await sessions.revokeOthers(by: caller.record, request: caller.requestInfo)))))
    }
}
