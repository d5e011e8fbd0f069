/// `/login/second-factor`: the 6-digit TOTP code.
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
    let backupCodeLinkLabel: String

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
        self.backupCodeLinkLabel = Catalog.text(.secondFactorUseBackupCode, language)
    }
}
