import Foundation
import GatehouseCore
import GatehouseWeb
import Hummingbird

/// The pages of the mail flows (`/password-reset`, `/password-reset/complete`, `/verify-email`,
/// `/unlock`) and the change forms of `/account`. Mailed links open a page with a confirm button: a GET
/// never consumes a token, only the form's POST does.
extension WebRoutes {
    func registerSelfService(in routes: RouteRegistry) {
        routes.page(.get, "/password-reset", policy: .public) { request, context in
            let language = WebLanguage(request)
            let (csrf, cookie) = formCSRF(request, context)
            let page = PasswordResetPage(context: pageContext(language, request: request, signedIn: context.auth), csrfToken: csrf,
                                         linkLifetimeMinutes: resetLifetimeMinutes, allowsTwoFactorReissue: selfService.configuration.allowTwoFactorReissue)
            return HTMLPage(html: renderer.render(page), cookies: [cookie, language.cookie].compactMap { $0 })
        }
        routes.page(.post, "/password-reset", policy: .public) { request, context in
            try await submitPasswordReset(request, context)
        }
        routes.page(.get, "/password-reset/complete", policy: .public) { request, context in
            let language = WebLanguage(request)
            let token = request.uri.queryParameters.get("token") ?? ""
            guard let account = try await selfService.peekPasswordReset(token: token) else {
                return invalidLink(language, request: request, context: context, title: .passwordResetCompleteTitle)
            }
            let (csrf, cookie) = formCSRF(request, context)
            let page = PasswordResetCompletePage(context: pageContext(language, request: request, signedIn: context.auth), csrfToken: csrf, token: token,
                                                 allowsTwoFactorReissue: selfService.offersTwoFactorReissue(to: account), reissueDelayHours: reissueDelayHours,
                                                 minimumPasswordLength: selfService.policy.minLength)
            return HTMLPage(html: renderer.render(page), cookies: [cookie, language.cookie].compactMap { $0 })
        }
        routes.page(.post, "/password-reset/complete", policy: .public) { request, context in
            try await submitPasswordResetCompletion(request, context)
        }
        routes.page(.get, "/verify-email", policy: .public) { request, context in
            try await verifyEmailPage(request, context)
        }
        routes.page(.post, "/verify-email", policy: .public) { request, context in
            try await submitVerification(request, context)
        }
        routes.page(.post, "/verify-email/resend", policy: .pending([.emailVerificationRequired]), context: SessionContext.self) { request, context in
            try await selfService.resendVerification(for: context.record, request: context.requestInfo)
            return Redirect(location: "/verify-email?resent=1")
        }
        linkConfirmation(routes, path: "/unlock", title: .unlockTitle, instructions: .unlockInstructions, submit: .unlockSubmit,
                         doneTitle: .unlockDoneTitle, done: .unlockDone,
                         peek: { try await selfService.peekUnlock(token: $0) },
                         complete: { try await selfService.completeUnlock(token: $0, request: $1) })
        linkConfirmation(routes, path: "/two-factor/reissue/cancel", title: .reissueCancelTitle, instructions: .reissueCancelInstructions,
                         submit: .reissueCancelSubmit, doneTitle: .reissueCancelDoneTitle, done: .reissueCancelDone,
                         peek: { try await selfService.peekReissueCancellation(token: $0) },
                         complete: { try await selfService.cancelTwoFactorReissue(token: $0, request: $1) })

        routes.page(.post, "/account/password", policy: .interactive(.accountWrite), context: SignedInContext.self) { request, context in
            try await accountChange(request, context) { form, auth in
                guard form["new_password"] == form["new_password_repeat"] else {
                    throw GatehouseError.validation("new_password_repeat", "mismatch")
                }
                try await selfService.changePassword(current: form["current_password"] ?? "", new: form["new_password"] ?? "", by: auth, request: context.requestInfo)
                return .password
            }
        }
        routes.page(.post, "/account/username", policy: .interactive(.accountWrite), context: SignedInContext.self) { request, context in
            try await accountChange(request, context) { form, auth in
                _ = try await selfService.changeUsername(to: form["username"] ?? "", current: form["current_password"] ?? "", by: auth, request: context.requestInfo)
                return .username
            }
        }
        routes.page(.post, "/account/email", policy: .interactive(.accountWrite), context: SignedInContext.self) { request, context in
            try await accountChange(request, context) { form, auth in
                try await selfService.changeEmail(to: form["email"] ?? "", current: form["current_password"] ?? "", by: auth, request: context.requestInfo)
                return .email
            }
        }
        routes.page(.post, "/account/language", policy: .interactive(.accountWrite), context: SignedInContext.self) { request, context in
            try await accountChange(request, context) { form, auth in
                guard let language = Language(rawValue: form["language"] ?? "") else { throw GatehouseError.validation("language", "unsupported") }
                try await selfService.setLanguage(language, by: auth, request: context.requestInfo)
                return .language
            }
        }
    }

