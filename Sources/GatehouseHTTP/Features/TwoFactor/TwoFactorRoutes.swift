import Foundation
import GatehouseCore
import GatehouseWeb
import Hummingbird

/// The sign-in steps after the password (second factor, recovery, consent, enrolment) and the signed-in
/// person's own authenticator, in the JSON API.
struct TwoFactorRoutes {
    let twoFactor: TwoFactorService
    let consent: ConsentService
    let selfService: SelfService
    let auth: AuthRoutes

    struct SecondFactorRequest: Decodable {
        var code: String?
        var backupCode: String?
    }
    struct BackupCodeRequest: Decodable { var backupCode: String }
    struct CodeRequest: Decodable { var code: String }
    struct OptionalCodeRequest: Decodable { var code: String? }
    struct ConsentRequest: Decodable {
        var version: String
        var accept: Bool
    }
    struct PasswordRequest: Decodable { var password: String }

    struct SetupAnswer: Encodable, Sendable {
        var secret: String
        var secretGrouped: String
        var otpauthUri: String
        var qrSvg: String

        init(_ setup: TwoFactorSetup, issuer: String) throws {
            secret = setup.secret
            secretGrouped = setup.groupedSecret
            otpauthUri = setup.otpauthURI
            qrSvg = try QRPicture.svg(setup.otpauthURI, issuer: issuer)
        }
    }
    struct BackupCodeAnswer: Encodable, Sendable { var backupCode: String }
    struct ValidAnswer: Encodable, Sendable { var valid: Bool }
    struct AgreementAnswer: Encodable, Sendable {
        var version: String
        var language: String
        var text: String
    }
    struct TwoFactorStateAnswer: Encodable, Sendable {
        var enabled: Bool
        var enabledAt: Date?
        var required: Bool
        var setupPending: Bool
        /// A reissue a password reset scheduled: when it takes effect unless cancelled.
        var reissueAt: Date?
    }

    func register(in routes: RouteRegistry) {
        let secondStep = RoutePolicy.pending([.secondFactorRequired])
        routes.post("/api/v1/auth/login/second-factor", policy: secondStep) { request, context in
            let body = try await request.decodeJSON(SecondFactorRequest.self, context: context)
            guard body.code != nil || body.backupCode != nil else {
                throw GatehouseError.validation("code", "missing", detail: "Send `code` (6 digits) or `backup_code`.")
            }
            let outcome = try await twoFactor.secondFactor(code: body.code, backupCode: body.backupCode, record: try context.requireAuth(),
                                                           request: context.requestInfo)
            return auth.step(outcome.result, newBackupCode: outcome.newBackupCode)
        }
        routes.post("/api/v1/auth/login/recovery", policy: secondStep) { request, context in
            let body = try await request.decodeJSON(BackupCodeRequest.self, context: context)
            return auth.step(try await twoFactor.recover(backupCode: body.backupCode, record: try context.requireAuth(), request: context.requestInfo))
        }

        let consentStep = RoutePolicy.pending([.consentRequired])
        routes.get("/api/v1/auth/consent", policy: consentStep) { request, _ in
            let language = WebLanguage(request).language
            return JSONBody(AgreementAnswer(version: consent.agreement.version, language: language.rawValue, text: consent.agreement.text(language)))
        }
        routes.post("/api/v1/auth/consent", policy: consentStep) { request, context in
            let body = try await request.decodeJSON(ConsentRequest.self, context: context)
            guard let result = try await consent.answer(version: body.version, accept: body.accept, record: try context.requireAuth(),
                                                        request: context.requestInfo) else {
                return AnyResponse(EmptyAnswer(cookies: [auth.cookie.clearing()]))
            }
            return AnyResponse(auth.step(result))
        }

        let enrolment = RoutePolicy.pending([.twoFactorSetupRequired])
        routes.post("/api/v1/auth/two-factor/setup", policy: enrolment) { _, context in
            JSONBody(try SetupAnswer(try await twoFactor.beginEnrolment(record: try context.requireAuth(), request: context.requestInfo),
                                     issuer: twoFactor.configuration.issuer))
        }
        routes.post("/api/v1/auth/two-factor/confirm", policy: enrolment) { request, context in
            let body = try await request.decodeJSON(CodeRequest.self, context: context)
            let outcome = try await twoFactor.confirmEnrolment(code: body.code, record: try context.requireAuth(), request: context.requestInfo)
            return auth.step(outcome.result, backupCode: outcome.backupCode)
        }

        routes.get("/api/v1/account/two-factor", policy: .authenticated) { _, context in
            let record = try context.requireAuth()
            let account = try await twoFactor.signIn.current(record).account
            return JSONBody(TwoFactorStateAnswer(enabled: account.twoFactor.isEnabled, enabledAt: account.twoFactor.enabledAt,
                                           required: twoFactor.configuration.required, setupPending: account.twoFactor.pendingSecret != nil,
                                           reissueAt: selfService.reissueEffectiveAt(account)))
        }
        routes.post("/api/v1/account/two-factor/reissue/cancel", policy: .authenticated) { _, context in
            try await selfService.cancelTwoFactorReissue(record: try context.requireAuth(), request: context.requestInfo)
            return EmptyAnswer()
        }
        routes.post("/api/v1/account/two-factor/setup", policy: .authenticated) { request, context in
            let body = try await request.decodeOptionalJSON(OptionalCodeRequest.self, context: context)
            return JSONBody(try SetupAnswer(try await twoFactor.beginChange(code: body?.code, record: try context.requireAuth(), request: context.requestInfo),
                                            issuer: twoFactor.configuration.issuer))
        }
        routes.post("/api/v1/account/two-factor/confirm", policy: .authenticated) { request, context in
            let body = try await request.decodeJSON(CodeRequest.self, context: context)
            return JSONBody(BackupCodeAnswer(backupCode: try await twoFactor.confirmChange(code: body.code, record: try context.requireAuth(), request: context.requestInfo)))
        }
        routes.post("/api/v1/account/two-factor/check", policy: .authenticated) { request, context in
            let body = try await request.decodeJSON(CodeRequest.self, context: context)
            return JSONBody(ValidAnswer(valid: try await twoFactor.check(code: body.code, record: try context.requireAuth())))
        }
        routes.post("/api/v1/account/two-factor/disable", policy: .authenticated) { request, context in
            let body = try await request.decodeJSON(CodeRequest.self, context: context)
            try await twoFactor.disable(code: body.code, record: try context.requireAuth(), request: context.requestInfo)
            return EmptyAnswer()
        }
        routes.post("/api/v1/account/two-factor/backup-code", policy: .authenticated) { request, context in
            let body = try await request.decodeJSON(CodeRequest.self, context: context)
            return JSONBody(BackupCodeAnswer(backupCode: try await twoFactor.regenerateBackupCode(code: body.code, record: try context.requireAuth(),
                                                                                                   request: context.requestInfo)))
        }
        routes.post("/api/v1/account/reauthenticate", policy: .authenticated) { request, context in
            let body = try await request.decodeJSON(PasswordRequest.self, context: context)
            try await selfService.reauthenticate(password: body.password, by: try context.requireAuth(), request: context.requestInfo)
            return EmptyAnswer()
        }
    }
}

extension GatehouseHTTPServer {
    /// The agreement shown when `consent.file_en` / `consent.file_ru` are not configured.
    public static func builtInAgreement(_ language: Language) -> String {
        BuiltInAgreement.text(language)
    }
}
