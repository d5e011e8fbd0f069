/// `/password-reset`: asks for the account's email address and mails a reset link. After a submit
/// the route shows this page again with `notice` = `Catalog.text(.passwordResetSent, language)`,
/// whether or not an account uses the address.
public struct PasswordResetPage: Sendable {
    public var context: PageContext
    public var csrfToken: String
    /// What the user typed, shown again in the field.
    public var email: String?
    /// A localised notice, e.g. `Catalog.text(.passwordResetSent, language)`.
    public var notice: String?
    /// A localised error, e.g. `Catalog.rateLimitedMessage(retryAfterSeconds:_:)` or `errorCSRF`.
    public var error: String?
    /// The configured `tokens.reset_ttl` in minutes, for "The link is valid for 1 hour."
    public var linkLifetimeMinutes: Int
    /// `password_reset.allow_two_factor_reissue`: mentions that a new QR code can be had on the way.
    public var allowsTwoFactorReissue: Bool

    public init(
        context: PageContext,
        csrfToken: String,
        email: String? = nil,
        notice: String? = nil,
        error: String? = nil,
        linkLifetimeMinutes: Int = 60,
        allowsTwoFactorReissue: Bool = true
    ) {
        self.context = context
        self.csrfToken = csrfToken
        self.email = email
        self.notice = notice
        self.error = error
        self.linkLifetimeMinutes = linkLifetimeMinutes
        self.allowsTwoFactorReissue = allowsTwoFactorReissue
    }
}

struct PasswordResetView {
    let title: String
    let notice: String?
    let error: String?
    let instructions: String
    let csrfToken: String
    let email: String
    let emailLabel: String
    let submitLabel: String
    let notes: [String]
    let backToSignInLabel: String

    init(_ page: PasswordResetPage) {
        let language = page.context.language
        self.title = Catalog.text(.passwordResetTitle, language)
        self.notice = page.notice
        self.error = page.error
        self.instructions = Catalog.text(.passwordResetInstructions, language)
        self.csrfToken = page.csrfToken
        self.email = page.email ?? ""
        self.emailLabel = Catalog.text(.passwordResetFieldEmail, language)
        self.submitLabel = Catalog.text(.passwordResetSubmit, language)
        var notes = [
            Catalog.text(.passwordResetSpamNote, language),
            Catalog.passwordResetLinkValidity(minutes: page.linkLifetimeMinutes, language),
        ]
        if page.allowsTwoFactorReissue {
            notes.append(Catalog.text(.passwordResetTwoFactorNote, language))
        }
        self.notes = notes
        self.backToSignInLabel = Catalog.text(.backToSignIn, language)
    }
}
