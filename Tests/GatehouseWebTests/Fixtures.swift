import GatehouseWeb

/// Every page with every optional part filled in, so a rendering shows all of its texts.
enum Fixtures {
    static let qrSVG =
        ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 21 21" shape-rendering="crispEdges"><path fill="#000" d="M0 0h7v7H0z"/></svg>"##

    static func context(_ language: PageLanguage, returnTo: String = "/account") -> PageContext {
        PageContext(
            language: language,
            productName: "Gatehouse",
            supportEmail: "support@example.com",
            languageLinks: LanguageLink.links(path: "/login", query: "return_to=\(returnTo)"),
            signOutCSRFToken: "csrf-token-1"
        )
    }

    static func agreement(_ language: PageLanguage) -> String {
        switch language {
        case .en: "# Agreement\n\nWe process your data.\n- to sign you in\n- to keep your account safe"
        case .ru: "# Соглашение\n\nМы обрабатываем ваши данные.\n- чтобы вы могли войти\n- чтобы защитить учётную запись"
        }
    }

    /// (template name, rendered HTML) for every page in `language`.
    static func allPages(_ language: PageLanguage, renderer: PageRenderer) -> [(name: String, html: String)] {
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
                        agreementText: agreement(language),
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
        ]
    }
}
