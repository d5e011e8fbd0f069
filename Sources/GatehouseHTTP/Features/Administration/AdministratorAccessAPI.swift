import Foundation
import GatehouseCore

/// An administrator's access to a standard account (`admin:impersonate`), and its end.
extension GatehouseAPI {
    func adminImpersonateUser(_ input: Operations.AdminImpersonateUser.Input) async throws -> Operations.AdminImpersonateUser.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let caller = try SignedInContext.current
        let started = try await access.start(by: caller.record, target: try Self.accountID(input.path.id), reason: body.reason,
                                             request: caller.requestInfo)
        return .ok(try step(SignInResult(session: started.session, account: started.account, token: started.token)))
    }

    func endImpersonation(_ input: Operations.EndImpersonation.Input) async throws -> Operations.EndImpersonation.Output {
        let caller = try SessionContext.current
        guard let restored = try await access.end(caller.record, how: .manual, request: caller.requestInfo) else {
            try APICall.setCookie(cookie.clearing())
            throw Problem(.unauthorized, .sessionExpired, detail: "Your own session ended meanwhile; sign in again.")
        }
        return .ok(try step(restored))
    }
}

extension Components.Schemas.Impersonation {
    init(_ impersonation: SessionImpersonation, expiresAt: Date) {
        self.init(adminId: impersonation.administratorID.rawValue, adminUsername: impersonation.administratorUsername,
                  reason: impersonation.reason, expiresAt: expiresAt)
    }
}
