/// `/consent`: the agreement and a required checkbox.
///
/// The form posts `csrf_token`, `version`, `return_to` (when set), `agree=yes` when the box is
/// ticked, and `accept=true` ("Continue") or `accept=false` ("Decline and sign out", which skips
/// the browser's required-checkbox check). The server must still refuse `accept=true` without `agree=yes`.
public struct ConsentPage: Sendable {
    public var context: PageContext
    public var csrfToken: String
    public var returnTo: String?
    /// The configured `consent.version`, posted back so a change during reading is noticed.
    public var version: String
    /// The agreement in the page's language, plain text or simple Markdown; shown escaped.
    public var agreementText: String
    /// A localised error, e.g. `Catalog.text(.errorConsentNotAccepted, language)`.
    public var error: String?

    public init(
        context: PageContext,
        csrfToken: String,
        returnTo: String? = nil,
        version: String,
        agreementText: String,
        error: String? = nil
    ) {
        self.context = context
        self.csrfToken = csrfToken
        self.returnTo = returnTo
        self.version = version
        self.agreementText = agreementText
        self.error = error
    }
}

struct ConsentView {
    let title: String
    let error: String?
    let intro: String
    let agreementLabel: String
    let blocks: [AgreementBlock]
    let versionText: String
    let csrfToken: String
    let version: String
    let returnTo: String?
    let checkboxLabel: String
    let continueLabel: String
    let declineLabel: String

    init(_ page: ConsentPage) {
        let language = page.context.language
        self.title = Catalog.text(.consentTitle, language)
        self.error = page.error
        self.intro = Catalog.text(.consentIntro, language)
        self.agreementLabel = Catalog.text(.consentAgreementLabel, language)
        self.blocks = AgreementBlock.blocks(from: page.agreementText)
        self.versionText = Catalog.text(.consentVersion, language, ["version": page.version])
        self.csrfToken = page.csrfToken
        self.version = page.version
        self.returnTo = page.returnTo
        self.checkboxLabel = Catalog.text(.consentCheckbox, language)
        self.continueLabel = Catalog.text(.consentContinue, language)
        self.declineLabel = Catalog.text(.consentDecline, language)
    }
}
