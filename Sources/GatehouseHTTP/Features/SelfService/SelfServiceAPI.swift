import Foundation
import GatehouseCore

/// Self-service without a session (password reset, email verification, unlock by link) and the
/// signed-in person's changes to their own account.
extension GatehouseAPI {
    func requestPasswordReset(_ input: Operations.RequestPasswordReset.Input) async throws -> Operations.RequestPasswordReset.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        try await selfService.requestPasswordReset(email: body.email, request: try APICall.current.context.requestInfo)
        return .accepted(.init(body: .json(.init(status: .accepted))))
    }

    func completePasswordReset(_ input: Operations.CompletePasswordReset.Input) async throws -> Operations.CompletePasswordReset.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let call = try APICall.current
        let outcome = try await selfService.completePasswordReset(
            token: body.token, newPassword: body.newPassword, reissueTwoFactor: body.reissueTwoFactor ?? false, backupCode: body.backupCode,
            request: call.context.requestInfo)
        // Every session ended, the caller's too if it had one.
        if call.context.auth?.account.id == outcome.accountID { try APICall.setCookie(cookie.clearing()) }
        var scheduledAt: Date?
        if case .scheduled(let at) = outcome.twoFactorReissue { scheduledAt = at }
        return .ok(.init(body: .json(.init(status: .passwordChanged, sessionsEnded: outcome.sessionsEnded,
                                           twoFactorReissue: outcome.twoFactorReissued, twoFactorReissueAt: scheduledAt))))
    }

    func resendVerification(_ input: Operations.ResendVerification.Input) async throws -> Operations.ResendVerification.Output {
        let call = try APICall.current
        if let record = call.context.auth, record.session.status == .emailVerificationRequired {
            try await selfService.resendVerification(for: record, request: call.context.requestInfo)
        } else {
            guard case .json(let body) = input.body, let email = body.email else {
                throw GatehouseError.validation("email", "missing", detail: "`email` is required without a session waiting for verification.")
            }
            try await selfService.resendVerification(email: email, request: call.context.requestInfo)
        }
        return .accepted(.init(body: .json(.init(status: .accepted))))
    }

    func completeVerification(_ input: Operations.CompleteVerification.Input) async throws -> Operations.CompleteVerification.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let call = try APICall.current
        let outcome = try await selfService.completeVerification(token: body.token, session: call.context.auth, request: call.context.requestInfo)
        guard let advanced = outcome.advanced else {
            return .ok(.init(body: .json(.init(status: outcome.changedAddress ? .emailChanged : .emailVerified))))
        }
        guard case .json(let answer) = try step(advanced).body else { throw APICall.unsupportedBody }
        return .ok(.init(body: .json(.init(status: try .init(documenting: advanced.session.status), token: answer.token,
                                           expiresAt: answer.expiresAt, session: answer.session))))
    }

    func completeUnlock(_ input: Operations.CompleteUnlock.Input) async throws -> Operations.CompleteUnlock.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        try await selfService.completeUnlock(token: body.token, request: try APICall.current.context.requestInfo)
        return .ok(.init(body: .json(.init(status: .unlocked))))
    }

    func accountProfile(_ input: Operations.AccountProfile.Input) async throws -> Operations.AccountProfile.Output {
        let account = try await administration.current(try CallerContext.current.account)
        return .ok(.init(body: .json(try profile(account))))
    }

    func changePassword(_ input: Operations.ChangePassword.Input) async throws -> Operations.ChangePassword.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let caller = try SignedInContext.current
        try await selfService.changePassword(current: body.currentPassword, new: body.newPassword, by: caller.record, request: caller.requestInfo)
        return .noContent(.init())
    }

    func changeUsername(_ input: Operations.ChangeUsername.Input) async throws -> Operations.ChangeUsername.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let caller = try SignedInContext.current
        let account = try await selfService.changeUsername(to: body.username, current: body.currentPassword, by: caller.record, request: caller.requestInfo)
        return .ok(.init(body: .json(try profile(account))))
    }

    func changeEmail(_ input: Operations.ChangeEmail.Input) async throws -> Operations.ChangeEmail.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let caller = try SignedInContext.current
        try await selfService.changeEmail(to: body.email, current: body.currentPassword, by: caller.record, request: caller.requestInfo)
        return .accepted(.init(body: .json(.init(status: .accepted))))
    }

    func setLanguage(_ input: Operations.SetLanguage.Input) async throws -> Operations.SetLanguage.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        guard let language = Language(rawValue: body.language.rawValue) else {
            throw GatehouseError.validation("language", "unsupported", detail: "Supported languages: en, ru.")
        }
        let caller = try SignedInContext.current
        try await selfService.setLanguage(language, by: caller.record, request: caller.requestInfo)
        return .noContent(.init())
    }

    /// The profile `GET /api/v1/account` and a username change answer: two-factor state and the
    /// accepted consent version included.
    func profile(_ account: Account) throws -> Components.Schemas.Profile {
        .init(id: account.id.rawValue, username: account.username, email: account.email, emailVerified: account.emailVerifiedAt != nil,
              pendingEmail: account.pendingEmail, roles: account.roles.sorted().map(\.name),
              preferredLanguage: try .init(documenting: account.preferredLanguage), createdAt: account.createdAt,
              twoFactor: .init(enabled: account.twoFactor.isEnabled, enabledAt: account.twoFactor.enabledAt,
                               required: selfService.signIn.configuration.twoFactorRequired, reissueAt: selfService.reissueEffectiveAt(account)),
              consentVersion: account.consentVersion, consentAcceptedAt: account.consentAcceptedAt)
    }
}
