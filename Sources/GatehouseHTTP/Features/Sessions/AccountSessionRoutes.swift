import Foundation
import GatehouseCore
import Hummingbird

/// `/api/v1/account/sessions`: the signed-in person's own sessions.
struct AccountSessionRoutes {
    let sessions: AccountSessions

    struct SessionItem: Encodable, Sendable {
        var id: String
        var current: Bool
        var createdAt: Date
        var lastSeenAt: Date
        var ip: String?
        var city: String?
        var country: String?
        var browser: String?
        var os: String?
        var device: String?
    }

    func register(in routes: RouteRegistry) {
        routes.get("/api/v1/account/sessions", policy: .authenticated) { request, context in
            let auth = try context.requireAuth()
            let language = WebLanguage.explicit(request).map { $0 == .ru ? Language.ru : .en } ?? auth.account.preferredLanguage
            let items = try await sessions.list(for: auth.account.id).map { session in
                SessionItem(
                    id: session.id.rawValue, current: session.id == auth.session.id, createdAt: session.createdAt,
                    lastSeenAt: session.lastSeenAt, ip: session.ip, city: session.client.city(in: language),
                    country: session.client.country(in: language), browser: session.client.browser, os: session.client.os,
                    device: session.client.device)
            }
            return JSONBody(items)
        }
        routes.delete("/api/v1/account/sessions/:id", policy: .authenticated) { _, context in
            let id = SessionID(rawValue: context.parameters.get("id") ?? "")
            try await sessions.revoke(id, by: try context.requireAuth(), request: context.requestInfo)
            return EmptyAnswer()
        }
        routes.post("/api/v1/account/sessions/revoke-others", policy: .authenticated) { _, context in
            let count = try await sessions.revokeOthers(by: try context.requireAuth(), request: context.requestInfo)
            return JSONBody(["revoked": count])
        }
    }
}
