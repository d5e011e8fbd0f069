import Foundation
import GatehouseCore
import GatehouseWeb
import Hummingbird

/// The support console under `/admin`: find a user, see their state, act on them (every action
/// confirmed on a page that names the account; the destructive ones need the administrator's password
/// within `reauth_window`), start administrator access, and read the audit log. No JavaScript.
extension WebRoutes {
    func registerAdministration(in routes: RouteRegistry) {
        routes.page(.get, "/admin", policy: .interactive(.adminUsers), context: SignedInContext.self) { _, _ in
            Redirect(location: "/admin/users")
        }
        routes.page(.get, "/admin/users", policy: .interactive(.adminUsers), context: SignedInContext.self) { request, context in
            try await adminUsersPage(request, context)
        }
        routes.page(.get, "/admin/users/{id}", policy: .interactive(.adminUsers), context: SignedInContext.self) { request, context in
            try await adminUserPage(request, context, id: context.parameters.get("id") ?? "")
        }
        for action in AdminUserPage.Action.allCases {
            let permission: Permission = action == .impersonate ? .adminImpersonate : .adminUsers
            let path = RouterPath("/admin/users/{id}/" + action.rawValue)
            routes.page(.get, path, policy: .interactive(permission), context: SignedInContext.self) { request, context in
                try await adminConfirmPage(action, request, context, id: context.parameters.get("id") ?? "")
            }
            routes.page(.post, path, policy: .interactive(permission), context: SignedInContext.self) { request, context in
                try await adminPerform(action, request, context, id: context.parameters.get("id") ?? "")
            }
        }
        routes.page(.get, "/admin/queues", policy: .interactive(.adminOrganizations), context: SignedInContext.self) { request, context in
            try await adminQueuesPage(request, context)
        }
        routes.page(.get, "/admin/audit", policy: .interactive(.adminAudit), context: SignedInContext.self) { request, context in
            try await adminAuditPage(request, context)
        }
        // Where an administrator lands once their access to someone's account has started.
        routes.page(.get, "/admin/impersonation", policy: .impersonating, context: SessionContext.self) { request, context in
            let language = WebLanguage(request)
            let page = MessagePage(context: pageContext(language, request: request), title: Catalog.text(.adminAccessTitle, language.language),
                                   paragraphs: [Catalog.text(.adminAccessText, language.language, ["username": context.record.account.username])])
            return HTMLPage(html: renderer.render(page), cookies: language.cookie.map { [$0] } ?? [])
        }
    }

    // MARK: - Users

    func adminUsersPage(_ request: Request, _ context: SignedInContext) async throws -> any ResponseGenerator {
        let language = WebLanguage(request)
        let query = request.uri.queryParameters.get("query").map { String($0) } ?? ""
        let cursor = request.uri.queryParameters.get("cursor").map { String($0) }
        var error: String?
        var found: (accounts: [Account], next: String?) = ([], nil)
        do {
            found = try await administration.search(query: query, cursor: cursor, limit: 50)
        } catch is GatehouseError {
            error = Catalog.text(.adminUsersNone, language.language)
        }
        let next = found.next.map { "/admin/users?" + Self.query([("query", query), ("cursor", $0)]) }
        let page = AdminUsersPage(
            context: pageContext(language, request: request, signedIn: context.record), query: query,
            entries: found.accounts.map { account in
                AdminUsersPage.Entry(id: account.id.rawValue, username: account.username, email: account.email, state: Self.state(account),
                                     twoFactor: account.twoFactor.isEnabled, verified: account.emailVerifiedAt != nil,
                                     lastSignIn: account.lastSignInAt.map(Self.format))
            }, nextHref: next, error: error)
        return HTMLPage(html: renderer.render(page), cookies: language.cookie.map { [$0] } ?? [])
    }

