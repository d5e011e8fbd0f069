/// `/password-reset/complete?token=…`: the new password, typed twice. The GET only shows the form;
/// the POST (`csrf_token`, `token`, `new_password`, `new_password_repeat`, and `reissue_two_factor=1`
/// when ticked) consumes the token. On success the route shows a `MessagePage` with
/// `passwordResetDoneTitle`, `passwordResetDone` and a link to `/login` (`goToSignIn`).
public struct PasswordResetCompletePage: Sendable {
    public var context: PageContext
    public var csrfToken: String
    /// The token from the mailed link, posted back in a hidden field.
    public var token: String
    /// `password_reset.allow_two_factor_reissue`: offers the "new QR code" checkbox.
    public var allowsTwoFactorReissue: Bool
    /// `password_reset.two_factor_reissue_delay` in hours, for the backup-code hint.
    public var reissueDelayHours: Int
    /// A localised error for the whole form, e.g. `errorPasswordsDoNotMatch` or `errorCSRF`.
    public var error: String?
    /// Localised reasons the new password was refused, shown at the field,
    /// e.g. `Catalog.passwordTooShortMessage(minimumLength:_:)` or `errorPasswordCompromised`.
    public var passwordErrors: [String]
    /// `password.min_length`, for the hint under the field.
    public var minimumPasswordLength: Int

    public init(
        context: PageContext,
        csrfToken: String,
        token: String,
        allowsTwoFactorReissue: Bool,
        reissueDelayHours: Int = 72,
        error: String? = nil,
        passwordErrors: [String] = [],
        minimumPasswordLength: Int = 8
    ) {
        self.context = context
        self.csrfToken = csrfToken
        self.token = token
        self.allowsTwoFactorReissue = allowsTwoFactorReissue
        self.reissueDelayHours = reissueDelayHours
        self.error = error
        self.passwordErrors = passwordErrors
        self.minimumPasswordLength = minimumPasswordLength
    }
}

struct PasswordResetCompleteView {
    struct Reissue {
        let label: String
        let hint: String
        let backupCodeLabel: String
        let backupCodeHint: String
    }

    let title: String
    let error: String?
    let instructions: String
    let csrfToken: String
    let token: String
    let newPasswordLabel: String
    let passwordRules: String
    let passwordErrors: [String]
    let hasPasswordErrors: Bool
    let repeatPasswordLabel: String
    let reissue: Reissue?
    let submitLabel: String

    init(_ page: PasswordResetCompletePage) {
        let language = page.context.language
        self.title = Catalog.text(.passwordResetCompleteTitle, language)
        self.error = page.error
        self.instructions = Catalog.text(.passwordResetCompleteInstructions, language)
        self.csrfToken = page.csrfToken
        self.token = page.token
        self.newPasswordLabel = Catalog.text(.passwordResetFieldNewPassword, language)
        self.passwordRules = Catalog.passwordRules(minimumLength: page.minimumPasswordLength, language)
        self.passwordErrors = page.passwordErrors
        self.hasPasswordErrors = !page.passwordErrors.isEmpty
        self.repeatPasswordLabel = Catalog.text(.passwordResetFieldRepeatPassword, language)
        self.reissue =
            page.allowsTwoFactorReissue
            ? Reissue(
                label: Catalog.text(.passwordResetReissueTwoFactor, language),
                hint: Catalog.text(.passwordResetReissueTwoFactorHint, language),
                backupCodeLabel: Catalog.text(.passwordResetReissueBackupCode, language),
                backupCodeHint: Catalog.text(.passwordResetReissueBackupCodeHint, language, ["hours": String(page.reissueDelayHours)]))
            : nil
        self.submitLabel = Catalog.text(.passwordResetCompleteSubmit, language)
    }
}
