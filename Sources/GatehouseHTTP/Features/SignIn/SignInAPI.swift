import Foundation
import GatehouseCore

/// Sign-in, the session's own state and logout.
extension GatehouseAPI {
    func login(_ input: Operations.Login.Input) async throws -> Operations.Login.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let call = try APICall.current
        return .ok(try step(try await signIn.login(body.login, password: body.password, request: call.context.requestInfo)))
    }

    func currentSession(_ input: Operations.CurrentSession.Input) async throws -> Operations.CurrentSession.Output {
        let record = try SessionContext.current.record
        return .ok(.init(body: .json(.init(
            user: try .init(record.account), session: try .init(record.session), status: try .init(documenting: record.session.status),
            csrfToken: CSRFMiddleware.token(for: record.session.id, keys: keys),
            impersonation: record.session.impersonation.map { .init($0, expiresAt: record.session.expiresAt) }))))
    }

    func logout(_ input: Operations.Logout.Input) async throws -> Operations.Logout.Output {
        let caller = try SessionContext.current
        if caller.record.session.impersonation != nil {
            // Signing out of an administrator's access ends it and gives the administrator's own session
            // back to the browser (its cookie); an API client that wants the token ends the access with
            // /admin/impersonation/end instead.
            if let restored = try await access.end(caller.record, how: .logout, request: caller.requestInfo) {
                try APICall.setCookie(cookie.cookie(token: restored.token, expires: restored.session.expiresAt))
            } else {
                try APICall.setCookie(cookie.clearing())
            }
            return .noContent(.init())
        }
        try await signIn.logout(caller.record, request: caller.requestInfo)
        try APICall.setCookie(cookie.clearing())
        return .noContent(.init())
    }

    /// Every sign-in step answers this: the session's status, its new token (shown once) and the
    /// session cookie set again.
    func step(_ result: SignInResult, newBackupCode: String? = nil, backupCode: String? = nil) throws -> Components.Responses.SignInStep {
        try APICall.setCookie(cookie.cookie(token: result.token, expires: result.session.expiresAt))
        return .init(body: .json(.init(
            status: try .init(documenting: result.session.status), token: result.token, expiresAt: result.session.expiresAt,
            session: try .init(result.session), newBackupCode: newBackupCode, backupCode: backupCode,
            impersonation: result.session.impersonation.map { .init($0, expiresAt: result.session.expiresAt) })))
    }
}