    func adminUserPage(_ request: Request, _ context: SignedInContext, id raw: String, notice: String? = nil, error: String? = nil,
                       status: HTTPResponse.Status = .ok) async throws -> any ResponseGenerator {
        let language = WebLanguage(request)
        let l = language.language
        guard let id = AccountID(raw), let found = try? await administration.detail(id: id, events: 30) else {
            throw Problem(.notFound, .notFound, detail: "No account has that id.")
        }
        let account = found.account
        let done = request.uri.queryParameters.get("done").flatMap { AdminUserPage.Action(rawValue: String($0)) }?.done(l)
        let page = AdminUserPage(
            context: pageContext(language, request: request, signedIn: context.record,
                                 linkTarget: (path: "/admin/users/" + account.id.rawValue, parameters: [])),
            notice: notice ?? done, error: error, id: account.id.rawValue, username: account.username, email: account.email,
            state: Self.state(account), twoFactor: account.twoFactor.isEnabled, verified: account.emailVerifiedAt != nil,
            lastSignIn: account.lastSignInAt.map(Self.format), roles: account.roles.sorted().map(\.name),
            organizations: account.organizations.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value.label(l)))" },
            sessions: found.sessions.filter { $0.status == .authenticated }.map { session in
                let (device, place) = Self.describe(session.client, l)
                return AdminUserPage.Session(device: device ?? Catalog.text(.accountSessionsDeviceUnknown, l),
                                             place: [place, session.ip].compactMap { $0 }.joined(separator: " · "),
                                             lastActive: Self.format(session.lastSeenAt))
            },
            events: try await securityEvents(of: account, limit: 30),
            actions: actions(for: account, sessions: found.sessions, by: context))
        return HTMLPage(html: renderer.render(page), status: status, cookies: language.cookie.map { [$0] } ?? [])
    }

    /// What support can do to the account now, by its state and the administrator's own access.
    func actions(for account: Account, sessions: [Session], by context: SignedInContext) -> [AdminUserPage.Action] {
        let caller = tokens.caller(context.record)
        var actions: [AdminUserPage.Action] = []
        let withinAccess = tokens.access.mayGrant(account.roles, holding: caller.permissions) && account.id != context.account.id
        if account.isLocked, withinAccess { actions.append(.unlock) }
        if account.twoFactor.isEnabled, withinAccess { actions.append(.resetTwoFactor) }
        if withinAccess { actions.append(account.status == .disabled ? .enable : .disable) }
        if withinAccess, !sessions.isEmpty { actions.append(.endSessions) }
        if withinAccess { actions.append(.roles) }
        if caller.holds(.adminImpersonate), account.id != context.account.id, account.roles.isEmpty,
           !account.organizations.values.contains(.operator), account.status == .active {
            actions.append(.impersonate)
        }
        return actions
    }

    static func state(_ account: Account) -> String {
        account.status == .disabled ? "disabled" : account.isLocked ? "locked" : "active"
    }

    static func query(_ pairs: [(String, String)]) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        return pairs.filter { !$0.1.isEmpty }
            .map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
    }

    // MARK: - Confirming and acting

    func needsPassword(_ action: AdminUserPage.Action, _ context: SignedInContext) -> Bool {
        action.isDestructive
            && signIn.clock.now().timeIntervalSince(context.record.session.authenticatedAt) > access.configuration.reauthWindow.timeInterval
    }

    func adminConfirmPage(_ action: AdminUserPage.Action, _ request: Request, _ context: SignedInContext, id raw: String,
                          error: String? = nil, reason: String = "", roles: String? = nil,
                          status: HTTPResponse.Status = .ok) async throws -> any ResponseGenerator {
        let language = WebLanguage(request)
        let l = language.language
        guard let id = AccountID(raw), let account = try? await administration.account(id: id) else {
            throw Problem(.notFound, .notFound, detail: "No account has that id.")
        }
        let minutes = Int(access.configuration.maxDuration.timeInterval / 60)
        var paragraphs = [Catalog.text(.adminConfirmAccount, l, ["username": account.username, "email": account.email]),
                          action.consequence(account.username, minutes: minutes, l)]
        var fields: [FormPage.Field] = []
        if action == .impersonate {
            fields.append(.init(name: "reason", label: Catalog.text(.adminFieldReason, l), kind: .textarea, value: reason, maxLength: 500))
        }
        if action == .roles {
            fields.append(.init(name: "roles", label: Catalog.text(.adminFieldRoles, l), value: roles ?? account.roles.sorted().map(\.name).joined(separator: ", "),
                                required: false, autocomplete: "off", maxLength: 400))
        }
        if needsPassword(action, context) {
            paragraphs.append(Catalog.text(.adminConfirmPasswordHint, l))
            fields.append(.init(name: "current_password", label: Catalog.text(.fieldPassword, l), kind: .password, autocomplete: "current-password"))
        }
        let path = "/admin/users/\(account.id.rawValue)/\(action.rawValue)"
        let page = FormPage(
            context: pageContext(language, request: request, signedIn: context.record, linkTarget: (path: path, parameters: [])),
            title: action.question(account.username, l), paragraphs: paragraphs, error: error, action: path,
            csrfToken: CSRFMiddleware.token(for: context.record.session.id, keys: keys), fields: fields, submitLabel: action.label(l),
            links: [.init(href: "/admin/users/" + account.id.rawValue, label: Catalog.text(.adminConfirmBack, l))])
        return HTMLPage(html: renderer.render(page), status: status, cookies: language.cookie.map { [$0] } ?? [])
    }

    func adminPerform(_ action: AdminUserPage.Action, _ request: Request, _ context: SignedInContext, id raw: String) async throws -> any ResponseGenerator {
        var request = request
        let form = FormFields(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
        let l = WebLanguage(request).language
        guard let id = AccountID(raw), let target = try? await administration.account(id: id) else {
            throw Problem(.notFound, .notFound, detail: "No account has that id.")
        }
        let reason = form["reason"] ?? ""
        func refuse(_ key: MessageKey, _ status: HTTPResponse.Status) async throws -> any ResponseGenerator {
            try await adminConfirmPage(action, request, context, id: raw, error: Catalog.text(key, l), reason: reason, roles: form["roles"],
                                       status: status)
        }
        var record = context.record
        if needsPassword(action, context) {
            do {
                try await selfService.reauthenticate(password: form["current_password"] ?? "", by: record, request: context.requestInfo)
            } catch let error as GatehouseError where error.code == .invalidCredentials {
                return try await refuse(.adminErrorPassword, .unauthorized)
            }
            record = try await signIn.current(record)
        }
        let actor = context.account.id
        let info = context.requestInfo
        let caller = tokens.caller(record)
        let withinAccess = tokens.access.mayGrant(target.roles, holding: caller.permissions)
        do {
            switch action {
            case .unlock:
                guard withinAccess else { return try await refuse(.adminErrorForbidden, .forbidden) }
                _ = try await administration.unlock(id: target.id, actor: actor, request: info)
            case .roles:
                guard withinAccess, target.id != actor else { return try await refuse(.adminErrorForbidden, .forbidden) }
                var roles = Set<Role>()
                for raw in (form["roles"] ?? "").split(separator: ",") {
                    let name = raw.trimmingCharacters(in: .whitespaces)
                    guard !name.isEmpty else { continue }
                    guard let role = try? Role.validated(name) else { return try await refuse(.adminErrorRoles, .badRequest) }
                    roles.insert(role)
                }
                // What is added and what is taken away must both be within the administrator's own access.
                guard tokens.access.mayGrant(roles.symmetricDifference(target.roles), holding: caller.permissions) else {
                    return try await refuse(.adminErrorForbidden, .forbidden)
                }
                _ = try await administration.setRoles(id: target.id, roles: roles.map(\.name), actor: actor, request: info)
            case .resetTwoFactor, .disable, .enable, .endSessions:
                guard withinAccess else { return try await refuse(.adminErrorForbidden, .forbidden) }
                switch action {
                case .resetTwoFactor: _ = try await administration.resetTwoFactor(id: target.id, actor: actor, request: info)
                case .disable: _ = try await administration.disable(id: target.id, actor: actor, request: info)
                case .enable: _ = try await administration.enable(id: target.id, actor: actor, request: info)
                default: try await administration.endSessions(id: target.id, actor: actor, request: info)
                }
            case .impersonate:
                let started = try await access.start(by: record, target: target.id, reason: reason, request: info)
                return Redirect(location: "/admin/impersonation", cookies: [cookie.cookie(token: started.token, expires: started.session.expiresAt)])
            }
        } catch let error as GatehouseError where error.code == .validationFailed {
            return try await refuse(.adminErrorReason, .badRequest)
        } catch let error as GatehouseError where error.code == .forbidden || error.code == .reauthenticationRequired {
            return try await refuse(.adminErrorForbidden, .forbidden)
        }
        return Redirect(location: "/admin/users/\(target.id.rawValue)?done=\(action.rawValue)")
    }

    // MARK: - Queues

    func adminQueuesPage(_ request: Request, _ context: SignedInContext) async throws -> any ResponseGenerator {
        let language = WebLanguage(request)
        let inviter = Inviter(context.account)
        let all = try await organizations.all()
        let now = signIn.clock.now()
        var pending: [AdminQueuesPage.PendingInvitation] = []
        for organization in all {
            for invitation in try await invitations.invitations(of: organization.slug, viewer: inviter) where invitation.state(at: now) == .pending {
                pending.append(.init(email: invitation.email, organizationSlug: organization.slug, organizationName: organization.name,
                                     invitedBy: invitation.invitedByUsername, expires: Self.format(invitation.expiresAt)))
            }
        }
        let open = try await accessRequests.all().filter { $0.state == .open }
        let page = AdminQueuesPage(
            context: pageContext(language, request: request, signedIn: context.record), csrfToken: CSRFMiddleware.token(for: context.record.session.id, keys: keys),
            requests: open.map(Self.entry), organizations: all.map { (slug: $0.slug, name: $0.name) }, invitations: pending)
        return HTMLPage(html: renderer.render(page), cookies: language.cookie.map { [$0] } ?? [])
    }

    // MARK: - Audit log

    func adminAuditPage(_ request: Request, _ context: SignedInContext) async throws -> any ResponseGenerator {
        let language = WebLanguage(request)
        let l = language.language
        let parameters = request.uri.queryParameters
        let names = ["actor", "subject", "type", "from", "to"]
        let values = names.map { (name: $0, value: parameters.get($0).map { String($0) }?.trimmingCharacters(in: .whitespaces) ?? "") }
        func value(_ name: String) -> String? { values.first { $0.name == name }.flatMap { $0.value.isEmpty ? nil : $0.value } }
        let timestamp = ISO8601DateFormatter()
        var error: String?
        var page = AuditPage(records: [], next: nil)
        do {
            let from = try value("from").map { text in
                guard let date = timestamp.date(from: text) else { throw GatehouseError.validation("from", "invalid") }
                return date
            }
            let to = try value("to").map { text in
                guard let date = timestamp.date(from: text) else { throw GatehouseError.validation("to", "invalid") }
                return date
            }
            let filter = try AuditLogViews.Filter.parse(actor: value("actor"), subject: value("subject"), types: value("type"), from: from, to: to)
            page = try await AuditLogViews(store: administration.store, trail: administration.trail)
                .page(filter, cursor: parameters.get("cursor").map { String($0) }, limit: 50)
        } catch let problem as GatehouseError {
            error = problem.detail.map { ProblemText.detail($0, l) } ?? Catalog.text(.adminAuditNone, l)
        }
        let names_ = try await AuditLogViews(store: administration.store, trail: administration.trail)
            .usernames(of: Set(page.records.flatMap { [$0.actorID, $0.subjectID].compactMap { $0 } }))
        let next = page.next.map { "/admin/audit?" + Self.query(values.map { ($0.name, $0.value) } + [("cursor", $0)]) }
        let rendered = AdminAuditPage(
            context: pageContext(language, request: request, signedIn: context.record), filters: values,
            entries: page.records.map { record in
                AdminAuditPage.Entry(
                    sequence: record.sequence, time: Self.format(record.occurredAt), type: record.type.rawValue,
                    actor: record.actorID.map { names_[$0] ?? $0.rawValue }, subject: record.subjectID.map { names_[$0] ?? $0.rawValue },
                    details: record.detailValues.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "),
                    ip: record.personal.ip)
            }, nextHref: next, error: error)
        return HTMLPage(html: renderer.render(rendered), cookies: language.cookie.map { [$0] } ?? [])
    }
}
