import GatehouseCore
import Foundation
import GatehouseWeb
import Testing

@Suite("Self-service pages")
struct SelfServicePageTests {
    let renderer: PageRenderer

    init() throws {
        renderer = try PageRenderer()
    }

    static let selfServicePages = ["account", "password-reset", "password-reset-complete"]

    private func page(_ name: String, _ language: Language) -> String {
        Fixtures.allPages(language, renderer: renderer).first { $0.name == name }?.html ?? ""
    }

    @Test(
        "each self-service page is a document in its language with the language selector and the CSRF field",
        arguments: selfServicePages, Language.allCases
    )
    func frame(name: String, language: Language) {
        let html = page(name, language)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains(#"<html lang="\#(language.rawValue)">"#))
        #expect(html.contains(#"<nav class="language-selector""#))
        #expect(html.contains(#"hreflang="en""#) && html.contains(#"hreflang="ru""#))
        #expect(html.contains(#"<input type="hidden" name="csrf_token" value="csrf-token-1">"#))
    }

    @Test("no id appears twice on a page", arguments: Language.allCases)
    func uniqueIDs(language: Language) {
        for (name, html) in Fixtures.allPages(language, renderer: renderer) {
            let ids = html.matches(of: #/\sid="([^"]+)"/#).map { String($0.output.1) }
            #expect(Set(ids).count == ids.count, "\(name): \(ids)")
            for match in html.matches(of: #/aria-(?:describedby|labelledby)="([^"]+)"/#) {
                for target in match.output.1.split(separator: " ") {
                    #expect(ids.contains(String(target)), "\(name): \(target) points to nothing")
                }
            }
        }
    }

    // MARK: - /password-reset

    @Test("the reset request asks for an email address and says what to expect", arguments: Language.allCases)
    func passwordReset(language: Language) {
        let html = renderer.render(PasswordResetPage(context: PageContext(language: language), csrfToken: "tok"))
        #expect(html.contains(#"<form class="form" method="post" action="/password-reset">"#))
        #expect(html.contains(#"<input type="hidden" name="csrf_token" value="tok">"#))
        #expect(html.contains(#"<label for="email">\#(Catalog.text(.passwordResetFieldEmail, language))</label>"#))
        #expect(html.contains(#"<input id="email" name="email" type="email" value="" autocomplete="email""#))
        #expect(html.contains(">\(Catalog.text(.passwordResetSubmit, language))</button>"))
        #expect(html.contains(Catalog.text(.passwordResetSpamNote, language)))
        #expect(html.contains(Catalog.text(.passwordResetTwoFactorNote, language)))
        #expect(html.contains(#"<a href="/login">\#(Catalog.text(.backToSignIn, language))</a>"#))
        #expect(!html.contains(#"role="status""#))
        #expect(!html.contains(#"role="alert""#))
    }

    @Test("the reset request names the link's lifetime and the seeds' button")
    func passwordResetTexts() {
        let en = renderer.render(PasswordResetPage(context: PageContext(language: .en), csrfToken: "t"))
        let ru = renderer.render(PasswordResetPage(context: PageContext(language: .ru), csrfToken: "t"))
        #expect(en.contains("The link is valid for 1 hour."))
        #expect(ru.contains("Ссылка действует 1 час."))
        #expect(en.contains(">Reset</button>"))
        #expect(ru.contains(">Сбросить</button>"))
        let short = renderer.render(
            PasswordResetPage(context: PageContext(language: .ru), csrfToken: "t", linkLifetimeMinutes: 30, allowsTwoFactorReissue: false)
        )
        #expect(short.contains("Ссылка действует 30 минут."))
        #expect(!short.contains(Catalog.text(.passwordResetTwoFactorNote, .ru)))
    }

    @Test("after a submit the page says the same thing for every address and keeps it in the field")
    func passwordResetSent() {
        let html = renderer.render(
            PasswordResetPage(
                context: PageContext(language: .en), csrfToken: "t", email: #""><b>x</b>@example.com"#,
                notice: Catalog.text(.passwordResetSent, .en)
            )
        )
        #expect(html.contains(#"<div class="notice" role="status"><p>If an account uses this address, we have sent"#))
        #expect(html.contains(#"value="&quot;&gt;&lt;b&gt;x&lt;/b&gt;@example.com""#))
        #expect(!html.contains("<b>"))
    }

    // MARK: - /password-reset/complete

    @Test("the new-password form carries the token and asks twice for a new password", arguments: Language.allCases)
    func passwordResetComplete(language: Language) {
        let html = renderer.render(
            PasswordResetCompletePage(
                context: PageContext(language: language), csrfToken: "tok", token: "abc\"<x>", allowsTwoFactorReissue: false
            )
        )
        #expect(html.contains(#"<form class="form" method="post" action="/password-reset/complete">"#))
        #expect(html.contains(#"<input type="hidden" name="csrf_token" value="tok">"#))
        #expect(html.contains(#"<input type="hidden" name="token" value="abc&quot;&lt;x&gt;">"#))
        #expect(html.contains(#"<input id="new_password" name="new_password" type="password" autocomplete="new-password" required"#))
        #expect(html.contains(#"<input id="new_password_repeat" name="new_password_repeat" type="password" autocomplete="new-password" required>"#))
        #expect(html.contains(Catalog.passwordRules(minimumLength: 8, language)))
        #expect(html.contains(">\(Catalog.text(.passwordResetCompleteSubmit, language))</button>"))
        #expect(!html.contains("aria-invalid"))
        #expect(!html.contains("field-errors"))
    }

    @Test("the new QR code checkbox appears only where the configuration allows the reissue", arguments: [true, false])
    func reissueCheckbox(allowed: Bool) {
        let html = renderer.render(
            PasswordResetCompletePage(context: PageContext(language: .en), csrfToken: "t", token: "x", allowsTwoFactorReissue: allowed)
        )
        let checkbox = #"<input id="reissue_two_factor" name="reissue_two_factor" type="checkbox" value="1""#
        #expect(html.contains(checkbox) == allowed)
        #expect(html.contains(#"<label for="reissue_two_factor">Also set up two-factor authentication again (new QR code)</label>"#) == allowed)
    }

    @Test("why a new password was refused is listed at the field and tied to it")
    func passwordErrors() {
        let html = renderer.render(
            PasswordResetCompletePage(
                context: PageContext(language: .ru), csrfToken: "t", token: "x", allowsTwoFactorReissue: true,
                passwordErrors: [Catalog.passwordTooShortMessage(minimumLength: 12, .ru), "<i>x</i>"], minimumPasswordLength: 12
            )
        )
        #expect(html.contains(#"<ul class="field-errors" id="new_password-errors">"#))
        #expect(html.contains("<li>Пароль должен содержать минимум 12 символов.</li>"))
        #expect(html.contains("<li>&lt;i&gt;x&lt;/i&gt;</li>"))
        #expect(html.contains(#"aria-describedby="new_password-hint new_password-errors" aria-invalid="true">"#))
        #expect(html.contains("Минимум 12 символов."))
    }

    // MARK: - /account

    @Test("the account page has a section for the profile, each change and the sessions", arguments: Language.allCases)
    func accountSections(language: Language) {
        let html = renderer.render(Fixtures.account(language))
        for key: MessageKey in [.accountProfile, .accountPassword, .accountUsername, .accountEmail, .accountLanguage, .accountSessions] {
            #expect(html.contains(">\(Catalog.text(key, language))</h2>"), "\(key)")
        }
        for action in ["/account/password", "/account/username", "/account/email", "/account/language"] {
            #expect(html.contains(#"<form class="form" method="post" action="\#(action)">"#), "\(action)")
        }
        // Four change forms, four two-factor forms, one revoke form per other session, "end all others",
        // and sign-out.
        #expect(html.components(separatedBy: #"name="csrf_token" value="csrf-token-1""#).count - 1 == 11)
        #expect(html.contains(Catalog.text(.accountSignedInAs, language, ["username": "alice"])))
    }

    @Test("the change forms post the contract's field names with the right autofill")
    func accountForms() {
        let html = renderer.render(Fixtures.account(.en))
        // Password, username and email forms, and three two-factor forms (backup code, new device, turn off).
        #expect(html.components(separatedBy: #"name="current_password" type="password" autocomplete="current-password" required>"#).count - 1 == 6)
        #expect(html.contains(#"<input id="new_password" name="new_password" type="password" autocomplete="new-password""#))
        #expect(html.contains(#"<input id="new_password_repeat" name="new_password_repeat" type="password" autocomplete="new-password""#))
        #expect(html.contains(#"<input id="username" name="username" type="text" value="alice" autocomplete="username""#))
        #expect(html.contains(#"<input id="email" name="email" type="email" value="" autocomplete="email""#))
        #expect(html.contains("We will send a confirmation link to the new address."))
        #expect(html.contains("At least 8 characters."))
    }

    @Test("the language form selects the stored language")
    func accountLanguage() {
        let page = AccountPage(
            context: PageContext(language: .en), username: "a", preferredLanguage: .ru, csrfToken: "t", sessions: []
        )
        let html = renderer.render(page)
        #expect(html.contains(#"<label for="language">Language of pages and emails</label>"#))
        #expect(html.contains(#"<select id="language" name="language">"#))
        #expect(html.contains(#"<option value="en" lang="en">English</option>"#))
        #expect(html.contains(#"<option value="ru" lang="ru" selected>Русский</option>"#))

        let fallback = renderer.render(AccountPage(context: PageContext(language: .en), username: "a", csrfToken: "t", sessions: []))
        #expect(fallback.contains(#"<option value="en" lang="en" selected>English</option>"#))
        #expect(!fallback.contains("ru\" lang=\"ru\" selected"))
    }

    @Test("the profile shows the address waiting for confirmation only when there is one", arguments: Language.allCases)
    func pendingEmail(language: Language) {
        let html = renderer.render(Fixtures.account(language))
        #expect(html.contains("<dd>alice@example.com<span class=\"hint pending-email\">"))
        #expect(html.contains(Catalog.text(.accountPendingEmail, language, ["email": "alice.new@example.org"])))

        let without = renderer.render(
            AccountPage(context: PageContext(language: language), username: "alice", email: "alice@example.com", csrfToken: "t", sessions: [])
        )
        #expect(without.contains("<dd>alice@example.com</dd>"))
        #expect(!without.contains("pending-email"))
    }

    @Test("a username, addresses and typed values are escaped")
    func accountEscapes() {
        let page = AccountPage(
            context: PageContext(language: .en), username: "<b>x</b>", email: "<b>e</b>@example.com",
            pendingEmail: "<b>p</b>@example.com", csrfToken: "t", sessions: [], newUsername: "<b>typed</b>",
            newEmail: #""><b>n</b>"#
        )
        let html = renderer.render(page)
        #expect(!html.contains("<b>"))
        #expect(html.contains("<dd>&lt;b&gt;x&lt;/b&gt;</dd>"))
        #expect(html.contains("You are signed in as &lt;b&gt;x&lt;/b&gt;."))
        #expect(html.contains("&lt;b&gt;e&lt;/b&gt;@example.com"))
        #expect(html.contains("Waiting for confirmation of &lt;b&gt;p&lt;/b&gt;@example.com."))
        #expect(html.contains(#"value="&lt;b&gt;typed&lt;/b&gt;""#))
        #expect(html.contains(#"value="&quot;&gt;&lt;b&gt;n&lt;/b&gt;""#))
    }

    @Test("the existing call without profile details still renders the sessions")
    func accountMinimalCall() {
        let html = renderer.render(
            AccountPage(
                context: PageContext(language: .en), username: "alice", csrfToken: "t",
                sessions: [.init(id: "s", current: true, device: nil, location: nil, ip: nil, signedIn: "a", lastActive: "b")],
                notice: Catalog.text(.accountSessionsRevoked, .en)
            )
        )
        #expect(html.contains("The session has ended."))
        #expect(html.contains("Unknown device"))
        #expect(!html.contains("revoke-others"))
        #expect(!html.contains(">Email address</dt>"))
    }

    @Test("each ?changed= value has its own notice in both languages")
    func changeNotices() {
        #expect(AccountPage.Change(rawValue: "password") == .password)
        #expect(
            AccountPage.Change.allCases.map(\.rawValue) == [
                "password", "username", "email", "language",
                "two_factor_enabled", "two_factor_disabled", "code_valid", "code_invalid", "two_factor_reissue_cancelled",
                "token_deleted",
            ]
        )
        let english = AccountPage.Change.allCases.map { $0.notice(.en) }
        let russian = AccountPage.Change.allCases.map { $0.notice(.ru) }
        #expect(Set(english).count == 10)
        #expect(Set(russian).count == 10)
        #expect(AccountPage.Change.email.notice(.en).hasPrefix("We sent a confirmation link to the new address"))
        #expect(AccountPage.Change.password.notice(.ru) == "Пароль изменён. Остальные ваши сеансы завершены.")
    }

    // MARK: - Mailed links shown with MessagePage

    @Test("the mailed-link pages built from MessagePage are wholly in the page's language", arguments: Language.allCases)
    func mailedLinkPages(language: Language) {
        let context = Fixtures.context(language)
        let confirm = { (action: String) in
            MessagePage.Form(
                action: action,
                hiddenFields: [.init(name: "csrf_token", value: "c"), .init(name: "token", value: "t")],
                buttonLabel: Catalog.text(action == "/unlock" ? .unlockSubmit : .verifyEmailSubmit, language))
        }
        let pages = [
            MessagePage(
                context: context, title: Catalog.text(.verifyEmailTitle, language),
                paragraphs: [Catalog.text(.verifyEmailInstructions, language)], form: confirm("/verify-email")),
            MessagePage(
                context: context, title: Catalog.text(.verifyEmailDoneTitle, language),
                paragraphs: [Catalog.text(.verifyEmailDone, language)],
                link: .init(href: "/account", label: Catalog.text(.goToAccount, language))),
            MessagePage(
                context: context, title: Catalog.text(.verifyEmailTitle, language),
                paragraphs: [Catalog.text(.verifyEmailPending, language, ["email": "alice@example.com"])],
                notice: Catalog.text(.verifyEmailResent, language),
                form: .init(
                    action: "/verify-email/resend", hiddenFields: [.init(name: "csrf_token", value: "c")],
                    buttonLabel: Catalog.text(.verifyEmailResend, language))),
            MessagePage(
                context: context, title: Catalog.text(.unlockTitle, language),
                paragraphs: [Catalog.text(.unlockInstructions, language)], form: confirm("/unlock")),
            MessagePage(
                context: context, title: Catalog.text(.unlockDoneTitle, language),
                paragraphs: [Catalog.text(.unlockDone, language)],
                link: .init(href: "/login", label: Catalog.text(.goToSignIn, language))),
            MessagePage(
                context: context, title: Catalog.text(.passwordResetCompleteTitle, language),
                error: Catalog.text(.errorTokenInvalidOrExpired, language),
                link: .init(href: "/password-reset", label: Catalog.text(.requestNewLink, language))),
            MessagePage(
                context: context, title: Catalog.text(.passwordResetDoneTitle, language),
                paragraphs: [Catalog.text(.passwordResetDone, language), Catalog.text(.passwordResetDoneReissueTwoFactor, language)],
                link: .init(href: "/login", label: Catalog.text(.goToSignIn, language))),
        ]
        for page in pages {
            let html = renderer.render(page)
            #expect(html.contains(#"<html lang="\#(language.rawValue)">"#))
            let text = html.replacingOccurrences(of: Language.ru.nativeName, with: "")
            let hasCyrillic = text.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) }
            #expect(hasCyrillic == (language == .ru), "\(page.title)")
        }
        #expect(Catalog.text(.errorTokenInvalidOrExpired, .en) == "This link is invalid or has expired. Request a new one.")
    }

    // MARK: - Catalogue helpers

    @Test("characters and hours take the right plural forms")
    func quantities() {
        #expect(Catalog.characters(1, .en) == "1 character")
        #expect(Catalog.characters(8, .en) == "8 characters")
        #expect(Catalog.characters(1, .ru) == "1 символ")
        #expect(Catalog.characters(2, .ru) == "2 символа")
        #expect(Catalog.characters(8, .ru) == "8 символов")
        #expect(Catalog.characters(21, .ru) == "21 символ")
        #expect(Catalog.hours(1, .en) == "1 hour")
        #expect(Catalog.hours(24, .ru) == "24 часа")
        #expect(Catalog.hours(5, .ru) == "5 часов")
        #expect(Catalog.duration(minutes: 60, .en) == "1 hour")
        #expect(Catalog.duration(minutes: 90, .en) == "90 minutes")
        #expect(Catalog.duration(minutes: 0, .ru) == "0 минут")
    }

    @Test("the password rules and length errors name the configured length")
    func passwordRuleTexts() {
        #expect(
            Catalog.passwordRules(minimumLength: 8, .en)
                == "At least 8 characters. Common passwords and passwords that contain your username or email address are not accepted."
        )
        #expect(Catalog.passwordRules(minimumLength: 10, .ru).hasPrefix("Минимум 10 символов."))
        #expect(Catalog.passwordTooShortMessage(minimumLength: 8, .en) == "The password must have at least 8 characters.")
        #expect(Catalog.passwordTooLongMessage(maximumLength: 128, .ru) == "Пароль может содержать максимум 128 символов.")
    }
}
