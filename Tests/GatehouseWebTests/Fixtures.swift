import GatehouseCore
import GatehouseWeb

/// Every page with every optional part filled in, so a rendering shows all of its texts.
enum Fixtures {
    static let qrSVG =
        ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 21 21" shape-rendering="crispEdges"><path fill="#000" d="M0 0h7v7H0z"/></svg>"##

    static func context(_ language: Language, returnTo: String = "/account") -> PageContext {
        PageContext(
            language: language,
            productName: "Gatehouse",
            supportEmail: "support@example.com",
            languageLinks: LanguageLink.links(path: "/login", query: "return_to=\(returnTo)"),
            signOutCSRFToken: "csrf-token-1"
        )
    }

    /// (template name, rendered HTML) for every page in `language`.
    static func allPages(_ language: Language, renderer: PageRenderer) -> [(name: String, html: String)] {
        let context = context(language)
        return [
            (
                "login",
                renderer.render(
                    LoginPage(
                        context: context, csrfToken: "csrf-token-1", returnTo: "/account", login: "alice",
                        error: Catalog.text(.errorInvalidCredentials, language),
                        notice: Catalog.sessionExpiredMessage(idleMinutes: 60, language)
                    )
                )
            ),
            (
                "second-factor",
                renderer.render(
                    SecondFactorPage(
                        context: context, csrfToken: "csrf-token-1", returnTo: "/account",
                        error: Catalog.text(.errorSecondFactorInvalid, language),
                        notice: Catalog.rateLimitedMessage(retryAfterSeconds: 90, language)
                    )
                )
            ),
            (
                "recovery",
                renderer.render(
                    RecoveryPage(
                        context: context, csrfToken: "csrf-token-1", returnTo: "/account",
                        error: Catalog.text(.errorBackupCodeInvalid, language)
                    )
                )
            ),
            (
                "consent",
                renderer.render(
                    ConsentPage(
                        context: context, csrfToken: "csrf-token-1", returnTo: "/account", version: "3",
                        agreementText: BuiltInAgreement.text(language),
                        error: Catalog.text(.errorConsentNotAccepted, language)
                    )
                )
            ),
            (
                "two-factor-setup",
                renderer.render(
                    TwoFactorSetupPage(
                        context: context, csrfToken: "csrf-token-1", returnTo: "/account", qrSVG: qrSVG,
                        secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
                        otpauthURI: "otpauth://totp/Gatehouse:alice?secret=JBSWY3DPEHPK3PXP&issuer=Gatehouse",
                        isRequired: true,
                        error: Catalog.text(.errorSecondFactorInvalid, language)
                    )
                )
            ),
            (
                "backup-code",
                renderer.render(
                    BackupCodePage(context: context, backupCode: "7KQ2-M9XD", continueHref: "/account", replacesUsedCode: true)
                )
            ),
            (
                "message",
                renderer.render(
                    MessagePage(
                        context: context,
                        title: Catalog.text(.verifyEmailTitle, language),
                        paragraphs: [Catalog.text(.verifyEmailInstructions, language)],
                        notice: Catalog.text(.noticeSignedOut, language),
                        error: Catalog.text(.errorTokenInvalidOrExpired, language),
                        form: .init(
                            action: "/verify-email",
                            hiddenFields: [.init(name: "csrf_token", value: "csrf-token-1"), .init(name: "token", value: "abc")],
                            buttonLabel: Catalog.text(.verifyEmailSubmit, language)
                        ),
                        link: .init(href: "/login", label: Catalog.text(.backToSignIn, language))
                    )
                )
            ),
            ("account", renderer.render(account(language, context: context))),
            (
                "password-reset",
                renderer.render(
                    PasswordResetPage(
                        context: context, csrfToken: "csrf-token-1", email: "alice@example.com",
                        notice: Catalog.text(.passwordResetSent, language),
                        error: Catalog.rateLimitedMessage(retryAfterSeconds: 30, language)
                    )
                )
            ),
            (
                "password-reset-complete",
                renderer.render(
                    PasswordResetCompletePage(
                        context: context, csrfToken: "csrf-token-1", token: "reset-token-1", allowsTwoFactorReissue: true,
                        error: Catalog.text(.errorPasswordsDoNotMatch, language),
                        passwordErrors: [
                            Catalog.passwordTooShortMessage(minimumLength: 8, language),
                            Catalog.text(.errorPasswordCompromised, language),
                        ]
                    )
                )
            ),
            (
                "access-request",
                renderer.render(
                    FormPage(
                        context: context, title: Catalog.text(.accessRequestTitle, language), paragraphs: [Catalog.text(.accessRequestIntro, language)],
                        notice: Catalog.text(.accessRequestSent, language), error: Catalog.text(.errorNameInvalid, language), action: "/access-request",
                        csrfToken: "csrf-token-1",
                        fields: [
                            .init(name: "name", label: Catalog.text(.fieldName, language), value: "Vera", autocomplete: "name", maxLength: 100),
                            .init(name: "email", label: Catalog.text(.fieldEmail, language), kind: .email, value: "vera@example.com"),
                            .init(name: "message", label: Catalog.text(.accessRequestFieldMessage, language), kind: .textarea, value: "<b>hi</b>",
                                  required: false, maxLength: 2000),
                        ],
                        submitLabel: Catalog.text(.accessRequestSubmit, language), links: [.init(href: "/login", label: Catalog.text(.backToSignIn, language))]
                    )
                )
            ),
            (
                "register",
                renderer.render(
                    FormPage(
                        context: context, title: Catalog.text(.registerTitle, language),
                        paragraphs: [Catalog.text(.registerInvitationIntro, language, ["organization": "Rail"])], action: "/register",
                        csrfToken: "csrf-token-1", hiddenFields: [.init(name: "invitation", value: "invitation-token-1")],
                        fields: [
                            .init(name: "email", label: Catalog.text(.fieldEmail, language), kind: .email, value: "vera@example.com",
                                  hint: Catalog.text(.registerEmailFixed, language), readOnly: true),
                            .init(name: "username", label: Catalog.text(.fieldUsername, language), hint: Catalog.text(.registerUsernameHint, language),
                                  autocomplete: "username"),
                            .init(name: "password", label: Catalog.text(.fieldPassword, language), kind: .password, autocomplete: "new-password"),
                        ],
                        submitLabel: Catalog.text(.registerSubmit, language)
                    )
                )
            ),
            (
                "organization",
                renderer.render(
                    OrganizationPage(
                        context: context, csrfToken: "csrf-token-1", slug: "rail", name: "Rail", notice: Catalog.text(.doneInvited, language),
                        managesMembers: true,
                        members: [.init(userID: "u1", username: "olga", email: "olga@example.com", role: .operator)],
                        invitations: [.init(id: "i1", email: "ivan@example.com", role: .member, state: .pending, invitedBy: "olga",
                                            sent: "2026-12-07 10:00 UTC", expires: "2026-12-14 10:00 UTC")],
                        requests: [.init(id: "r1", name: "<b>Vera</b>", email: "vera@example.com", message: "<script>x</script>", state: .open,
                                         created: "2026-12-07 09:00 UTC")]
                    )
                )
            ),
            (
                "admin-organizations",
                renderer.render(
                    AdminOrganizationsPage(
                        context: context, csrfToken: "csrf-token-1", organizations: [(slug: "rail", name: "Rail")],
                        requests: [.init(id: "r2", name: "Ivan", email: "ivan@example.com", organization: "ships", message: "", state: .open,
                                         created: "2026-12-07 09:00 UTC")]
                    )
                )
            ),
            (
                "admin-users",
                renderer.render(
                    AdminUsersPage(
                        context: context, query: "al",
                        entries: [.init(id: "0195a3b2-0000-7000-8000-000000000001", username: "alice", email: "alice@example.com", state: "locked",
                                        twoFactor: true, verified: true, lastSignIn: "2026-12-07 09:00 UTC")],
                        nextHref: "/admin/users?query=al&cursor=abc")
                )
            ),
            (
                "admin-user",
                renderer.render(
                    AdminUserPage(
                        context: context, notice: nil, id: "0195a3b2-0000-7000-8000-000000000001", username: "alice", email: "alice@example.com",
                        state: "locked", twoFactor: true, verified: true, lastSignIn: nil, roles: [], organizations: ["rail"],
                        sessions: [.init(device: "Firefox 128 · Windows 10", place: "Linköping · 192.0.2.1", lastActive: "2026-12-07 09:00 UTC")],
                        events: [.init(time: "2026-12-07 09:00 UTC", type: "login.failed", ip: "192.0.2.1")],
                        actions: AdminUserPage.Action.allCases)
                )
            ),
            (
                "admin-audit",
                renderer.render(
                    AdminAuditPage(
                        context: context, filters: [(name: "type", value: "login.failed")],
                        entries: [.init(sequence: 42, time: "2026-12-07 09:00 UTC", type: "login.failed", actor: nil, subject: "alice",
                                        details: "reason=invalid_password", ip: "192.0.2.1")],
                        nextHref: "/admin/audit?type=login.failed&cursor=42")
                )
            ),
            (
                "admin-queues",
                renderer.render(
                    AdminQueuesPage(
                        context: context, csrfToken: "csrf-token-1",
                        requests: [.init(id: "r3", name: "Vera", email: "vera@example.com", organization: "rail", message: "Please", state: .open,
                                         created: "2026-12-07 09:00 UTC")],
                        organizations: [(slug: "rail", name: "Rail")],
                        invitations: [.init(email: "pavel@example.com", organizationSlug: "rail", organizationName: "Rail", invitedBy: "olga",
                                            expires: "2026-12-14 09:00 UTC")])
                )
            ),
        ]
    }

