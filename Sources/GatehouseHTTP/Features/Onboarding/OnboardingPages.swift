import Foundation
import GatehouseCore
import GatehouseWeb
import Hummingbird

/// The onboarding pages: `/access-request`, `/register` (the invitation's link), `/invitations/accept`
/// (an invitation to someone who already has an account), an organisation's page for its operators
/// (`/organizations/{slug}`) and the administrators' `/admin/organizations`. They work without
/// JavaScript: every form posts back and lands on a page (or a redirect to one) that says what happened.
extension WebRoutes {
    func registerOnboarding(in routes: RouteRegistry) {
        routes.page(.get, "/access-request", policy: .public) { request, context in
            if registrations.configuration.registration == .closed {
                return registrationMessage(WebLanguage(request), request: request, context: context, .registerClosed)
            }
            return accessRequestPage(request, context)
        }
        routes.page(.post, "/access-request", policy: .public) { request, context in
            try await submitAccessRequest(request, context)
        }
        routes.page(.get, "/register", policy: .public) { request, context in
            try await registerPage(request, context)
        }
        routes.page(.post, "/register", policy: .public) { request, context in
            try await submitRegistration(request, context)
        }
        routes.page(.get, "/invitations/accept", policy: .public) { request, context in
            try await acceptInvitationPage(request, context)
        }
        routes.page(.post, "/invitations/accept", policy: .interactive(.accountWrite), context: SignedInContext.self) { request, context in
            try await submitInvitationAcceptance(request, context)
        }
        routes.page(.get, "/organizations/{slug}", policy: .interactive(.orgInvite), context: SignedInContext.self) { request, context in
            try await organizationPage(request, context, slug: context.parameters.get("slug") ?? "")
        }
        for action in OrganizationAction.allCases {
            routes.page(.post, RouterPath("/organizations/{slug}/" + action.rawValue), policy: .interactive(action.permission), context: SignedInContext.self) { request, context in
                try await organizationAction(action, request, context, slug: context.parameters.get("slug") ?? "")
            }
        }
        routes.page(.get, "/admin/organizations", policy: .interactive(.adminOrganizations), context: SignedInContext.self) { request, context in
            try await adminOrganizationsPage(request, context)
        }
        for action in AdminAction.allCases {
            routes.page(.post, RouterPath("/admin/" + action.rawValue), policy: .interactive(.adminOrganizations), context: SignedInContext.self) { request, context in
                try await adminAction(action, request, context)
            }
        }
    }

    // MARK: - /access-request

    func accessRequestForm(_ language: WebLanguage, request: Request, context: GatehouseRequestContext, csrf: String, form: FormFields? = nil,
                           notice: String? = nil, error: String? = nil) -> FormPage {
        let l = language.language
        return FormPage(
            context: pageContext(language, request: request, signedIn: context.auth), title: Catalog.text(.accessRequestTitle, l),
            paragraphs: [Catalog.text(.accessRequestIntro, l)], notice: notice, error: error, action: "/access-request", csrfToken: csrf,
            fields: [
                .init(name: "name", label: Catalog.text(.fieldName, l), value: form?["name"] ?? "", autocomplete: "name", maxLength: 100),
                .init(name: "email", label: Catalog.text(.fieldEmail, l), kind: .email, value: form?["email"] ?? "", autocomplete: "email", maxLength: 320),
                .init(name: "organization", label: Catalog.text(.accessRequestFieldOrganization, l),
                      value: form?["organization"] ?? request.uri.queryParameters.get("organization") ?? "", required: false, autocomplete: "off",
                      maxLength: 40),
                .init(name: "message", label: Catalog.text(.accessRequestFieldMessage, l), kind: .textarea, value: form?["message"] ?? "",
                      required: false, maxLength: AccessRequests.maximumMessageLength),
            ],
            submitLabel: Catalog.text(.accessRequestSubmit, l), links: [.init(href: "/login", label: Catalog.text(.backToSignIn, l))])
    }

