import GatehouseCore
/// What every page needs besides its own content.
public struct PageContext: Sendable {
    public var language: Language
    /// `product_name` from the configuration.
    public var productName: String
    /// `support_email` from the configuration; the footer shows it when set.
    public var supportEmail: String?
    /// The language selector; empty hides it. Build with `LanguageLink.links(path:query:)`.
    public var languageLinks: [LanguageLink]
    /// When set, the header shows a "Sign out" button that posts this token to `/logout`
    /// (for pages of a signed-in or pending session).
    public var signOutCSRFToken: String?

    public init(
        language: Language,
        productName: String = "Gatehouse",
        supportEmail: String? = nil,
        languageLinks: [LanguageLink] = [],
        signOutCSRFToken: String? = nil
    ) {
        self.language = language
        self.productName = productName
        self.supportEmail = supportEmail
        self.languageLinks = languageLinks
        self.signOutCSRFToken = signOutCSRFToken
    }
}
