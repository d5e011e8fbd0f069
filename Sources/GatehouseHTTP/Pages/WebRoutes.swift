import Foundation
import GatehouseCore
import GatehouseWeb
import Hummingbird

/// The sign-in pages: `/login`, `/logout`, a minimal `/account`, and the stylesheet. Pages work without
/// JavaScript; forms post back to the page.
struct WebRoutes {
    let signIn: SignInService
    let accountSessions: AccountSessions
    let selfService: SelfService
    let twoFactor: TwoFactorService
    let consent: ConsentService
    let cookie: SessionCookie
    let keys: KeyRing
    let renderer: PageRenderer
    let returnTo: ReturnToValidator
    let productName: String
    let supportEmail: String?
    let random: any RandomSource
    let administration: AccountAdministration
    let organizations: OrganizationAdministration
    let invitations: Invitations
    let registrations: Registrations
    let accessRequests: AccessRequests
    let tokens: APITokens
    let access: AdministratorAccess

    /// The pre-session CSRF token of the login form (double submit: cookie and form field must match).
    static let loginCSRFCookie = "gatehouse_csrf"

    func register(in routes: RouteRegistry) {
        routes.get(RouterPath(Script.path), policy: .public) { _, _ in
            Response(status: .ok, headers: [.contentType: Script.contentType, .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: Script.source)))
        }
        routes.get("/static/gatehouse.css", policy: .public) { _, _ in
            Response(status: .ok, headers: [.contentType: Stylesheet.contentType, .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: Stylesheet.css)))
        }
        routes.page(.get, "/login", policy: .public) { request, context in
            try await loginPage(request, context)
        }
        routes.page(.post, "/login", policy: .public) { request, context in
            try await submitLogin(request, context)
        }
        routes.page(.post, "/logout", policy: .anySession, context: SessionContext.self) { _, context in
            if context.record.session.impersonation != nil { return try await endAccess(context, how: .logout) }
            try await signIn.logout(context.record, request: context.requestInfo)
            return Redirect(location: "/login?signed_out=1", cookies: [cookie.clearing(), noteClearing(), TokenSecretNote.clearing(secure: cookie.secure)])
        }
        // The banner's button: the administrator's access ends and their own session comes back.
        routes.page(.post, "/admin/impersonation/end", policy: .impersonating, context: SessionContext.self) { _, context in
            try await endAccess(context, how: .manual)
        }
        routes.page(.get, "/account", policy: .interactive(.accountRead), context: SignedInContext.self) { request, context in
            // A token just created or rotated: its secret once, then the browser forgets it.
            guard let sealed = request.cookies[TokenSecretNote.cookieName]?.value else { return try await accountPage(request, context) }
            let note = TokenSecretNote.open(sealed, session: context.record.session.id, keys: keys, now: tokens.clock.now())
            return try await accountPage(request, context, tokenSecret: note.map { .init(name: $0.name, secret: $0.secret, note: sealed) },
                                         cookies: [TokenSecretNote.clearing(secure: cookie.secure)])
        }
        registerSelfService(in: routes)
        registerTwoFactor(in: routes)
        registerOnboarding(in: routes)
        registerAdministration(in: routes)
        registerTokens(in: routes)
        routes.page(.post, "/account/sessions/revoke", policy: .interactive(.sessionsManage), context: SignedInContext.self) { request, context in
            var request = request
            let form = FormFields(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
            let auth = context.record
            do {
                try await accountSessions.revoke(SessionID(rawValue: form["session"] ?? ""), by: auth, request: context.requestInfo)
            } catch let error as GatehouseError where error.code == .notFound {
                // Already gone (ended elsewhere, or never this person's): nothing to tell apart.
            }
            return Redirect(location: "/account?ended=1")
        }
        routes.page(.post, "/account/sessions/revoke-others", policy: .interactive(.sessionsManage), context: SignedInContext.self) { _, context in
            let count = try await accountSessions.revokeOthers(by: context.record, request: context.requestInfo)
            return Redirect(location: "/account?ended_others=\(count)")
        }
    }

    /// The page for a signed-in browser on a page of a role its account lacks: 403, with the way back.
    func refusedPage(_ request: Request, _ context: GatehouseRequestContext) -> Response {
        let language = WebLanguage(request)
        let page = MessagePage(context: pageContext(language, request: request, signedIn: context.auth),
                               title: Catalog.text(.forbiddenPageTitle, language.language), error: Catalog.text(.forbiddenPage, language.language),
                               link: .init(href: "/account", label: Catalog.text(.goToAccount, language.language)))
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        headers[.contentLanguage] = language.language.rawValue
        return Response(status: .forbidden, headers: headers, body: .init(byteBuffer: ByteBuffer(string: renderer.render(page))))
    }

    /// A session's device ("Firefox 128 · Windows 10") and place ("Linköping, Sweden") in `language`;
    /// nil where unknown.
    static func describe(_ client: SessionClient, _ language: Language) -> (device: String?, place: String?) {
        let place = [client.city(in: language), client.country(in: language)].compactMap { $0 }
        let device = [client.browser, client.os].compactMap { $0 }.filter { !$0.isEmpty }
        return (device.isEmpty ? nil : device.joined(separator: " · "), place.isEmpty ? nil : place.joined(separator: ", "))
    }

    static func format(_ date: Date) -> String {
        let components = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC") ?? .gmt, from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d UTC", components.year ?? 0, components.month ?? 0, components.day ?? 0,
                      components.hour ?? 0, components.minute ?? 0)
    }

    func accountPage(_ request: Request, _ context: SignedInContext, error: String? = nil, status: HTTPResponse.Status = .ok,
                     form: FormFields? = nil, tokenSecret: AccountPage.NewSecret? = nil, cookies: [Cookie] = []) async throws
        -> any ResponseGenerator {
        let auth = context.record
        let account = try await selfService.signIn.current(auth).account
        let language = WebLanguage(request)
        let sessions = try await accountSessions.list(for: auth.account.id).map { session in
            let (device, place) = Self.describe(session.client, language.language)
            return AccountPage.SessionEntry(
                id: session.id.rawValue, current: session.id == auth.session.id, device: device, location: place, ip: session.ip,
                signedIn: Self.format(session.createdAt), lastActive: Self.format(session.lastSeenAt))
        }
        var notice: String?
        if request.uri.queryParameters.get("ended") != nil {
            notice = Catalog.text(.accountSessionsRevoked, language.language)
        } else if let count = request.uri.queryParameters.get("ended_others").flatMap({ Int($0) }) {
            notice = Catalog.text(.accountSessionsRevokedOthers, language.language, ["count": String(count)])
        } else if let change = request.uri.queryParameters.get("changed").flatMap({ AccountPage.Change(rawValue: String($0)) }) {
            notice = change.notice(language.language)
        }
        let memberships = try await organizations.memberships(of: account.id)
        if let joined = request.uri.queryParameters.get("joined"), let membership = memberships.first(where: { $0.organization.slug == String(joined) }) {
            notice = Catalog.text(.accountJoined, language.language, ["organization": membership.organization.name])
        }
        let csrf = CSRFMiddleware.token(for: auth.session.id, keys: keys)
        let page = AccountPage(context: pageContext(language, request: request, signedIn: auth), username: account.username, email: account.email,
                               pendingEmail: account.pendingEmail, preferredLanguage: account.preferredLanguage,
                               csrfToken: csrf, sessions: sessions, notice: error == nil ? notice : nil, error: error,
                               newUsername: form?["username"], newEmail: form?["email"], minimumPasswordLength: selfService.policy.minLength,
                               twoFactor: AccountPage.TwoFactorSection(
                                enabled: account.twoFactor.isEnabled, enabledAt: account.twoFactor.enabledAt.map(Self.format),
                                canDisable: account.twoFactor.isEnabled && !twoFactor.configuration.required, required: twoFactor.configuration.required,
                                reissueAt: selfService.reissueEffectiveAt(account).map(Self.format)),
                               organizations: memberships.map { .init(slug: $0.organization.slug, name: $0.organization.name, role: $0.role) },
                               managesAllOrganizations: account.isAdmin,
                               tokens: try await tokensSection(account, language: language.language, newSecret: tokenSecret, typedName: form?["name"]),
                               securityEvents: try await securityEvents(of: account))
        return HTMLPage(html: renderer.render(page), status: status, cookies: cookies + (language.cookie.map { [$0] } ?? []))
    }

    /// The page's context. Its language links lead to this page again; on a page answering a form
    /// (not a GET), to a page that can be fetched: `linkTarget` when given, else `formLanguageTarget`.
    func pageContext(_ language: WebLanguage, request: Request, signedIn: SessionRecord? = nil, returnTo: String? = nil,
                     linkTarget: (path: String, parameters: [(name: String, value: String)])? = nil) -> PageContext {
        let answersForm = request.method != .get && request.method != .head
        let path = linkTarget?.path ?? (answersForm ? Self.formLanguageTarget(request.uri.path) : request.uri.path)
        let links: [LanguageLink]
        if let linkTarget {
            links = LanguageLink.links(path: path, parameters: linkTarget.parameters)
        } else if let returnTo {
            links = LanguageLink.links(path: path, parameters: [("return_to", returnTo)])
        } else {
            links = LanguageLink.links(path: path, query: answersForm ? nil : request.uri.query)
        }
        return PageContext(
            language: language.language, productName: productName, supportEmail: supportEmail, languageLinks: links,
            signOutCSRFToken: signedIn.map { CSRFMiddleware.token(for: $0.session.id, keys: keys) })
    }

    /// Where the language links of a page answering a form at `path` lead: the account's forms to
    /// `/account`; forms that came with a mailed token (done or refused by now) and sign-out to
    /// `/login`; the sign-in steps to their own page.
    static func formLanguageTarget(_ path: String) -> String {
        if path.hasPrefix("/account/") { return "/account" }
        switch path {
        case "/unlock", "/verify-email", "/password-reset/complete", "/two-factor/reissue/cancel", "/logout": return "/login"
        default: return path
        }
    }

    // MARK: - /login

    func loginPage(_ request: Request, _ context: GatehouseRequestContext) async throws -> any ResponseGenerator {
        let language = WebLanguage(request)
        let target = returnTo.validate(request.uri.queryParameters.get("return_to"))
        if let auth = context.auth {
            return Redirect(location: Self.nextLocation(auth.session.status, returnTo: target), cookies: language.cookie.map { [$0] } ?? [])
        }
        var cookies = language.cookie.map { [$0] } ?? []
        var notice: String?
        switch context.endedSession {
        case .idle:
            notice = Catalog.sessionExpiredMessage(idleMinutes: Int(signIn.configuration.sessions.idleTimeout.timeInterval / 60), language.language)
            cookies.append(cookie.clearing())
        case .expired, .accountDisabled:
            notice = Catalog.text(.noticeSessionEnded, language.language)
            cookies.append(cookie.clearing())
        case nil:
            if request.uri.queryParameters.get("signed_out") != nil { notice = Catalog.text(.noticeSignedOut, language.language) }
        }
        let (csrf, csrfCookie) = loginCSRF(request)
        if let csrfCookie { cookies.append(csrfCookie) }
        let page = LoginPage(context: pageContext(language, request: request), csrfToken: csrf, returnTo: target, notice: notice,
                             showsAccessRequestLink: registrations.configuration.registration != .closed)
        return HTMLPage(html: renderer.render(page), cookies: cookies)
    }

    func submitLogin(_ request: Request, _ context: GatehouseRequestContext) async throws -> any ResponseGenerator {
        var request = request
        let language = WebLanguage(request)
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let form = FormFields(String(buffer: body))
        let target = returnTo.validate(form["return_to"])
        let login = form["login"] ?? ""
        let (csrf, csrfCookie) = loginCSRF(request)
        var cookies = [csrfCookie, language.cookie].compactMap { $0 }

        func again(_ status: HTTPResponse.Status, error: String, headers: HTTPFields = [:]) -> HTMLPage {
            let page = LoginPage(context: pageContext(language, request: request, returnTo: target), csrfToken: csrf, returnTo: target,
                                 login: login, error: error, showsAccessRequestLink: registrations.configuration.registration != .closed)
            return HTMLPage(html: renderer.render(page), status: status, cookies: cookies, headers: headers)
        }

        guard let presented = form["csrf_token"], csrfCookie == nil, constantTimeEquals(presented, csrf) else {
            return again(.forbidden, error: Catalog.text(.errorCSRF, language.language))
        }
        do {
            let result = try await signIn.login(login, password: form["password"] ?? "", request: context.requestInfo)
            try await signIn.rememberLanguage(language.language, for: result.account)
            cookies.append(cookie.cookie(token: result.token, expires: result.session.expiresAt))
            return Redirect(location: Self.nextLocation(result.session.status, returnTo: target), cookies: cookies)
        } catch let limited as RateLimited {
            return again(.tooManyRequests, error: Catalog.rateLimitedMessage(retryAfterSeconds: limited.retryAfter, language.language),
                         headers: [.retryAfter: String(limited.retryAfter)])
        } catch let error as GatehouseError where error.code == .invalidCredentials || error.code == .validationFailed {
            return again(.unauthorized, error: Catalog.text(.errorInvalidCredentials, language.language))
        }
    }

    /// The login form's CSRF token: the browser's `gatehouse_csrf` cookie, or a new one (returned as a
    /// cookie to set). A form whose token does not match the cookie is refused.
    func loginCSRF(_ request: Request) -> (String, Cookie?) {
        if let existing = request.cookies[Self.loginCSRFCookie]?.value, SecretToken.isWellFormed(existing) {
            return (existing, nil)
        }
        let token = SecretToken.generate(random)
        return (token, Cookie(name: Self.loginCSRFCookie, value: token, path: "/", secure: cookie.secure, httpOnly: true, sameSite: .lax))
    }

    /// Ends the administrator's access this session is and carries on in the administrator's own
    /// session (to their account page), or to the sign-in page when that ended meanwhile.
    func endAccess(_ context: SessionContext, how: AdministratorAccess.Ending) async throws -> Redirect {
        guard let restored = try await access.end(context.record, how: how, request: context.requestInfo) else {
            return Redirect(location: "/login", cookies: [cookie.clearing()])
        }
        return Redirect(location: "/account", cookies: [cookie.cookie(token: restored.token, expires: restored.session.expiresAt)])
    }

    /// The account page's newest security events: what happened, when, by whom when it was someone
    /// else (named by username), and from where when it was the person.
    func securityEvents(of account: Account, limit: Int = 20) async throws -> [AccountPage.SecurityEvent] {
        // Each request of an administrator's access is in the trail (and the API's list); here its start
        // and end stand for it, so a long access does not push everything else off the page.
        let views = AuditLogViews(store: administration.store, trail: administration.trail)
        let records = try await views.securityEvents(of: account.id, cursor: nil, limit: min(200, limit * 5)).records
            .filter { $0.type != .impersonationRequest }.prefix(limit)
        let names = try await views.usernames(of: Set(records.compactMap(\.actorID)).subtracting([account.id]))
        return records.map { record in
            let byOther = record.actorID != nil && record.actorID != account.id
            let reason = record.type == .impersonationStarted ? record.detailValues["reason"] : nil
            return AccountPage.SecurityEvent(
                time: Self.format(record.occurredAt), type: record.type.rawValue,
                by: byOther ? (record.actorID.flatMap { names[$0] } ?? "—") : nil,
                ip: byOther ? nil : record.personal.ip, reason: reason)
        }
    }
}
