import Foundation
import GatehouseCore

/// What an administrator does to an account (role admin; the document declares the policy).
extension GatehouseAPI {
    func adminUnlockUser(_ input: Operations.AdminUnlockUser.Input) async throws -> Operations.AdminUnlockUser.Output {
        .ok(try await adminAnswer(administration.unlock(id: try Self.accountID(input.path.id), actor: try CallerContext.current.account.id)))
    }

    func adminDisableUser(_ input: Operations.AdminDisableUser.Input) async throws -> Operations.AdminDisableUser.Output {
        .ok(try await adminAnswer(administration.disable(id: try Self.accountID(input.path.id), actor: try CallerContext.current.account.id)))
    }

    func adminEnableUser(_ input: Operations.AdminEnableUser.Input) async throws -> Operations.AdminEnableUser.Output {
        .ok(try await adminAnswer(administration.enable(id: try Self.accountID(input.path.id), actor: try CallerContext.current.account.id)))
    }

    func adminResetTwoFactor(_ input: Operations.AdminResetTwoFactor.Input) async throws -> Operations.AdminResetTwoFactor.Output {
        let caller = try SignedInContext.current
        _ = try await administration.resetTwoFactor(id: try Self.accountID(input.path.id), actor: caller.account.id, request: caller.requestInfo)
        return .noContent(.init())
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
