import Foundation
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
    /// Set while an administrator uses this account: every page shows who, why and until when, with
    /// a button that ends the access.
    public var administratorAccess: AdministratorAccessBanner?

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
        self.administratorAccess = AdministratorAccessBanner.current
    }
}

/// The banner of an administrator's access to the account whose pages are shown.
public struct AdministratorAccessBanner: Sendable, Equatable {
    public var administrator: String
    public var reason: String
    public var until: Date
    /// For the banner's "End access" form (the access session's CSRF token).
    public var csrfToken: String

    public init(administrator: String, reason: String, until: Date, csrfToken: String) {
        self.administrator = administrator
        self.reason = reason
        self.until = until
        self.csrfToken = csrfToken
    }

    /// The access the request being answered is made under, if any; set by the HTTP layer.
    @TaskLocal public static var current: AdministratorAccessBanner?
}
