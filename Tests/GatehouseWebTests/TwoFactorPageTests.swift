import GatehouseCore
import Foundation
import Testing

@testable import GatehouseWeb

@Suite("Two-factor pages")
struct TwoFactorPageTests {
    let renderer: PageRenderer

    init() throws {
        renderer = try PageRenderer()
    }

    /// A form of the page: where it posts and the names of its fields (hidden ones included), in order.
    struct Form: Equatable {
        let action: String
        let fields: [String]
        let body: String
    }

    private func forms(_ html: String) -> [Form] {
        let formPattern = #/<form class="form" method="post" action="(?<action>[^"]+)">(?<body>.*?)</form>/#
        return html.matches(of: formPattern.dotMatchesNewlines()).map { match in
            let body = String(match.output.body)
            let fields = body.matches(of: #/<(?:input|select|textarea)\b[^>]*\sname="(?<name>[^"]+)"/#).map { String($0.output.name) }
            return Form(action: String(match.output.action), fields: fields, body: body)
        }
    }

    /// The HTML escaping of swift-mustache's `{{name}}`.
    private func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    private func account(
        _ language: Language, _ twoFactor: AccountPage.TwoFactorSection?, notice: String? = nil
    ) -> String {
        renderer.render(
            AccountPage(
                context: PageContext(language: language), username: "alice", csrfToken: "tok", sessions: [],
                notice: notice, twoFactor: twoFactor)
        )
    }

    // MARK: - /login/second-factor

    @Test("the second-factor page has a TOTP form and a backup-code form, each with its own token", arguments: Language.allCases)
    func secondFactorForms(language: Language) {
        let html = renderer.render(
            SecondFactorPage(context: PageContext(language: language), csrfToken: "tok\"1", returnTo: "/app?a=1&b=2")
        )
        let forms = forms(html)
        #expect(forms.map(\.action) == ["/login/second-factor", "/login/second-factor"])
        #expect(forms.map(\.fields) == [["csrf_token", "return_to", "code"], ["csrf_token", "return_to", "backup_code"]])
        for form in forms {
            #expect(form.body.contains(#"<input type="hidden" name="csrf_token" value="tok&quot;1">"#))
            #expect(form.body.contains(#"<input type="hidden" name="return_to" value="/app?a=1&amp;b=2">"#))
        }
        let totp = forms[0].body
        let backup = forms[1].body
        #expect(totp.contains(#"<input id="code" name="code" type="text" class="code-input" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]*" required autofocus>"#))
        #expect(totp.contains(">\(Catalog.text(.secondFactorSubmit, language))</button>"))
        // The backup code has letters: no numeric keyboard, no digit pattern, no one-time-code autofill.
        #expect(
            backup.contains(
                #"<input id="backup_code" name="backup_code" type="text" class="code-input" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="16" required aria-describedby="backup_code-hint">"#
            ))
        #expect(!backup.contains("inputmode"))
        #expect(!backup.contains("pattern="))
        #expect(!backup.contains("autofocus"))
        #expect(backup.contains(#"<label for="backup_code">\#(Catalog.text(.recoveryFieldBackupCode, language))</label>"#))
        #expect(backup.contains(">\(Catalog.text(.secondFactorBackupCodeSubmit, language))</button>"))

        #expect(html.contains(#"<h2 id="backup-code-heading">\#(escaped(Catalog.text(.secondFactorBackupCodeHeading, language)))</h2>"#))
        #expect(html.contains(#"<p id="backup_code-hint">\#(Catalog.text(.secondFactorBackupCodeInstructions, language))</p>"#))
        #expect(html.contains(#"<p class="hint">\#(Catalog.text(.secondFactorLostPhone, language))</p>"#))
        // The recovery link keeps return_to.
        #expect(html.contains(#"<a href="/login/recovery?return_to=/app%3Fa%3D1%26b%3D2">\#(Catalog.text(.secondFactorUseBackupCode, language))</a>"#))
        // The backup-code form comes after the TOTP form, and the recovery link after both.
        if let totpStart = html.range(of: #"name="code""#), let backupStart = html.range(of: #"name="backup_code""#),
            let recovery = html.range(of: #"href="/login/recovery"#)
        {
            #expect(totpStart.lowerBound < backupStart.lowerBound && backupStart.lowerBound < recovery.lowerBound)
        } else {
            Issue.record("a form or the recovery link is missing")
        }
    }

    @Test("without return_to neither form carries one")
    func secondFactorWithoutReturnTo() {
        let html = renderer.render(SecondFactorPage(context: PageContext(language: .en), csrfToken: "tok"))
        #expect(forms(html).map(\.fields) == [["csrf_token", "code"], ["csrf_token", "backup_code"]])
        #expect(!html.contains("return_to"))
        #expect(html.contains(#"<a href="/login/recovery">"#))
    }

    @Test("the second-factor texts explain the backup code and the recovery for a lost phone")
    func secondFactorTexts() {
        #expect(
            Catalog.text(.secondFactorBackupCodeInstructions, .en)
                == "Enter your backup code instead. Each backup code works only once, so you will get a new one after you sign in."
        )
        #expect(Catalog.text(.secondFactorLostPhone, .en).contains("turns two-factor authentication off"))
        #expect(Catalog.text(.secondFactorLostPhone, .ru).contains("двухфакторная аутентификация отключается"))
        #expect(Catalog.text(.secondFactorBackupCodeInstructions, .ru).contains("вы получите новый"))
    }

    // MARK: - /login/recovery

    @Test("the recovery page asks for the backup code and says two-factor authentication is turned off", arguments: Language.allCases)
    func recovery(language: Language) {
        let html = renderer.render(RecoveryPage(context: PageContext(language: language), csrfToken: "tok", returnTo: "/app"))
        #expect(forms(html).map(\.action) == ["/login/recovery"])
        #expect(forms(html).map(\.fields) == [["csrf_token", "return_to", "backup_code"]])
        #expect(html.contains(#"<input type="hidden" name="csrf_token" value="tok">"#))
        #expect(html.contains(#"name="backup_code" type="text" class="code-input" autocomplete="off""#))
        #expect(html.contains(Catalog.text(.recoveryInstructions, language)))
        let instructions = Catalog.text(.recoveryInstructions, language)
        switch language {
        case .en:
            #expect(instructions.contains("two-factor authentication will be turned off"))
            #expect(instructions.contains("set up your authenticator app again"))
        case .ru:
            #expect(instructions.contains("двухфакторная аутентификация будет отключена"))
            #expect(instructions.contains("заново настройте приложение-аутентификатор"))
        }
    }

    // MARK: - /two-factor/setup

    @Test("the setup form posts code with the hidden token and return_to to its action")
    func setupForm() {
        let html = renderer.render(
            TwoFactorSetupPage(
                context: PageContext(language: .ru), csrfToken: "tok", returnTo: "/app", qrSVG: Fixtures.qrSVG,
                secret: "JBSWY3DPEHPK3PXP", formAction: "/account/two-factor/setup/confirm")
        )
        #expect(forms(html).map(\.action) == ["/account/two-factor/setup/confirm"])
        #expect(forms(html).map(\.fields) == [["csrf_token", "return_to", "code"]])
        #expect(html.contains("<span>JBSW</span> <span>Y3DP</span> <span>EHPK</span> <span>3PXP</span>"))
    }

    // MARK: - /account: two-factor section

    @Test("with two-factor authentication on, the section checks a code and offers every change", arguments: Language.allCases)
    func accountTwoFactorOn(language: Language) {
        let html = account(language, .init(enabled: true, enabledAt: "2026-11-01 08:15 UTC", canDisable: true))
        let twoFactorForms = forms(html).filter { $0.action.hasPrefix("/account/two-factor/") }
        #expect(twoFactorForms.map(\.action) == [
            "/account/two-factor/check", "/account/two-factor/backup-code", "/account/two-factor/setup", "/account/two-factor/disable",
        ])
        #expect(twoFactorForms.map(\.fields) == [
            ["csrf_token", "code"],
            ["csrf_token", "current_password", "code"],
            ["csrf_token", "current_password", "code"],
            ["csrf_token", "current_password", "code"],
        ])
        for form in twoFactorForms {
            #expect(form.body.contains(#"<input type="hidden" name="csrf_token" value="tok">"#), "\(form.action)")
            #expect(!form.body.contains("return_to"), "\(form.action)")
            if form.fields.contains("current_password") {
                #expect(form.body.contains(#"name="current_password" type="password" autocomplete="current-password" required>"#))
            }
            #expect(form.body.contains(#"name="code" type="text" class="code-input" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]*" required"#))
        }
        #expect(html.contains(#"<h2 id="two-factor-heading">\#(Catalog.text(.accountTwoFactor, language))</h2>"#))
        #expect(html.contains("<p>\(Catalog.text(.accountTwoFactorOnSince, language, ["time": "2026-11-01 08:15 UTC"]))</p>"))
        for key: MessageKey in [
            .accountTwoFactorCheckHeading, .accountTwoFactorBackupCodeHeading, .accountTwoFactorNewDeviceHeading,
            .accountTwoFactorDisableHeading,
        ] {
            #expect(html.contains("<h3>\(Catalog.text(key, language))</h3>"), "\(key)")
        }
        for key: MessageKey in [
            .accountTwoFactorCheckSubmit, .accountTwoFactorBackupCodeSubmit, .accountTwoFactorNewDeviceSubmit,
            .accountTwoFactorDisableSubmit,
        ] {
            #expect(html.contains(">\(Catalog.text(key, language))</button>"), "\(key)")
        }
        #expect(html.contains(Catalog.text(.accountTwoFactorCheckHint, language)))
        #expect(!html.contains(Catalog.text(.accountTwoFactorRequired, language)))
        #expect(!html.contains(Catalog.text(.accountTwoFactorOff, language)))
        #expect(!html.contains(">\(Catalog.text(.accountTwoFactorSetupSubmit, language))</button>"))
    }

    @Test("turning two-factor authentication off is offered only when the policy allows it", arguments: Language.allCases)
    func accountTwoFactorRequired(language: Language) {
        let html = account(language, .init(enabled: true, enabledAt: nil, canDisable: false, required: true))
        let actions = forms(html).map(\.action).filter { $0.hasPrefix("/account/two-factor/") }
        #expect(actions == ["/account/two-factor/check", "/account/two-factor/backup-code", "/account/two-factor/setup"])
        #expect(!html.contains("/account/two-factor/disable"))
        #expect(!html.contains(Catalog.text(.accountTwoFactorDisableHeading, language)))
        #expect(html.contains("<p>\(Catalog.text(.accountTwoFactorOn, language))</p>"))
        #expect(html.contains(#"<p class="hint">\#(Catalog.text(.accountTwoFactorRequired, language))</p>"#))

        // Optional policy, not required: still no "Turn off" unless canDisable says so.
        let optional = account(language, .init(enabled: true, canDisable: false))
        #expect(!optional.contains("/account/two-factor/disable"))
        #expect(!optional.contains(Catalog.text(.accountTwoFactorRequired, language)))
        let allowed = account(language, .init(enabled: true, canDisable: true))
        #expect(allowed.contains(#"<form class="form" method="post" action="/account/two-factor/disable">"#))
    }

    @Test("with two-factor authentication off, the section offers only the setup with the password", arguments: Language.allCases)
    func accountTwoFactorOff(language: Language) {
        // canDisable without enabled (a route mistake) must not offer "Turn off" either.
        let html = account(language, .init(enabled: false, enabledAt: "2026-11-01 08:15 UTC", canDisable: true))
        let twoFactorForms = forms(html).filter { $0.action.hasPrefix("/account/two-factor/") }
        #expect(twoFactorForms.map(\.action) == ["/account/two-factor/setup"])
        #expect(twoFactorForms.map(\.fields) == [["csrf_token", "current_password"]])
        #expect(twoFactorForms.first?.body.contains(#"<input type="hidden" name="csrf_token" value="tok">"#) == true)
        #expect(html.contains("<p>\(Catalog.text(.accountTwoFactorOff, language))</p>"))
        #expect(html.contains(Catalog.text(.accountTwoFactorSetupHint, language)))
        #expect(html.contains(">\(Catalog.text(.accountTwoFactorSetupSubmit, language))</button>"))
        #expect(!html.contains("2026-11-01 08:15 UTC"))
        #expect(!html.contains("<h3>"))
        #expect(!html.contains(Catalog.text(.twoFactorSetupRequired, language)))

        let required = account(language, .init(enabled: false, required: true))
        #expect(required.contains(#"<p class="hint">\#(Catalog.text(.twoFactorSetupRequired, language))</p>"#))
        #expect(!required.contains(Catalog.text(.accountTwoFactorRequired, language)))
    }

    @Test("without a two-factor section the page shows none", arguments: Language.allCases)
    func accountWithoutTwoFactor(language: Language) {
        let html = account(language, nil)
        #expect(!html.contains("two-factor"))
        #expect(!html.contains(Catalog.text(.accountTwoFactor, language)))
    }

    @Test("the two-factor section's inputs have labels and ids of their own", arguments: [true, false])
    func accountTwoFactorLabels(enabled: Bool) {
        let html = account(.en, .init(enabled: enabled, canDisable: true))
        let ids = html.matches(of: #/\sid="([^"]+)"/#).map { String($0.output.1) }
        #expect(Set(ids).count == ids.count)
        let expected =
            enabled
            ? [
                "two-factor-check-code", "backup-code-current_password", "backup-code-code",
                "two-factor-setup-current_password", "two-factor-setup-code",
                "two-factor-disable-current_password", "two-factor-disable-code",
            ]
            : ["two-factor-setup-current_password"]
        for id in expected {
            #expect(html.contains(#"<label for="\#(id)">"#), "\(id)")
            #expect(ids.contains(id), "\(id)")
        }
        #expect(html.contains(#"<label for="two-factor-setup-current_password">Current password</label>"#))
        #expect(html.contains(#"<label for="backup-code-code">Code from the app</label>"#) == enabled)
    }

    @Test("the time two-factor authentication was turned on is escaped")
    func accountTwoFactorEscapes() {
        let html = account(.en, .init(enabled: true, enabledAt: "<b>now</b>"))
        #expect(html.contains("<p>Two-factor authentication has been on since &lt;b&gt;now&lt;/b&gt;.</p>"))
        #expect(!html.contains("<b>"))
    }

    // MARK: - Notices after a two-factor change

    @Test("the two-factor results have their own notices in both languages")
    func twoFactorNotices() {
        #expect(AccountPage.Change(rawValue: "two_factor_enabled") == .twoFactorEnabled)
        #expect(AccountPage.Change(rawValue: "two_factor_disabled") == .twoFactorDisabled)
        #expect(AccountPage.Change(rawValue: "code_valid") == .codeValid)
        #expect(AccountPage.Change(rawValue: "code_invalid") == .codeInvalid)
        #expect(AccountPage.Change.codeValid.notice(.en) == "The code is valid: your authenticator app is set up correctly.")
        #expect(AccountPage.Change.codeValid.notice(.ru) == "Код верный: приложение-аутентификатор настроено правильно.")
        #expect(AccountPage.Change.codeInvalid.notice(.en).contains("set automatically"))
        #expect(AccountPage.Change.codeInvalid.notice(.ru).contains("автоматическая установка даты и времени"))
        #expect(AccountPage.Change.twoFactorEnabled.notice(.en).hasPrefix("Two-factor authentication is on."))
        #expect(AccountPage.Change.twoFactorDisabled.notice(.ru).hasPrefix("Двухфакторная аутентификация отключена."))
        for change: AccountPage.Change in [.twoFactorEnabled, .twoFactorDisabled, .codeValid, .codeInvalid] {
            for language in Language.allCases {
                let html = account(language, .init(enabled: true), notice: change.notice(language))
                #expect(html.contains(#"<div class="notice" role="status"><p>\#(change.notice(language))</p></div>"#))
            }
        }
    }

    // MARK: - Built-in agreement

    @Test("the built-in agreement renders on the consent page as escaped blocks", arguments: Language.allCases)
    func builtInAgreement(language: Language) {
        let text = BuiltInAgreement.text(language)
        let html = renderer.render(
            ConsentPage(
                context: PageContext(language: language), csrfToken: "tok", version: BuiltInAgreement.version, agreementText: text)
        )
        let blocks = AgreementBlock.blocks(from: text)
        let heading = language == .en ? "Consent to the processing of personal data" : "Согласие на обработку персональных данных"
        #expect(blocks.first == AgreementBlock(headingText: heading, paragraphText: nil))
        #expect(blocks.filter { $0.headingText != nil }.count == 1)
        #expect((6...10).contains(blocks.filter { $0.paragraphText != nil }.count))
        for block in blocks {
            if let heading = block.headingText {
                #expect(html.contains("<h2>\(escaped(heading))</h2>"))
            }
            if let paragraph = block.paragraphText {
                #expect(html.contains("<p>\(escaped(paragraph))</p>"), "\(paragraph)")
            }
        }
        #expect(html.contains(#"<input type="hidden" name="version" value="1">"#))
        #expect(BuiltInAgreement.version == "1")
        #expect(!text.contains("{"))
        #expect(!text.contains("<"))
        let hasCyrillic = text.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) }
        #expect(hasCyrillic == (language == .ru))
        switch language {
        case .en:
            #expect(text.contains("the operator of this service"))
            #expect(html.contains("operator&#39;s contact details"))
            #expect(!html.contains("operator's"))
        case .ru:
            #expect(text.contains("оператору сервиса"))
            #expect(text.contains("персональные данные"))
        }
        for word in ["IP", "email", "audit"] where language == .en {
            #expect(text.contains(word), "\(word)")
        }
    }
}
