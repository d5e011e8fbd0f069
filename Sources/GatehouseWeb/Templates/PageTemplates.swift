/// The Mustache templates, compiled into the binary. Each page template fills the layout's
/// `main` block (`{{<layout}}{{$main}}…{{/main}}{{/layout}}`).
///
/// `{{name}}` is HTML-escaped; `{{{name}}}` is not and appears only for the generated QR SVG.
enum PageTemplates {
    static let all: [(name: String, text: String)] = [
        ("layout", layout),
        ("feedback", feedback),
        ("stepFields", stepFields),
        (PageTemplateName.login.rawValue, login),
        (PageTemplateName.secondFactor.rawValue, secondFactor),
        (PageTemplateName.recovery.rawValue, recovery),
        (PageTemplateName.consent.rawValue, consent),
        (PageTemplateName.twoFactorSetup.rawValue, twoFactorSetup),
        (PageTemplateName.backupCode.rawValue, backupCode),
        (PageTemplateName.message.rawValue, message),
        (PageTemplateName.account.rawValue, account),
        (PageTemplateName.passwordReset.rawValue, passwordReset),
        (PageTemplateName.passwordResetComplete.rawValue, passwordResetComplete),
    ]
}

/// The templates a page can be rendered with (the layout is only a parent).
enum PageTemplateName: String, CaseIterable {
    case login
    case secondFactor = "second-factor"
    case recovery
    case consent
    case twoFactorSetup = "two-factor-setup"
    case backupCode = "backup-code"
    case message
    case account
    case passwordReset = "password-reset"
    case passwordResetComplete = "password-reset-complete"
}
