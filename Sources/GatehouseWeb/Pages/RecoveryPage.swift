/// `/login/recovery`, for a lost phone: the backup code (`backup_code`, with `csrf_token` and
/// `return_to` when set, posted to `/login/recovery`) signs in and turns two-factor authentication
/// off; the authenticator app must then be set up again.
public struct RecoveryPage: Sendable {
    public var context: PageContext
    public var csrfToken: String
    public var returnTo: String?
    /// A localised error, e.g. `Catalog.text(.errorBackupCodeInvalid, language)`.
    public var error: String?

    public init(context: PageContext, csrfToken: String, returnTo: String? = nil, error: String? = nil) {
        self.context = context
        self.csrfToken = csrfToken
        self.returnTo = returnTo
        self.error = error
    }
}

struct RecoveryView {
    let title: String
    let error: String?
    let instructions: String
    let csrfToken: String
    let returnTo: String?
    let backupCodeLabel: String
    let submitLabel: String
    let authenticatorLinkLabel: String

    init(_ page: RecoveryPage) {
        let language = page.context.language
        self.title = Catalog.text(.recoveryTitle, language)
        self.error = page.error
        self.instructions = Catalog.text(.recoveryInstructions, language)
        self.csrfToken = page.csrfToken
        self.returnTo = page.returnTo
        self.backupCodeLabel = Catalog.text(.recoveryFieldBackupCode, language)
        self.submitLabel = Catalog.text(.recoverySubmit, language)
        self.authenticatorLinkLabel = Catalog.text(.recoveryUseAuthenticator, language)
    }
}