    func accessRequestPage(_ request: Request, _ context: GatehouseRequestContext) -> HTMLPage {
        let language = WebLanguage(request)
        let (csrf, cookie) = formCSRF(request, context)
        return HTMLPage(html: renderer.render(accessRequestForm(language, request: request, context: context, csrf: csrf)),
                        cookies: [cookie, language.cookie].compactMap { $0 })
    }

    func submitAccessRequest(_ request: Request, _ context: GatehouseRequestContext) async throws -> any ResponseGenerator {
        var request = request
        let language = WebLanguage(request)
        let form = FormFields(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
        if let refused = refuseForm(form, request, context, language) { return refused }
        let (csrf, cookie) = formCSRF(request, context)
        let cookies = [cookie, language.cookie].compactMap { $0 }
        do {
            try await accessRequests.submit(AccessRequestSubmission(name: form["name"] ?? "", email: form["email"] ?? "", organization: form["organization"],
                                                                    message: form["message"], language: language.language),
                                            request: context.requestInfo)
        } catch let error as GatehouseError where error.code == .validationFailed {
            let page = accessRequestForm(language, request: request, context: context, csrf: csrf, form: form,
                                         error: Catalog.text(fieldMessage(error), language.language))
            return HTMLPage(html: renderer.render(page), status: .badRequest, cookies: cookies)
        } catch let error as GatehouseError where error.code == .forbidden {
            return registrationMessage(language, request: request, context: context, .registerClosed, status: .forbidden)
        } catch let limited as RateLimited {
            let page = accessRequestForm(language, request: request, context: context, csrf: csrf, form: form,
                                         error: Catalog.rateLimitedMessage(retryAfterSeconds: limited.retryAfter, language.language))
            return HTMLPage(html: renderer.render(page), status: .tooManyRequests, cookies: cookies, headers: [.retryAfter: String(limited.retryAfter)])
        }
        // The same page whatever the address or the organisation: nothing here says whether either exists.
        let page = accessRequestForm(language, request: request, context: context, csrf: csrf, notice: Catalog.text(.accessRequestSent, language.language))
        return HTMLPage(html: renderer.render(page), cookies: cookies)
    }

    /// The page text for a refused field.
    func fieldMessage(_ error: GatehouseError) -> MessageKey {
        switch error.errors.first?.field {
        case "name": .errorNameInvalid
        case "email": .errorEmailInvalid
        case "organization", "slug": .errorOrganizationSlugInvalid
        case "message": .errorMessageInvalid
        case "username": .errorUsernameInvalid
        default: .errorNameInvalid
        }
    }

    // MARK: - /register

    func registerForm(_ language: WebLanguage, request: Request, context: GatehouseRequestContext, csrf: String, invitation: (token: String, value: Invitation)?,
                      form: FormFields? = nil, error: String? = nil) -> FormPage {
        let l = language.language
        var fields: [FormPage.Field] = []
        var hidden: [MessagePage.HiddenField] = []
        let intro: String
        if let invitation {
            hidden.append(.init(name: "invitation", value: invitation.token))
            intro = Catalog.text(.registerInvitationIntro, l, ["organization": invitation.value.organization.name])
            fields.append(.init(name: "email", label: Catalog.text(.fieldEmail, l), kind: .email, value: invitation.value.email,
                                hint: Catalog.text(.registerEmailFixed, l), readOnly: true, autocomplete: "email"))
        } else {
            intro = Catalog.text(.registerOpenIntro, l)
            fields.append(.init(name: "email", label: Catalog.text(.fieldEmail, l), kind: .email, value: form?["email"] ?? "", autocomplete: "email",
                                maxLength: 320))
        }
        fields += [
            .init(name: "username", label: Catalog.text(.fieldUsername, l), value: form?["username"] ?? "", hint: Catalog.text(.registerUsernameHint, l),
                  autocomplete: "username"),
            .init(name: "password", label: Catalog.text(.fieldPassword, l), kind: .password,
                  hint: Catalog.passwordRules(minimumLength: selfService.policy.minLength, l), autocomplete: "new-password"),
            .init(name: "password_repeat", label: Catalog.text(.fieldPasswordRepeat, l), kind: .password, autocomplete: "new-password"),
        ]
        let target = invitation.map { (path: "/register", parameters: [(name: "invitation", value: $0.token)]) }
        return FormPage(context: pageContext(language, request: request, linkTarget: target), title: Catalog.text(.registerTitle, l), paragraphs: [intro],
                        error: error, action: "/register", csrfToken: csrf, hiddenFields: hidden, fields: fields,
                        submitLabel: Catalog.text(.registerSubmit, l), links: [.init(href: "/login", label: Catalog.text(.backToSignIn, l))])
    }

    /// A page without a form: the invitation is dead, or registration is not open.
    func registrationMessage(_ language: WebLanguage, request: Request, context: GatehouseRequestContext, _ text: MessageKey,
                             status: HTTPResponse.Status = .ok) -> HTMLPage {
        let l = language.language
        let link: MessagePage.Link = registrations.configuration.registration == .closed
            ? .init(href: "/login", label: Catalog.text(.backToSignIn, l))
            : .init(href: "/access-request", label: Catalog.text(.loginRequestAccess, l))
        let page = MessagePage(context: pageContext(language, request: request, signedIn: context.auth), title: Catalog.text(.registerTitle, l),
                               error: status == .ok ? nil : Catalog.text(text, l), link: link)
        var shown = page
        if status == .ok { shown.paragraphs = [Catalog.text(text, l)] }
        return HTMLPage(html: renderer.render(shown), status: status, cookies: language.cookie.map { [$0] } ?? [])
    }

    func registerPage(_ request: Request, _ context: GatehouseRequestContext) async throws -> any ResponseGenerator {
        let language = WebLanguage(request)
        if registrations.configuration.registration == .closed {
            return registrationMessage(language, request: request, context: context, .registerClosed)
        }
        let (csrf, cookie) = formCSRF(request, context)
        let cookies = [cookie, language.cookie].compactMap { $0 }
        if let token = request.uri.queryParameters.get("invitation") {
            // Looking consumes nothing: a mail scanner opening the link leaves the invitation as it was.
            guard let invitation = try? await invitations.lookup(token: String(token)) else {
                try await signIn.countTokenFailure(from: context.requestInfo.ip)
                return registrationMessage(language, request: request, context: context, .registerInvitationInvalid, status: .notFound)
            }
            let page = registerForm(language, request: request, context: context, csrf: csrf, invitation: (String(token), invitation))
            return HTMLPage(html: renderer.render(page), cookies: cookies)
        }
        guard registrations.configuration.registration == .open else {
            return registrationMessage(language, request: request, context: context, .registerInviteOnly)
        }
        return HTMLPage(html: renderer.render(registerForm(language, request: request, context: context, csrf: csrf, invitation: nil)), cookies: cookies)
    }

    func submitRegistration(_ request: Request, _ context: GatehouseRequestContext) async throws -> any ResponseGenerator {
        var request = request
        let language = WebLanguage(request)
        let form = FormFields(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
        if let refused = refuseForm(form, request, context, language) { return refused }
        let (csrf, cookie) = formCSRF(request, context)
        var cookies = [cookie, language.cookie].compactMap { $0 }
        let token = form["invitation"].flatMap { $0.isEmpty ? nil : $0 }
        let invitation: Invitation? = if let token { try? await invitations.lookup(token: token) } else { nil }
        if token != nil && invitation == nil {
            return registrationMessage(language, request: request, context: context, .registerInvitationInvalid, status: .notFound)
        }
        func again(_ message: String, status: HTTPResponse.Status = .badRequest, headers: HTTPFields = [:]) -> HTMLPage {
            let page = registerForm(language, request: request, context: context, csrf: csrf,
                                    invitation: token.flatMap { token in invitation.map { (token, $0) } }, form: form, error: message)
            return HTMLPage(html: renderer.render(page), status: status, cookies: cookies, headers: headers)
        }
        guard form["password"] == form["password_repeat"] else { return again(Catalog.text(.errorPasswordsDoNotMatch, language.language)) }
        let outcome: RegistrationOutcome
        do {
            outcome = try await registrations.register(
                Registration(invitationToken: token, email: form["email"], username: form["username"] ?? "", password: form["password"] ?? "",
                             language: language.language),
                request: context.requestInfo)
        } catch let error as GatehouseError where error.code == .invitationInvalid {
            return registrationMessage(language, request: request, context: context,
                                       token == nil ? .registerInviteOnly : .registerInvitationInvalid, status: .notFound)
        } catch let error as GatehouseError where error.code == .forbidden {
            return registrationMessage(language, request: request, context: context, .registerClosed, status: .forbidden)
        } catch let error as GatehouseError where error.code == .alreadyTaken {
            let message: MessageKey = error.errors.first?.field == "email" ? .errorAccountExistsForInvitation : .errorUsernameTaken
            return again(Catalog.text(message, language.language), status: .conflict)
        } catch let error as GatehouseError where [.passwordTooWeak, .passwordCompromised].contains(error.code) {
            return again(passwordMessage(error, language))
        } catch let error as GatehouseError where error.code == .validationFailed {
            let field = error.errors.first?.field
            return again(field == "password" ? passwordMessage(error, language) : Catalog.text(fieldMessage(error), language.language))
        } catch let limited as RateLimited {
            return again(Catalog.rateLimitedMessage(retryAfterSeconds: limited.retryAfter, language.language), status: .tooManyRequests,
                         headers: [.retryAfter: String(limited.retryAfter)])
        }
        switch outcome {
        case .signedIn(let result):
            // Straight on to the steps the new account owes (consent, two-factor enrolment): no second sign-in.
            cookies.append(self.cookie.cookie(token: result.token, expires: result.session.expiresAt))
            return Redirect(location: Self.nextLocation(result.session.status, returnTo: nil), cookies: cookies)
        case .checkYourMail:
            let page = MessagePage(context: pageContext(language, request: request), title: Catalog.text(.registerCheckMailTitle, language.language),
                                   paragraphs: [Catalog.text(.registerCheckMail, language.language)],
                                   link: .init(href: "/login", label: Catalog.text(.goToSignIn, language.language)))
            return HTMLPage(html: renderer.render(page), cookies: cookies)
        }
    }

    // MARK: - /invitations/accept

    func acceptInvitationPage(_ request: Request, _ context: GatehouseRequestContext) async throws -> any ResponseGenerator {
        let language = WebLanguage(request)
        let l = language.language
        let token = request.uri.queryParameters.get("invitation").map { String($0) } ?? ""
        guard let auth = context.auth, auth.session.status == .authenticated else {
            // Sign in first, then come back here (the login page carries the way back through every step).
            let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_"))
            let back = "/invitations/accept?invitation=" + (token.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "")
            let encoded = back.addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~/"))) ?? "/"
            return Redirect(location: "/login?return_to=" + encoded, cookies: language.cookie.map { [$0] } ?? [])
        }
        guard let invitation = try? await invitations.lookup(token: token) else {
            let page = MessagePage(context: pageContext(language, request: request, signedIn: auth), title: Catalog.text(.invitationAcceptTitle, l),
                                   error: Catalog.text(.registerInvitationInvalid, l), link: .init(href: "/account", label: Catalog.text(.goToAccount, l)))
            return HTMLPage(html: renderer.render(page), status: .notFound, cookies: language.cookie.map { [$0] } ?? [])
        }
        guard invitation.emailNormalized == auth.account.emailNormalized else {
            let page = MessagePage(context: pageContext(language, request: request, signedIn: auth), title: Catalog.text(.invitationAcceptTitle, l),
                                   error: Catalog.text(.invitationAcceptOtherAddress, l), link: .init(href: "/account", label: Catalog.text(.goToAccount, l)))
            return HTMLPage(html: renderer.render(page), status: .forbidden, cookies: language.cookie.map { [$0] } ?? [])
        }
        let csrf = CSRFMiddleware.token(for: auth.session.id, keys: keys)
        let page = MessagePage(
            context: pageContext(language, request: request, signedIn: auth), title: Catalog.text(.invitationAcceptTitle, l),
            paragraphs: [Catalog.text(.invitationAcceptIntro, l, ["organization": invitation.organization.name, "role": invitation.orgRole.label(l)])],
            form: MessagePage.Form(action: "/invitations/accept", hiddenFields: [.init(name: "csrf_token", value: csrf), .init(name: "invitation", value: token)],
                                   buttonLabel: Catalog.text(.invitationAcceptSubmit, l)))
        return HTMLPage(html: renderer.render(page), cookies: language.cookie.map { [$0] } ?? [])
    }

    func submitInvitationAcceptance(_ request: Request, _ context: SignedInContext) async throws -> any ResponseGenerator {
        var request = request
        let language = WebLanguage(request)
        let l = language.language
        let form = FormFields(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
        do {
            let membership = try await invitations.accept(token: form["invitation"] ?? "", account: context.account, request: context.requestInfo)
            return Redirect(location: "/account?joined=" + membership.organization.slug)
        } catch let error as GatehouseError where [.invitationInvalid, .forbidden].contains(error.code) {
            let page = MessagePage(context: pageContext(language, request: request, signedIn: context.record), title: Catalog.text(.invitationAcceptTitle, l),
                                   error: Catalog.text(error.code == .forbidden ? .invitationAcceptOtherAddress : .registerInvitationInvalid, l),
                                   link: .init(href: "/account", label: Catalog.text(.goToAccount, l)))
            return HTMLPage(html: renderer.render(page), status: error.code == .forbidden ? .forbidden : .notFound, cookies: language.cookie.map { [$0] } ?? [])
        }
    }

    // MARK: - /organizations/{slug}

    enum OrganizationAction: String, CaseIterable {
        case invite = "invitations"
        case revoke = "invitations/revoke"
        case resend = "invitations/resend"
        case approve = "access-requests/approve"
        case reject = "access-requests/reject"
        case setMember = "members"
        case removeMember = "members/remove"

        /// Invitations and access requests are the operators'; members are the administrators'.
        var permission: Permission {
            switch self {
            case .invite, .revoke, .resend, .approve, .reject: .orgInvite
            case .setMember, .removeMember: .orgManage
            }
        }
    }

    enum AdminAction: String, CaseIterable {
        case createOrganization = "organizations"
        case inviteIntoNew = "invitations"
        case approve = "access-requests/approve"
        case reject = "access-requests/reject"
    }

    /// What `?done=` says after an action.
    static let doneNotices: [String: MessageKey] = [
        "invited": .doneInvited, "revoked": .doneRevoked, "resent": .doneResent, "approved": .doneApproved, "rejected": .doneRejected,
        "member": .doneMember, "removed": .doneRemoved, "created": .doneCreated,
    ]

    /// What `?error=` says after a refused action.
    static func errorText(_ raw: String?, _ language: Language) -> String? {
        let key: MessageKey
        switch raw {
        case nil: return nil
        case "rate_limited": return Catalog.rateLimitedMessage(retryAfterSeconds: 60, language)
        case "email": key = .errorEmailInvalid
        case "slug": key = .errorOrganizationSlugInvalid
        case "name": key = .errorOrganizationNameInvalid
        case "organization": key = .errorOrganizationSlugInvalid
        case "already_taken": key = .errorAlreadyDone
        case "forbidden": key = .errorForbidden
        default: key = .errorNotFound
        }
        return Catalog.text(key, language)
    }

    func organizationPage(_ request: Request, _ context: SignedInContext, slug: String) async throws -> any ResponseGenerator {
        let language = WebLanguage(request)
        let l = language.language
        let viewer = Inviter(context.account)
        let organization: Organization
        do {
            organization = try await invitations.manageable(slug, by: viewer)
        } catch let error as GatehouseError where error.code == .notFound {
            let page = MessagePage(context: pageContext(language, request: request, signedIn: context.record), title: Catalog.text(.organizationNotFoundTitle, l),
                                   error: Catalog.text(.organizationNotFound, l), link: .init(href: "/account", label: Catalog.text(.goToAccount, l)))
            return HTMLPage(html: renderer.render(page), status: .notFound, cookies: language.cookie.map { [$0] } ?? [])
        }
        let now = invitations.clock.now()
        let members = try await organizations.members(of: organization.slug)
        let invited = try await invitations.invitations(of: organization.slug, viewer: viewer)
        let requested = try await accessRequests.requests(of: organization.slug, viewer: viewer)
        let query = request.uri.queryParameters
        let page = OrganizationPage(
            context: pageContext(language, request: request, signedIn: context.record, linkTarget: (path: "/organizations/" + organization.slug, parameters: [])),
            csrfToken: CSRFMiddleware.token(for: context.record.session.id, keys: keys), slug: organization.slug, name: organization.name,
            notice: query.get("done").flatMap { Self.doneNotices[String($0)] }.map { Catalog.text($0, l) },
            error: Self.errorText(query.get("error").map { String($0) }, l),
            managesMembers: context.account.isAdmin,
            members: members.map { .init(userID: $0.accountID.rawValue, username: $0.username, email: $0.email, role: $0.role) },
            invitations: invited.map {
                .init(id: $0.id.rawValue, email: $0.email, role: $0.orgRole, state: $0.state(at: now), invitedBy: $0.invitedByUsername,
                      sent: Self.format($0.createdAt), expires: Self.format($0.expiresAt), carriesRoles: !$0.roles.isEmpty)
            },
            requests: requested.map(Self.entry))
        return HTMLPage(html: renderer.render(page), cookies: language.cookie.map { [$0] } ?? [])
    }

    static func entry(_ request: AccessRequest) -> OrganizationPage.RequestEntry {
        OrganizationPage.RequestEntry(id: request.id.rawValue, name: request.name, email: request.email, organization: request.organizationSlug,
                                      message: request.message, state: request.state, created: format(request.createdAt),
                                      decidedBy: request.decidedByUsername)
    }

    func organizationAction(_ action: OrganizationAction, _ request: Request, _ context: SignedInContext, slug: String) async throws -> any ResponseGenerator {
        var request = request
        let form = FormFields(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
        let inviter = Inviter(context.account)
        let base = "/organizations/" + slug.lowercased()
        let role = OrgRole(rawValue: form["org_role"] ?? "") ?? .member
        let done: String
        do {
            switch action {
            case .invite:
                _ = try await invitations.invite(email: form["email"] ?? "", into: .organization(slug: slug), orgRole: role, by: inviter,
                                                 language: context.account.preferredLanguage, request: context.requestInfo)
                done = "invited"
            case .revoke:
                try await invitations.revoke(InvitationID(rawValue: form["id"] ?? ""), of: slug, by: inviter, request: context.requestInfo)
                done = "revoked"
            case .resend:
                _ = try await invitations.resend(InvitationID(rawValue: form["id"] ?? ""), of: slug, by: inviter, language: context.account.preferredLanguage,
                                                 request: context.requestInfo)
                done = "resent"
            case .approve:
                _ = try await accessRequests.approve(AccessRequestID(rawValue: form["id"] ?? ""), of: slug, orgRole: role, by: inviter,
                                                     request: context.requestInfo)
                done = "approved"
            case .reject:
                try await accessRequests.reject(AccessRequestID(rawValue: form["id"] ?? ""), of: slug, notify: form["notify"] == "1", by: inviter,
                                                request: context.requestInfo)
                done = "rejected"
            case .setMember, .removeMember:
                // Membership itself is the platform administrators' (operators invite).
                guard context.account.isAdmin else { throw GatehouseError(.forbidden) }
                if action == .setMember {
                    guard let account = try await administration.find(form["login"] ?? "") else { throw GatehouseError(.notFound) }
                    try await organizations.setMember(account.id, of: slug, role: role, actor: context.account.id)
                    done = "member"
                } else {
                    guard let id = AccountID(form["user_id"] ?? "") else { throw GatehouseError(.notFound) }
                    try await organizations.removeMember(id, of: slug, actor: context.account.id)
                    done = "removed"
                }
            }
        } catch let error as GatehouseError {
            let reason = error.code == .validationFailed ? (error.errors.first?.field ?? "email") : error.code.rawValue
            return Redirect(location: base + "?error=" + reason)
        } catch is RateLimited {
            return Redirect(location: base + "?error=rate_limited")
        }
        return Redirect(location: base + "?done=" + done)
    }

    // MARK: - /admin/organizations

    func adminOrganizationsPage(_ request: Request, _ context: SignedInContext) async throws -> any ResponseGenerator {
        let language = WebLanguage(request)
        let l = language.language
        let query = request.uri.queryParameters
        let all = try await organizations.all()
        // The platform queue: requests that name no organisation Gatehouse knows (the others are on their organisation's page).
        let unrouted = try await accessRequests.all().filter { $0.organizationID == nil && $0.state == .open }
        let page = AdminOrganizationsPage(
            context: pageContext(language, request: request, signedIn: context.record, linkTarget: (path: "/admin/organizations", parameters: [])),
            csrfToken: CSRFMiddleware.token(for: context.record.session.id, keys: keys),
            notice: query.get("done").flatMap { Self.doneNotices[String($0)] }.map { Catalog.text($0, l) },
            error: Self.errorText(query.get("error").map { String($0) }, l),
            organizations: all.map { (slug: $0.slug, name: $0.name) }, requests: unrouted.map(Self.entry))
        return HTMLPage(html: renderer.render(page), cookies: language.cookie.map { [$0] } ?? [])
    }

    func adminAction(_ action: AdminAction, _ request: Request, _ context: SignedInContext) async throws -> any ResponseGenerator {
        var request = request
        let form = FormFields(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
        let inviter = Inviter(context.account)
        let role = OrgRole(rawValue: form["org_role"] ?? "") ?? .member
        do {
            switch action {
            case .createOrganization:
                let organization = try await organizations.create(slug: form["slug"] ?? "", name: form["name"] ?? "", actor: context.account.id)
                return Redirect(location: "/organizations/" + organization.slug + "?done=created")
            case .inviteIntoNew:
                _ = try await invitations.invite(email: form["email"] ?? "", into: .newOrganization(slug: form["slug"] ?? "", name: form["name"] ?? ""),
                                                 orgRole: role, by: inviter, language: context.account.preferredLanguage, request: context.requestInfo)
                return Redirect(location: "/admin/organizations?done=invited")
            case .approve:
                _ = try await accessRequests.approve(AccessRequestID(rawValue: form["id"] ?? ""), of: nil, organization: form["organization"], orgRole: role,
                                                     by: inviter, request: context.requestInfo)
                return Redirect(location: "/admin/organizations?done=approved")
            case .reject:
                try await accessRequests.reject(AccessRequestID(rawValue: form["id"] ?? ""), of: nil, notify: form["notify"] == "1", by: inviter,
                                                request: context.requestInfo)
                return Redirect(location: "/admin/organizations?done=rejected")
            }
        } catch let error as GatehouseError {
            let reason = error.code == .validationFailed ? (error.errors.first?.field ?? "email") : error.code.rawValue
            return Redirect(location: "/admin/organizations?error=" + reason)
        } catch is RateLimited {
            return Redirect(location: "/admin/organizations?error=rate_limited")
        }
    }
}
