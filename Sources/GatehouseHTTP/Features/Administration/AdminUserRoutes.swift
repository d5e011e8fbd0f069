import Foundation
import GatehouseCore
import Hummingbird

/// `/api/v1/admin/users/{id}/…`: what an administrator does to an account.
struct AdminUserRoutes {
    let administration: AccountAdministration

    struct Answer: Encodable, Sendable {
        var user: AuthRoutes.UserView
        var status: String
        var locked: Bool
    }

    func register(in routes: RouteRegistry) {
        let admin = RoutePolicy.role(Role.admin.name)
        routes.post("/api/v1/admin/users/:id/unlock", policy: admin) { _, context in
            try await answer(administration.unlock(id: try Self.id(context), actor: try context.requireAuth().account.id))
        }
        routes.post("/api/v1/admin/users/:id/disable", policy: admin) { _, context in
            try await answer(administration.disable(id: try Self.id(context), actor: try context.requireAuth().account.id))
        }
        routes.post("/api/v1/admin/users/:id/enable", policy: admin) { _, context in
            try await answer(administration.enable(id: try Self.id(context), actor: try context.requireAuth().account.id))
        }
        routes.post("/api/v1/admin/users/:id/reset-two-factor", policy: admin) { _, context in
            _ = try await administration.resetTwoFactor(id: try Self.id(context), actor: try context.requireAuth().account.id, request: context.requestInfo)
            return EmptyAnswer()
        }
    }

    static func id(_ context: GatehouseRequestContext) throws -> AccountID {
        guard let raw = context.parameters.get("id"), let id = AccountID(raw) else {
            throw Problem(.notFound, .notFound, detail: "No account has that id.")
        }
        return id
    }

    func answer(_ account: Account) async throws -> JSONBody<Answer> {
        let current = try await administration.current(account)
        return JSONBody(Answer(user: AuthRoutes.UserView(current), status: current.status.rawValue, locked: current.isLocked))
    }
}