    var resetLifetimeMinutes: Int { max(1, Int(selfService.mail.lifetimes.reset.timeInterval / 60)) }

    // MARK: - CSRF for forms that work with or without a session

    /// With a session cookie the form carries the session's CSRF token (the middleware checks it);
    /// without one, the double-submit token of the sign-in form.
    func formCSRF(_ request: Request, _ context: GatehouseRequestContext) -> (String, Cookie?) {
        if context.authenticatedByCookie, let auth = context.auth {
            return (CSRFMiddleware.token(for: auth.session.id, keys: keys), nil)
        }
        return loginCSRF(request)
    }

    /// A form without a session must carry the double-submit token; with one, the middleware checked it.
    func refuseForm(_ form: FormFields, _ request: Request, _ context: GatehouseRequestContext, _ language: WebLanguage) -> HTMLPage? {
        if context.authenticatedByCookie, context.auth != nil { return nil }
        let existing = request.cookies[Self.loginCSRFCookie]?.value
        guard let existing, SecretToken.isWellFormed(existing), let presented = form["csrf_token"], constantTimeEquals(existing, presented) else {
            let page = MessagePage(context: pageContext(language, request: request), title: Catalog.text(.loginTitle, language.language),
                                   error: Catalog.text(.errorCSRF, language.language),
                                   link: .init(href: "/login", label: Catalog.text(.backToSignIn, language.language)))
            return HTMLPage(html: renderer.render(page), status: .forbidden, cookies: language.cookie.map { [$0] } ?? [])
        }
        return nil
    }

    func confirmForm(_ action: String, token: String, csrf: String, label: String) -> MessagePage.Form {
        MessagePage.Form(action: action, hiddenFields: [.init(name: "token", value: token), .init(name: "csrf_token", value: csrf)], buttonLabel: label)
    }

    func invalidLink(_ language: WebLanguage, request: Request, context: GatehouseRequestContext, title: MessageKey) -> HTMLPage {
        let page = MessagePage(
            context: pageContext(language, request: request, signedIn: context.auth), title: Catalog.text(title, language.language),
            error: Catalog.text(.errorTokenInvalidOrExpired, language.language),
            link: .init(href: "/password-reset", label: Catalog.text(.requestNewLink, language.language)))
        return HTMLPage(html: renderer.render(page), status: .badRequest, cookies: language.cookie.map { [$0] } ?? [])
    }

    func rateLimitedPage(_ limited: RateLimited, _ language: WebLanguage, request: Request, context: GatehouseRequestContext, title: MessageKey) -> HTMLPage {
        let page = MessagePage(context: pageContext(language, request: request, signedIn: context.auth), title: Catalog.text(title, language.language),
                               error: Catalog.rateLimitedMessage(retryAfterSeconds: limited.retryAfter, language.language))
        return HTMLPage(html: renderer.render(page), status: .tooManyRequests, cookies: language.cookie.map { [$0] } ?? [],
                        headers: [.retryAfter: String(limited.retryAfter)])
    }