    /// Two-factor authentication on, and allowed to be turned off: every form of the section.
    static let twoFactorOn = AccountPage.TwoFactorSection(
        enabled: true, enabledAt: "2026-11-01 08:15 UTC", canDisable: true, required: false)

    /// The account page with every part filled in: profile with a pending address, a notice, an error,
    /// the two-factor section with all its forms, and two sessions (this one and another).
    static func account(
        _ language: Language, context: PageContext? = nil, username: String = "alice",
        twoFactor: AccountPage.TwoFactorSection? = twoFactorOn
    ) -> AccountPage {
        AccountPage(
            context: context ?? self.context(language),
            username: username,
            email: "alice@example.com",
            pendingEmail: "alice.new@example.org",
            preferredLanguage: language,
            csrfToken: "csrf-token-1",
            sessions: [
                AccountPage.SessionEntry(
                    id: "s1", current: true, device: "Firefox 128 · Windows 10", location: "Linköping, Sweden",
                    ip: "192.0.2.1", signedIn: "2026-11-23 17:30 UTC", lastActive: "2026-11-23 18:02 UTC"),
                AccountPage.SessionEntry(
                    id: "s2", current: false, device: nil, location: nil, ip: nil,
                    signedIn: "2026-11-20 09:00 UTC", lastActive: "2026-11-21 10:15 UTC"),
            ],
            notice: AccountPage.Change.email.notice(language),
            error: Catalog.text(.errorCurrentPasswordWrong, language),
            twoFactor: twoFactor
        )
    }
}
