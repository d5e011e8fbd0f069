/// `/login/second-factor`: the 6-digit TOTP code, or the backup code instead.
///
/// Two forms post to `/login/second-factor`, each with its own `csrf_token` and `return_to` (when
/// set): the first with `code` (the TOTP code), the second with `backup_code` (signs in and keeps
/// two-factor authentication on; the route then shows a new backup code with `BackupCodePage`,
/// `replacesUsedCode: true`). A link leads to `/login/recovery` for a lost phone, where the backup
/// code turns two-factor authentication off.
public struct SecondFactorPage: Sendable {
    public var context: PageContext
    public var csrfToken: String
    public var returnTo: String?
    /// A localised error, e.g. `Catalog.text(.errorSecondFactorInvalid, language)`.
    public var error: String?
    public var notice: String?

    public init(
        context: PageContext,
        csrfToken: String,
        returnTo: String? = nil,
        error: String? = nil,
        notice: String? = nil
    ) {
        self.context = context
        self.csrfToken = csrfToken
        self.returnTo = returnTo
        self.error = error
        self.notice = notice
    }
}

struct SecondFactorView {
    let title: String
    let notice: String?
    let error: String?
    let instructions: String
    let csrfToken: String
    let returnTo: String?
    let codeLabel: String
    let submitLabel: String
    let backupCodeHeading: String
    let backupCodeInstructions: String
    let backupCodeLabel: String
    let backupCodeSubmitLabel: String
    let lostPhoneText: String
    let recoveryLinkLabel: String
    /// `/login/recovery`, keeping `return_to`.
    let recoveryHref: String

    init(_ page: SecondFactorPage) {
        let language = page.context.language
        self.title = Catalog.text(.secondFactorTitle, language)
        self.notice = page.notice
        self.error = page.error
        self.instructions = Catalog.text(.secondFactorInstructions, language)
        self.csrfToken = page.csrfToken
        self.returnTo = page.returnTo
        self.codeLabel = Catalog.text(.secondFactorFieldCode, language)
        self.submitLabel = Catalog.text(.secondFactorSubmit, language)
        self.backupCodeHeading = Catalog.text(.secondFactorBackupCodeHeading, language)
        self.backupCodeInstructions = Catalog.text(.secondFactorBackupCodeInstructions, language)
        self.backupCodeLabel = Catalog.text(.recoveryFieldBackupCode, language)
        self.backupCodeSubmitLabel = Catalog.text(.secondFactorBackupCodeSubmit, language)
        self.lostPhoneText = Catalog.text(.secondFactorLostPhone, language)
        self.recoveryLinkLabel = Catalog.text(.secondFactorUseBackupCode, language)
        self.recoveryHref = "/login/recovery" + (page.returnTo.map { "?return_to=" + LanguageLink.percentEncoded($0) } ?? "")
    }
}