    /// A mailed link's pair of pages: the GET shows a confirm button (consuming nothing, since mail
    /// scanners open links); the POST uses the token and says it is done.
    func linkConfirmation(_ routes: RouteRegistry, path: String, title: MessageKey, instructions: MessageKey, submit: MessageKey,
                          doneTitle: MessageKey, done: MessageKey, peek: @escaping @Sendable (String) async throws -> Bool,
                          complete: @escaping @Sendable (String, RequestInfo) async throws -> Void) {
        routes.page(.get, RouterPath(path), policy: .public) { request, context in
            let language = WebLanguage(request)
            let token = request.uri.queryParameters.get("token") ?? ""
            guard try await peek(token) else { return invalidLink(language, request: request, context: context, title: title) }
            let (csrf, cookie) = formCSRF(request, context)
            let page = MessagePage(
                context: pageContext(language, request: request, signedIn: context.auth), title: Catalog.text(title, language.language),
                paragraphs: [Catalog.text(instructions, language.language)],
                form: confirmForm(path, token: token, csrf: csrf, label: Catalog.text(submit, language.language)))
            return HTMLPage(html: renderer.render(page), cookies: [cookie, language.cookie].compactMap { $0 })
        }
        routes.page(.post, RouterPath(path), policy: .public) { request, context in
            var request = request
            let language = WebLanguage(request)
            let form = FormFields(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
            if let refused = refuseForm(form, request, context, language) { return refused }
            do {
                try await complete(form["token"] ?? "", context.requestInfo)
            } catch let error as GatehouseError where error.code == .tokenInvalidOrExpired {
                return invalidLink(language, request: request, context: context, title: title)
            } catch let limited as RateLimited {
                return rateLimitedPage(limited, language, request: request, context: context, title: title)
            }
            let page = MessagePage(
                context: pageContext(language, request: request, signedIn: context.auth), title: Catalog.text(doneTitle, language.language),
                paragraphs: [Catalog.text(done, language.language)],
                link: .init(href: "/login", label: Catalog.text(.goToSignIn, language.language)))
            return HTMLPage(html: renderer.render(page), cookies: language.cookie.map { [$0] } ?? [])
        }
    }

    // MARK: - /password-reset

    func submitPasswordReset(_ request: Request, _ context: GatehouseRequestContext) async throws -> any ResponseGenerator {
        var request = request
        let language = WebLanguage(request)
        let form = FormFields(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
        if let refused = refuseForm(form, request, context, language) { return refused }
        let (csrf, cookie) = formCSRF(request, context)
        let email = form["email"] ?? ""
        func page(notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> HTMLPage {
            let page = PasswordResetPage(context: pageContext(language, request: request, signedIn: context.auth), csrfToken: csrf, email: email,
                                         notice: notice, error: error, linkLifetimeMinutes: resetLifetimeMinutes,
                                         allowsTwoFactorReissue: selfService.configuration.allowTwoFactorReissue)
            return HTMLPage(html: renderer.render(page), status: status, cookies: [cookie, language.cookie].compactMap { $0 }, headers: headers)
        }
        do {
            try await selfService.requestPasswordReset(email: email, request: context.requestInfo)
        } catch let error as GatehouseError where error.code == .validationFailed {
            return page(error: Catalog.text(.errorEmailInvalid, language.language), status: .badRequest)
        } catch let limited as RateLimited {
            return page(error: Catalog.rateLimitedMessage(retryAfterSeconds: limited.retryAfter, language.language), status: .tooManyRequests,
                        headers: [.retryAfter: String(limited.retryAfter)])
        }
        return page(notice: Catalog.text(.passwordResetSent, language.language))
    }

    func submitPasswordResetCompletion(_ request: Request, _ context: GatehouseRequestContext) async throws -> any ResponseGenerator {
        var request = request
        let language = WebLanguage(request)
        let form = FormFields(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
        if let refused = refuseForm(form, request, context, language) { return refused }
        let token = form["token"] ?? ""
        let (csrf, cookie) = formCSRF(request, context)
        let account = try await selfService.peekPasswordReset(token: token)
        func again(_ errors: [String], error: String? = nil, status: HTTPResponse.Status = .badRequest) -> HTMLPage {
            let target = (path: "/password-reset/complete", parameters: [(name: "token", value: token)])
            let page = PasswordResetCompletePage(context: pageContext(language, request: request, signedIn: context.auth, linkTarget: target),
                                                 csrfToken: csrf, token: token,
                                                 allowsTwoFactorReissue: account.map(selfService.offersTwoFactorReissue(to:)) ?? false, reissueDelayHours: reissueDelayHours,
                                                 error: error, passwordErrors: errors, minimumPasswordLength: selfService.policy.minLength)
            return HTMLPage(html: renderer.render(page), status: status, cookies: [cookie, language.cookie].compactMap { $0 })
        }
        guard form["new_password"] == form["new_password_repeat"] else { return again([Catalog.text(.errorPasswordsDoNotMatch, language.language)]) }
        let reissue = form["reissue_two_factor"] == "1" && selfService.configuration.allowTwoFactorReissue
        let outcome: SelfService.PasswordResetOutcome
        do {
            outcome = try await selfService.completePasswordReset(token: token, newPassword: form["new_password"] ?? "", reissueTwoFactor: reissue,
                                                                  backupCode: reissue ? form["backup_code"] : nil, request: context.requestInfo)
        } catch let error as GatehouseError where error.code == .tokenInvalidOrExpired {
            return invalidLink(language, request: request, context: context, title: .passwordResetCompleteTitle)
        } catch let error as GatehouseError where error.code == .backupCodeInvalid {
            return again([], error: Catalog.text(.errorBackupCodeInvalid, language.language), status: .unauthorized)
        } catch let error as GatehouseError where error.errors.first?.field == "reissue_two_factor" {
            let message: MessageKey = error.errors.first?.code == "recently_cancelled" ? .passwordResetReissueRecentlyCancelled : .passwordResetReissueNotAllowed
            return again([], error: Catalog.text(message, language.language))
        } catch let error as GatehouseError where [.passwordTooWeak, .passwordCompromised, .validationFailed].contains(error.code) {
            return again([passwordMessage(error, language)])
        } catch let limited as RateLimited {
            return rateLimitedPage(limited, language, request: request, context: context, title: .passwordResetCompleteTitle)
        }
        var paragraphs = [Catalog.text(.passwordResetDone, language.language)]
        switch outcome.twoFactorReissue {
        case .none: break
        case .immediate: paragraphs.append(Catalog.text(.passwordResetDoneReissueTwoFactor, language.language))
        case .scheduled(let at):
            paragraphs.append(Catalog.text(.passwordResetDoneReissueScheduled, language.language, ["time": DisplayTime.format(at)]))
        }
        // Every session ended, this browser's too.
        let page = MessagePage(context: pageContext(language, request: request), title: Catalog.text(.passwordResetDoneTitle, language.language),
                               paragraphs: paragraphs, link: .init(href: "/login", label: Catalog.text(.goToSignIn, language.language)))
        return HTMLPage(html: renderer.render(page), cookies: [self.cookie.clearing(), language.cookie].compactMap { $0 })
    }

    var reissueDelayHours: Int { Int(selfService.signIn.configuration.twoFactorReissueDelay.timeInterval / 3600) }

    /// A password-policy error in the page's language.
    func passwordMessage(_ error: GatehouseError, _ language: WebLanguage) -> String {
        switch error.errors.first?.code {
        case "too_short": Catalog.passwordTooShortMessage(minimumLength: selfService.policy.minLength, language.language)
        case "too_long": Catalog.passwordTooLongMessage(maximumLength: selfService.policy.maxLength, language.language)
        case "contains_username": Catalog.text(.errorPasswordContainsUsername, language.language)
        case "contains_email": Catalog.text(.errorPasswordContainsEmail, language.language)
        case "invalid_characters": Catalog.text(.errorPasswordInvalidCharacters, language.language)
        case "mismatch": Catalog.text(.errorPasswordsDoNotMatch, language.language)
        default: error.code == .passwordCompromised ? Catalog.text(.errorPasswordCompromised, language.language) : Catalog.text(.errorPasswordTooWeak, language.language)
        }
    }

    // MARK: - /verify-email

    func verifyEmailPage(_ request: Request, _ context: GatehouseRequestContext) async throws -> any ResponseGenerator {
        let language = WebLanguage(request)
        let cookies = language.cookie.map { [$0] } ?? []
        if let token = request.uri.queryParameters.get("token") {
            guard try await selfService.peekVerification(token: token) != nil else {
                return invalidLink(language, request: request, context: context, title: .verifyEmailTitle)
            }
            let (csrf, csrfCookie) = formCSRF(request, context)
            let page = MessagePage(
                context: pageContext(language, request: request, signedIn: context.auth), title: Catalog.text(.verifyEmailTitle, language.language),
                paragraphs: [Catalog.text(.verifyEmailInstructions, language.language)],
                form: confirmForm("/verify-email", token: token, csrf: csrf, label: Catalog.text(.verifyEmailSubmit, language.language)))
            return HTMLPage(html: renderer.render(page), cookies: cookies + [csrfCookie].compactMap { $0 })
        }
        guard let auth = context.auth, auth.session.status == .emailVerificationRequired else {
            return Redirect(location: "/login", cookies: cookies)
        }
        let page = MessagePage(
            context: pageContext(language, request: request, signedIn: auth), title: Catalog.text(.verifyEmailTitle, language.language),
            paragraphs: [Catalog.text(.verifyEmailPending, language.language, ["email": auth.account.email])],
            notice: request.uri.queryParameters.get("resent") != nil ? Catalog.text(.verifyEmailResent, language.language) : nil,
            form: MessagePage.Form(action: "/verify-email/resend", hiddenFields: [.init(name: "csrf_token", value: CSRFMiddleware.token(for: auth.session.id, keys: keys))],
                                   buttonLabel: Catalog.text(.verifyEmailResend, language.language)))
        return HTMLPage(html: renderer.render(page), cookies: cookies)
    }

    func submitVerification(_ request: Request, _ context: GatehouseRequestContext) async throws -> any ResponseGenerator {
        var request = request
        let language = WebLanguage(request)
        let form = FormFields(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
        if let refused = refuseForm(form, request, context, language) { return refused }
        let outcome: SelfService.VerificationOutcome
        do {
            outcome = try await selfService.completeVerification(token: form["token"] ?? "", session: context.auth, request: context.requestInfo)
        } catch let error as GatehouseError where error.code == .tokenInvalidOrExpired {
            return invalidLink(language, request: request, context: context, title: .verifyEmailTitle)
        } catch let limited as RateLimited {
            return rateLimitedPage(limited, language, request: request, context: context, title: .verifyEmailTitle)
        }
        if let advanced = outcome.advanced {
            // This browser's sign-in was waiting for the address: it moves on with a new session token.
            let next = advanced.session.status == .authenticated ? "/account" : "/login"
            return Redirect(location: next, cookies: [cookie.cookie(token: advanced.token, expires: advanced.session.expiresAt)] + (language.cookie.map { [$0] } ?? []))
        }
        let signedIn = context.auth?.session.status == .authenticated
        let page = MessagePage(
            context: pageContext(language, request: request, signedIn: context.auth), title: Catalog.text(.verifyEmailDoneTitle, language.language),
            paragraphs: [Catalog.text(.verifyEmailDone, language.language)],
            link: signedIn ? .init(href: "/account", label: Catalog.text(.goToAccount, language.language))
                : .init(href: "/login", label: Catalog.text(.goToSignIn, language.language)))
        return HTMLPage(html: renderer.render(page), cookies: language.cookie.map { [$0] } ?? [])
    }

    // MARK: - /account changes

    /// Runs one account form: success redirects to `/account?changed=…`; a refusal shows the account
    /// page again with the error.
    func accountChange(_ request: Request, _ context: SignedInContext,
                       _ change: (FormFields, SessionRecord) async throws -> AccountPage.Change) async throws -> any ResponseGenerator {
        var request = request
        let language = WebLanguage(request)
        let form = FormFields(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
        let auth = context.record
        do {
            let done = try await change(form, auth)
            return Redirect(location: "/account?changed=\(done.rawValue)")
        } catch let limited as RateLimited {
            return try await accountPage(request, context, error: Catalog.rateLimitedMessage(retryAfterSeconds: limited.retryAfter, language.language),
                                         status: .tooManyRequests, form: form)
        } catch let error as GatehouseError {
            let message: String = switch error.code {
            case .invalidCredentials: Catalog.text(.errorCurrentPasswordWrong, language.language)
            case .alreadyTaken: Catalog.text(.errorUsernameTaken, language.language)
            case .passwordTooWeak, .passwordCompromised: passwordMessage(error, language)
            case .validationFailed:
                switch error.errors.first?.field {
                case "username": Catalog.text(.errorUsernameInvalid, language.language)
                case "email": Catalog.text(.errorEmailInvalid, language.language)
                default: passwordMessage(error, language)
                }
            default: throw error
            }
            let status: HTTPResponse.Status = error.code == .invalidCredentials ? .unauthorized : error.code == .alreadyTaken ? .conflict : .badRequest
            return try await accountPage(request, context, error: message, status: status, form: form)
        }
    }
}
