import Foundation
import GatehouseCore
import GatehouseWeb
import Hummingbird

/// The sign-in steps after the password as pages (`/login/second-factor`, `/login/recovery`, `/consent`,
/// `/two-factor/setup`) and the two-factor forms of `/account`. Every step's form posts back to its page;
/// a completed step sets the new session cookie and sends the browser to the next step (keeping
/// `return_to`), or shows the backup code once first.
extension WebRoutes {
    func registerTwoFactor(in routes: RouteRegistry) {
        // A new backup code: the POST that made it sealed it into a cookie and sent the browser here.
        routes.page(.get, RouterPath(BackupCodeNote.path), policy: .anySession, context: SessionContext.self) { request, context in
            let language = WebLanguage(request)
            let auth = context.record
            let note = BackupCodeNote.open(request.cookies[BackupCodeNote.cookieName]?.value, session: auth.session.id, keys: keys,
                                           now: twoFactor.clock.now())
            // "Continue" (`?done`) forgets the code: the browser keeps nothing that shows it again.
            if request.uri.queryParameters.get("done") != nil || note == nil {
                // Gone (used, expired, another session's, tampered with): where the session goes next.
                return Redirect(location: note?.next ?? Self.nextLocation(auth.session.status, returnTo: nil), cookies: [noteClearing()])
            }
            guard let note else { return Redirect(location: "/account") }
            let page = BackupCodePage(context: stepContext(language, request, context), backupCode: note.code,
                                      continueHref: BackupCodeNote.path + "?done=1", replacesUsedCode: note.replaces)
            return HTMLPage(html: renderer.render(page), cookies: language.cookie.map { [$0] } ?? [])
        }

        let secondStep = RoutePolicy.pending([.secondFactorRequired])
        routes.page(.get, "/login/second-factor", policy: secondStep, context: SessionContext.self) { request, context in
            let language = WebLanguage(request)
            let page = SecondFactorPage(context: stepContext(language, request, context), csrfToken: sessionCSRF(context),
                                        returnTo: returnTo.validate(request.uri.queryParameters.get("return_to")))
            return HTMLPage(html: renderer.render(page), cookies: language.cookie.map { [$0] } ?? [])
        }
        routes.page(.post, "/login/second-factor", policy: secondStep, context: SessionContext.self) { request, context in
            try await stepForm(request, context) { form, auth, language, target in
                let typedBackup = form["backup_code"].flatMap { $0.isEmpty ? nil : $0 }
                do {
                    let outcome = try await twoFactor.secondFactor(code: typedBackup == nil ? form["code"] ?? "" : nil, backupCode: typedBackup,
                                                                   record: auth, request: context.requestInfo)
                    return .advanced(outcome.result, backupCode: outcome.newBackupCode, replaces: true)
                } catch let error as GatehouseError where error.code == .secondFactorInvalid || error.code == .backupCodeInvalid {
                    let message = Catalog.text(error.code == .backupCodeInvalid ? .errorBackupCodeInvalid : .errorSecondFactorInvalid, language.language)
                    let page = SecondFactorPage(context: stepContext(language, request, context), csrfToken: sessionCSRF(context),
                                                returnTo: target, error: message)
                    return .page(HTMLPage(html: renderer.render(page), status: .unauthorized))
                }
            }
        }
        routes.page(.get, "/login/recovery", policy: secondStep, context: SessionContext.self) { request, context in
            let language = WebLanguage(request)
            let page = RecoveryPage(context: stepContext(language, request, context), csrfToken: sessionCSRF(context),
                                    returnTo: returnTo.validate(request.uri.queryParameters.get("return_to")))
            return HTMLPage(html: renderer.render(page), cookies: language.cookie.map { [$0] } ?? [])
        }
        routes.page(.post, "/login/recovery", policy: secondStep, context: SessionContext.self) { request, context in
            try await stepForm(request, context) { form, auth, language, target in
                do {
                    return .advanced(try await twoFactor.recover(backupCode: form["backup_code"] ?? "", record: auth, request: context.requestInfo),
                                     backupCode: nil, replaces: false)
                } catch let error as GatehouseError where error.code == .backupCodeInvalid {
                    let page = RecoveryPage(context: stepContext(language, request, context), csrfToken: sessionCSRF(context), returnTo: target,
                                            error: Catalog.text(.errorBackupCodeInvalid, language.language))
                    return .page(HTMLPage(html: renderer.render(page), status: .unauthorized))
                }
            }
        }

        let consentStep = RoutePolicy.pending([.consentRequired])
        routes.page(.get, "/consent", policy: consentStep, context: SessionContext.self) { request, context in
            let language = WebLanguage(request)
            return HTMLPage(html: renderer.render(consentPage(language, request, context, returnTo: returnTo.validate(request.uri.queryParameters.get("return_to")))),
                            cookies: language.cookie.map { [$0] } ?? [])
        }
        routes.page(.post, "/consent", policy: consentStep, context: SessionContext.self) { request, context in
            try await stepForm(request, context) { form, auth, language, target in
                let accept = form["accept"] != "false"
                if accept, form["agree"] != "yes" {
                    var page = consentPage(language, request, context, returnTo: target)
                    page.error = Catalog.text(.errorConsentNotAccepted, language.language)
                    return .page(HTMLPage(html: renderer.render(page), status: .badRequest))
                }
                do {
                    guard let result = try await consent.answer(version: form["version"] ?? "", accept: accept, record: auth, request: context.requestInfo) else {
                        return .signedOut
                    }
                    return .advanced(result, backupCode: nil, replaces: false)
                } catch let error as GatehouseError where error.code == .validationFailed {
                    // The agreement changed while it was being read: show the current one.
                    var page = consentPage(language, request, context, returnTo: target)
                    page.error = Catalog.text(.errorConsentNotAccepted, language.language)
                    return .page(HTMLPage(html: renderer.render(page), status: .conflict))
                }
            }
        }

        let enrolment = RoutePolicy.pending([.twoFactorSetupRequired])
        routes.page(.get, "/two-factor/setup", policy: enrolment, context: SessionContext.self) { request, context in
            let language = WebLanguage(request)
            let setup = try await twoFactor.beginEnrolment(record: context.record, request: context.requestInfo)
            let page = try setupPage(setup, language, request, context, action: "/two-factor/setup", returnTo: returnTo.validate(request.uri.queryParameters.get("return_to")))
            return HTMLPage(html: renderer.render(page), cookies: language.cookie.map { [$0] } ?? [])
        }
        routes.page(.post, "/two-factor/setup", policy: enrolment, context: SessionContext.self) { request, context in
            try await stepForm(request, context) { form, auth, language, target in
                do {
                    let outcome = try await twoFactor.confirmEnrolment(code: form["code"] ?? "", record: auth, request: context.requestInfo)
                    return .advanced(outcome.result, backupCode: outcome.backupCode, replaces: false)
                } catch let error as GatehouseError where error.code == .secondFactorInvalid || error.code == .validationFailed {
                    let setup = try await twoFactor.beginEnrolment(record: auth, request: context.requestInfo)
                    var page = try setupPage(setup, language, request, context, action: "/two-factor/setup", returnTo: target)
                    page.error = Catalog.text(.errorSecondFactorInvalid, language.language)
                    return .page(HTMLPage(html: renderer.render(page), status: .unauthorized))
                }
            }
        }

        // The account's own authenticator. Forms that change it confirm the password first.
        routes.page(.post, "/account/two-factor/reissue/cancel", policy: .interactive(.accountWrite), context: SignedInContext.self) { request, context in
            try await accountTwoFactorForm(request, context) { _, auth in
                try await selfService.cancelTwoFactorReissue(record: auth, request: context.requestInfo)
                return Redirect(location: "/account?changed=" + AccountPage.Change.twoFactorReissueCancelled.rawValue)
            }
        }
        routes.page(.post, "/account/two-factor/check", policy: .interactive(.accountWrite), context: SignedInContext.self) { request, context in
            try await accountTwoFactorForm(request, context) { form, auth in
                let valid = try await twoFactor.check(code: form["code"] ?? "", record: auth, request: context.requestInfo)
                return Redirect(location: "/account?changed=" + (valid ? AccountPage.Change.codeValid : .codeInvalid).rawValue)
            }
        }
        routes.page(.post, "/account/two-factor/setup", policy: .interactive(.accountWrite), context: SignedInContext.self) { request, context in
            try await accountTwoFactorForm(request, context) { form, auth in
                try await selfService.reauthenticate(password: form["current_password"] ?? "", by: auth, request: context.requestInfo)
                let code = form["code"].flatMap { $0.isEmpty ? nil : $0 }
                let setup = try await twoFactor.beginChange(code: code, record: try await reloaded(auth), request: context.requestInfo)
                let page = try setupPage(setup, WebLanguage(request), request, context, action: "/account/two-factor/confirm", returnTo: nil, required: false)
                return HTMLPage(html: renderer.render(page))
            }
        }
        routes.page(.post, "/account/two-factor/confirm", policy: .interactive(.accountWrite), context: SignedInContext.self) { request, context in
            var request = request
            let language = WebLanguage(request)
            let form = FormFields(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
            let auth = context.record
            do {
                let code = try await twoFactor.confirmChange(code: form["code"] ?? "", record: auth, request: context.requestInfo)
                return backupCodeRedirect(code, session: auth.session.id, next: "/account?changed=" + AccountPage.Change.twoFactorEnabled.rawValue,
                                          replaces: false)
            } catch let error as GatehouseError where error.code == .secondFactorInvalid {
                guard let setup = try await twoFactor.pendingSetup(record: auth) else { return Redirect(location: "/account") }
                var page = try setupPage(setup, language, request, context, action: "/account/two-factor/confirm", returnTo: nil, required: false)
                page.error = Catalog.text(.errorSecondFactorInvalid, language.language)
                return HTMLPage(html: renderer.render(page), status: .unauthorized)
            } catch let limited as RateLimited {
                return try await accountPage(request, context, error: Catalog.rateLimitedMessage(retryAfterSeconds: limited.retryAfter, language.language),
                                             status: .tooManyRequests)
            }
        }
        routes.page(.post, "/account/two-factor/backup-code", policy: .interactive(.accountWrite), context: SignedInContext.self) { request, context in
            try await accountTwoFactorForm(request, context) { form, auth in
                try await selfService.reauthenticate(password: form["current_password"] ?? "", by: auth, request: context.requestInfo)
                let fresh = try await twoFactor.regenerateBackupCode(code: form["code"] ?? "", record: try await reloaded(auth), request: context.requestInfo)
                return backupCodeRedirect(fresh, session: auth.session.id, next: "/account", replaces: true)
            }
        }
        routes.page(.post, "/account/two-factor/disable", policy: .interactive(.accountWrite), context: SignedInContext.self) { request, context in
            try await accountTwoFactorForm(request, context) { form, auth in
                try await selfService.reauthenticate(password: form["current_password"] ?? "", by: auth, request: context.requestInfo)
                try await twoFactor.disable(code: form["code"] ?? "", record: try await reloaded(auth), request: context.requestInfo)
                return Redirect(location: "/account?changed=" + AccountPage.Change.twoFactorDisabled.rawValue)
            }
        }
    }

    // MARK: - Helpers

    /// The pages of the sign-in steps: never a destination once signed in (they would send the
    /// browser back to `/login`, which would send it back to them).
    static let stepPaths: Set<String> = ["/login", "/login/second-factor", "/login/recovery", "/consent", "/two-factor/setup"]

    /// Where a session at `status` continues, keeping a validated `return_to` that is not a step page.
    static func nextLocation(_ status: SignInStatus, returnTo: String?) -> String {
        let returnTo = returnTo.flatMap { target in
            stepPaths.contains(String(target.prefix { $0 != "?" && $0 != "#" })) ? nil : target
        }
        let path: String = switch status {
        case .authenticated: returnTo ?? "/account"
        case .secondFactorRequired: "/login/second-factor"
        case .emailVerificationRequired: "/verify-email"
        case .consentRequired: "/consent"
        case .twoFactorSetupRequired: "/two-factor/setup"
        }
        guard status != .authenticated, let returnTo else { return path }
        let encoded = returnTo.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~/"))) ?? "/"
        return path + "?return_to=" + encoded
    }

    func sessionCSRF(_ context: EarnedContext<some SessionRequirement>) -> String {
        CSRFMiddleware.token(for: context.record.session.id, keys: keys)
    }

    func stepContext(_ language: WebLanguage, _ request: Request, _ context: EarnedContext<some SessionRequirement>) -> PageContext {
        pageContext(language, request: request, signedIn: context.record)
    }

    /// The session as it is now: a re-authentication just moved its `authenticatedAt`.
    func reloaded(_ record: SessionRecord) async throws -> SessionRecord {
        try await selfService.signIn.current(record)
    }

    func consentPage(_ language: WebLanguage, _ request: Request, _ context: SessionContext, returnTo: String?) -> ConsentPage {
        ConsentPage(context: stepContext(language, request, context), csrfToken: sessionCSRF(context), returnTo: returnTo,
                    version: consent.agreement.version, agreementText: consent.agreement.text(language.language))
    }

    func setupPage(_ setup: TwoFactorSetup, _ language: WebLanguage, _ request: Request, _ context: EarnedContext<some SessionRequirement>, action: String,
                   returnTo: String?, required: Bool = true) throws -> TwoFactorSetupPage {
        TwoFactorSetupPage(context: stepContext(language, request, context), csrfToken: sessionCSRF(context), returnTo: returnTo,
                           qrSVG: try QRPicture.svg(setup.otpauthURI, issuer: twoFactor.configuration.issuer), secret: setup.secret, otpauthURI: setup.otpauthURI, formAction: action,
                           isRequired: required && twoFactor.configuration.required)
    }

    /// Removes the sealed backup code from the browser (continue, sign-out).
    func noteClearing() -> Cookie {
        BackupCodeNote.clearing(secure: cookie.secure)
    }

    /// Post-redirect-get for a new backup code: sealed into a short-lived cookie for this session, shown
    /// by `GET /two-factor/backup-code`, which survives a reload or a language switch.
    func backupCodeRedirect(_ code: String, session: SessionID, next: String, replaces: Bool, cookies: [Cookie] = []) -> Redirect {
        let note = BackupCodeNote(code: code, next: next, replaces: replaces, until: twoFactor.clock.now().addingTimeInterval(BackupCodeNote.lifetime))
        return Redirect(location: BackupCodeNote.path, cookies: cookies + [note.cookie(session: session, keys: keys, random: random, secure: cookie.secure)])
    }

    enum StepAnswer {
        case advanced(SignInResult, backupCode: String?, replaces: Bool)
        case page(HTMLPage)
        case signedOut
    }

    /// Runs a sign-in step's form: the new cookie and the next page on success (via the backup code
    /// page when one is to be shown), the page again on a refusal, the sign-in page when the pending
    /// sign-in ended (declined, locked).
    func stepForm(_ request: Request, _ context: SessionContext,
                  _ step: (FormFields, SessionRecord, WebLanguage, String?) async throws -> StepAnswer) async throws -> any ResponseGenerator {
        var request = request
        let language = WebLanguage(request)
        let form = FormFields(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
        let auth = context.record
        let target = returnTo.validate(form["return_to"])
        do {
            switch try await step(form, auth, language, target) {
            case .advanced(let result, let backupCode, let replaces):
                let next = Self.nextLocation(result.session.status, returnTo: target)
                let sessionCookie = cookie.cookie(token: result.token, expires: result.session.expiresAt)
                guard let backupCode else { return Redirect(location: next, cookies: [sessionCookie]) }
                return backupCodeRedirect(backupCode, session: result.session.id, next: next, replaces: replaces, cookies: [sessionCookie])
            case .page(let page):
                return page
            case .signedOut:
                return Redirect(location: "/login?signed_out=1", cookies: [cookie.clearing()])
            }
        } catch let limited as RateLimited {
            let page = MessagePage(context: stepContext(language, request, context), title: Catalog.text(.loginTitle, language.language),
                                   error: Catalog.rateLimitedMessage(retryAfterSeconds: limited.retryAfter, language.language),
                                   link: .init(href: request.uri.path, label: Catalog.text(.backToSignIn, language.language)))
            return HTMLPage(html: renderer.render(page), status: .tooManyRequests, headers: [.retryAfter: String(limited.retryAfter)])
        } catch let error as GatehouseError where error.code == .unauthenticated || error.code == .invalidCredentials {
            // The pending sign-in ended (a lock, a disabled account): start again.
            return Redirect(location: "/login", cookies: [cookie.clearing()])
        }
    }

    /// Runs one two-factor form of `/account`; a refusal shows the account page with the error.
    func accountTwoFactorForm(_ request: Request, _ context: SignedInContext,
                              _ action: (FormFields, SessionRecord) async throws -> any ResponseGenerator) async throws -> any ResponseGenerator {
        var request = request
        let language = WebLanguage(request)
        let form = FormFields(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
        do {
            return try await action(form, context.record)
        } catch let limited as RateLimited {
            return try await accountPage(request, context, error: Catalog.rateLimitedMessage(retryAfterSeconds: limited.retryAfter, language.language),
                                         status: .tooManyRequests)
        } catch let error as GatehouseError {
            let message: String
            switch error.code {
            case .invalidCredentials: message = Catalog.text(.errorCurrentPasswordWrong, language.language)
            case .secondFactorInvalid, .validationFailed: message = Catalog.text(.errorSecondFactorInvalid, language.language)
            default: throw error
            }
            return try await accountPage(request, context, error: message, status: error.code == .validationFailed ? .badRequest : .unauthorized)
        }
    }
}

/// A new backup code on its way to `GET /two-factor/backup-code`, which shows it until "Continue".
struct BackupCodeNote: ShownOnceNote {
    static let cookieName = "gatehouse_backup_code"
    static let path = "/two-factor/backup-code"
    static let kind = "backup code page"

    var code: String
    var next: String
    var replaces: Bool
    var until: Date
}
