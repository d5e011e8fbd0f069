import Foundation
import GatehouseCore
import GatehouseWeb

/// The sign-in steps after the password (second factor, recovery, consent, enrolment) and the signed-in
/// person's own authenticator.
extension GatehouseAPI {
    func loginSecondFactor(_ input: Operations.LoginSecondFactor.Input) async throws -> Operations.LoginSecondFactor.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        guard body.code != nil || body.backupCode != nil else {
            throw GatehouseError.validation("code", "missing", detail: "Send `code` (6 digits) or `backup_code`.")
        }
        let caller = try SessionContext.current
        let outcome = try await twoFactor.secondFactor(code: body.code, backupCode: body.backupCode, record: caller.record, request: caller.requestInfo)
        return .ok(try step(outcome.result, newBackupCode: outcome.newBackupCode))
    }

    func loginRecovery(_ input: Operations.LoginRecovery.Input) async throws -> Operations.LoginRecovery.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let caller = try SessionContext.current
        return .ok(try step(try await twoFactor.recover(backupCode: body.backupCode, record: caller.record, request: caller.requestInfo)))
    }

    func consentAgreement(_ input: Operations.ConsentAgreement.Input) async throws -> Operations.ConsentAgreement.Output {
        let language = WebLanguage(try APICall.current.request).language
        return .ok(.init(body: .json(.init(version: consent.agreement.version, language: try .init(documenting: language),
                                           text: consent.agreement.text(language)))))
    }

    func answerConsent(_ input: Operations.AnswerConsent.Input) async throws -> Operations.AnswerConsent.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let caller = try SessionContext.current
        guard let result = try await consent.answer(version: body.version, accept: body.accept, record: caller.record, request: caller.requestInfo) else {
            try APICall.setCookie(cookie.clearing())
            return .noContent(.init())
        }
        return .ok(try step(result))
    }

    func enrolmentSetup(_ input: Operations.EnrolmentSetup.Input) async throws -> Operations.EnrolmentSetup.Output {
        let caller = try SessionContext.current
        return .ok(.init(body: .json(try setupAnswer(try await twoFactor.beginEnrolment(record: caller.record, request: caller.requestInfo)))))
    }

    func enrolmentConfirm(_ input: Operations.EnrolmentConfirm.Input) async throws -> Operations.EnrolmentConfirm.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let caller = try SessionContext.current
        let outcome = try await twoFactor.confirmEnrolment(code: body.code, record: caller.record, request: caller.requestInfo)
        return .ok(try step(outcome.result, backupCode: outcome.backupCode))
    }

    func twoFactorState(_ input: Operations.TwoFactorState.Input) async throws -> Operations.TwoFactorState.Output {
        let account = try await twoFactor.signIn.current(try SignedInContext.current.record).account
        return .ok(.init(body: .json(.init(
            enabled: account.twoFactor.isEnabled, enabledAt: account.twoFactor.enabledAt, required: twoFactor.configuration.required,
            setupPending: account.twoFactor.pendingSecret != nil, reissueAt: selfService.reissueEffectiveAt(account)))))
    }

    func cancelTwoFactorReissue(_ input: Operations.CancelTwoFactorReissue.Input) async throws -> Operations.CancelTwoFactorReissue.Output {
        let caller = try SignedInContext.current
        try await selfService.cancelTwoFactorReissue(record: caller.record, request: caller.requestInfo)
        return .noContent(.init())
    }

    func twoFactorSetup(_ input: Operations.TwoFactorSetup.Input) async throws -> Operations.TwoFactorSetup.Output {
        var code: String?
        if case .json(let body) = input.body { code = body.code }
        let caller = try SignedInContext.current
        return .ok(.init(body: .json(try setupAnswer(try await twoFactor.beginChange(code: code, record: caller.record, request: caller.requestInfo)))))
    }

    func twoFactorConfirm(_ input: Operations.TwoFactorConfirm.Input) async throws -> Operations.TwoFactorConfirm.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let caller = try SignedInContext.current
        let backupCode = try await twoFactor.confirmChange(code: body.code, record: caller.record, request: caller.requestInfo)
        return .ok(.init(body: .json(.init(backupCode: backupCode))))
    }

    func twoFactorCheck(_ input: Operations.TwoFactorCheck.Input) async throws -> Operations.TwoFactorCheck.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let caller = try SignedInContext.current
        return .ok(.init(body: .json(.init(valid: try await twoFactor.check(code: body.code, record: caller.record, request: caller.requestInfo)))))
    }

    func twoFactorDisable(_ input: Operations.TwoFactorDisable.Input) async throws -> Operations.TwoFactorDisable.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let caller = try SignedInContext.current
        try await twoFactor.disable(code: body.code, record: caller.record, request: caller.requestInfo)
        return .noContent(.init())
    }

    func regenerateBackupCode(_ input: Operations.RegenerateBackupCode.Input) async throws -> Operations.RegenerateBackupCode.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let caller = try SignedInContext.current
        let backupCode = try await twoFactor.regenerateBackupCode(code: body.code, record: caller.record, request: caller.requestInfo)
        return .ok(.init(body: .json(.init(backupCode: backupCode))))
    }

    func reauthenticate(_ input: Operations.Reauthenticate.Input) async throws -> Operations.Reauthenticate.Output {
        guard case .json(let body) = input.body else { throw APICall.unsupportedBody }
        let caller = try SignedInContext.current
        try await selfService.reauthenticate(password: body.password, by: caller.record, request: caller.requestInfo)
        return .noContent(.init())
    }

    /// A new secret as the API shows it: base32, grouped for typing, the otpauth URI and its QR code.
    func setupAnswer(_ setup: TwoFactorSetup) throws -> Components.Schemas.TwoFactorSetup {
        .init(secret: setup.secret, secretGrouped: setup.groupedSecret, otpauthUri: setup.otpauthURI,
              qrSvg: try QRPicture.svg(setup.otpauthURI, issuer: twoFactor.configuration.issuer))
    }
}
