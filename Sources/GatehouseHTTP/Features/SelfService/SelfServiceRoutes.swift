import Foundation
import GatehouseCore
import Hummingbird

/// Self-service without a session (password reset, email verification, unlock by link) and the
/// signed-in person's changes to their own account.
struct SelfServiceRoutes {
    let selfService: SelfService
    let auth: AuthRoutes

    struct EmailRequest: Decodable { var email: String }
    struct OptionalEmailRequest: Decodable { var email: String? }
    struct TokenRequest: Decodable { var token: String }
    struct ResetCompletion: Decodable {
        var token: String
        var newPassword: String
        var reissueTwoFactor: Bool?
        /// With `reissue_two_factor`: the backup code makes the reissue immediate instead of delayed.
        var backupCode: String?
    }
    struct PasswordChange: Decodable {
        var currentPassword: String
        var newPassword: String
    }
    struct UsernameChange: Decodable {
        var username: String
        var currentPassword: String
    }
    struct EmailChange: Decodable {
        var email: String
        var currentPassword: String
    }
    struct LanguageChange: Decodable { var language: String }

    /// The one body every "maybe we sent a mail" request answers with.
    struct Accepted: Encodable, Sendable {
        var status = "accepted"
    }

    struct ResetDone: Encodable, Sendable {
        var status = "password_changed"
        var sessionsEnded: Int
        var twoFactorReissue: Bool
        /// When a reissue asked for without the backup code takes effect (the owner can cancel until then).
        var twoFactorReissueAt: Date?
    }

    struct StatusAnswer: Encodable, Sendable {
        var status: String
    }

    struct Profile: Encodable, Sendable {
        var id: String
        var username: String
        var email: String
        var emailVerified: Bool
        var pendingEmail: String?
        var roles: [String]
        var preferredLanguage: String
        var createdAt: Date
        var twoFactor: TwoFactorSummary
        /// The version of the personal-data agreement accepted last, and when (CONTRACT: consent version).
        var consentVersion: String?
        var consentAcceptedAt: Date?

        struct TwoFactorSummary: Encodable, Sendable {
            var enabled: Bool
            var enabledAt: Date?
            /// Policy `two_factor: required`.
            var required: Bool
            /// A reissue a password reset scheduled takes effect then, unless cancelled.
            var reissueAt: Date?
        }

        init(_ account: Account, selfService: SelfService) {
            id = account.id.rawValue
            username = account.username
            email = account.email
            emailVerified = account.emailVerifiedAt != nil
            pendingEmail = account.pendingEmail
            roles = account.roles.sorted().map(\.name)
            preferredLanguage = account.preferredLanguage.rawValue
            createdAt = account.createdAt
            twoFactor = TwoFactorSummary(enabled: account.twoFactor.isEnabled, enabledAt: account.twoFactor.enabledAt,
                                         required: selfService.signIn.configuration.twoFactorRequired,
                                         reissueAt: selfService.reissueEffectiveAt(account))
            consentVersion = account.consentVersion
            consentAcceptedAt = account.consentAcceptedAt
        }
    }

    func register(in routes: RouteRegistry) {
        routes.post("/api/v1/auth/password-reset", policy: .public) { request, context in
            let body = try await request.decodeJSON(EmailRequest.self, context: context)
            try await selfService.requestPasswordReset(email: body.email, request: context.requestInfo)
            return JSONBody(Accepted(), status: .accepted)
        }
        routes.post("/api/v1/auth/password-reset/complete", policy: .public) { request, context in
            let body = try await request.decodeJSON(ResetCompletion.self, context: context)
            let outcome = try await selfService.completePasswordReset(
                token: body.token, newPassword: body.newPassword, reissueTwoFactor: body.reissueTwoFactor ?? false, backupCode: body.backupCode,
                request: context.requestInfo)
            // Every session ended, the caller's too if it had one.
            let cookies = context.auth?.account.id == outcome.accountID ? [auth.cookie.clearing()] : []
            var scheduledAt: Date?
            if case .scheduled(let at) = outcome.twoFactorReissue { scheduledAt = at }
            return JSONBody(ResetDone(sessionsEnded: outcome.sessionsEnded, twoFactorReissue: outcome.twoFactorReissued, twoFactorReissueAt: scheduledAt),
                            cookies: cookies)
        }
        routes.post("/api/v1/auth/email-verification", policy: .public) { request, context in
            if let record = context.auth, record.session.status == .emailVerificationRequired {
                try await selfService.resendVerification(for: record, request: context.requestInfo)
            } else {
                let body = try await request.decodeJSON(OptionalEmailRequest.self, context: context)
                guard let email = body.email else {
                    throw GatehouseError.validation("email", "missing", detail: "`email` is required without a session waiting for verification.")
                }
                try await selfService.resendVerification(email: email, request: context.requestInfo)
            }
            return JSONBody(Accepted(), status: .accepted)
        }
        routes.post("/api/v1/auth/email-verification/complete", policy: .public) { request, context in
            let body = try await request.decodeJSON(TokenRequest.self, context: context)
            let outcome = try await selfService.completeVerification(token: body.token, session: context.auth, request: context.requestInfo)
            if let advanced = outcome.advanced { return AnyResponse(auth.step(advanced)) }
            return AnyResponse(JSONBody(StatusAnswer(status: outcome.changedAddress ? "email_changed" : "email_verified")))
        }
        routes.post("/api/v1/auth/unlock/complete", policy: .public) { request, context in
            let body = try await request.decodeJSON(TokenRequest.self, context: context)
            try await selfService.completeUnlock(token: body.token, request: context.requestInfo)
            return JSONBody(StatusAnswer(status: "unlocked"))
        }

        routes.get("/api/v1/account", policy: .authenticated) { _, context in
            let record = try context.requireAuth()
            let account = try await selfService.signIn.current(record).account
            return JSONBody(Profile(account, selfService: selfService))
        }
        routes.post("/api/v1/account/password", policy: .authenticated) { request, context in
            let body = try await request.decodeJSON(PasswordChange.self, context: context)
            try await selfService.changePassword(current: body.currentPassword, new: body.newPassword, by: try context.requireAuth(), request: context.requestInfo)
            return EmptyAnswer()
        }
        routes.post("/api/v1/account/username", policy: .authenticated) { request, context in
            let body = try await request.decodeJSON(UsernameChange.self, context: context)
            let account = try await selfService.changeUsername(to: body.username, current: body.currentPassword, by: try context.requireAuth(), request: context.requestInfo)
            return JSONBody(Profile(account, selfService: selfService))
        }
        routes.post("/api/v1/account/email", policy: .authenticated) { request, context in
            let body = try await request.decodeJSON(EmailChange.self, context: context)
            try await selfService.changeEmail(to: body.email, current: body.currentPassword, by: try context.requireAuth(), request: context.requestInfo)
            return JSONBody(Accepted(), status: .accepted)
        }
        routes.put("/api/v1/account/language", policy: .authenticated) { request, context in
            let body = try await request.decodeJSON(LanguageChange.self, context: context)
            guard let language = Language(rawValue: body.language) else {
                throw GatehouseError.validation("language", "unsupported", detail: "Supported languages: en, ru.")
            }
            try await selfService.setLanguage(language, by: try context.requireAuth(), request: context.requestInfo)
            return EmptyAnswer()
        }
    }
}
