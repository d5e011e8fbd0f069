import Foundation
import GatehouseCore
/// What a page template is rendered with: `layout` feeds the layout template, `page` the
/// page's own block. Names in the two never overlap, because Mustache looks a missing
/// (nil) name up in the enclosing objects.
struct PageView<Page> {
    let layout: LayoutView
    let page: Page

    init(_ context: PageContext, title: String, page: Page) {
        self.layout = LayoutView(context, title: title)
        self.page = page
    }
}

struct LayoutView {
    let lang: String
    let documentTitle: String
    let productName: String
    let skipLinkText: String
    let languageSelectorLabel: String
    let hasLanguageLinks: Bool
    let languageLinks: [LanguageLinkView]
    let support: SupportView?
    let signOut: SignOutView?
    let administratorAccess: AdministratorAccessView?

    init(_ context: PageContext, title: String) {
        let language = context.language
        self.lang = language.rawValue
        self.documentTitle = "\(title) — \(context.productName)"
        self.productName = context.productName
        self.skipLinkText = Catalog.text(.skipToContent, language)
        self.languageSelectorLabel = Catalog.text(.languageSelectorLabel, language)
        self.languageLinks = context.languageLinks.enumerated().map { index, link in
            LanguageLinkView(link, isFirst: index == 0, isCurrent: link.language == language)
        }
        self.hasLanguageLinks = !context.languageLinks.isEmpty
        self.support = context.supportEmail.map { SupportView(email: $0, language: language) }
        self.signOut = context.signOutCSRFToken.map {
            SignOutView(csrfToken: $0, label: Catalog.text(.signOut, language))
        }
        self.administratorAccess = context.administratorAccess.map { AdministratorAccessView($0, language: language) }
    }
}

struct LanguageLinkView {
    let href: String
    let code: String
    let nativeName: String
    let hreflang: String
    let isFirst: Bool
    let isCurrent: Bool

    init(_ link: LanguageLink, isFirst: Bool, isCurrent: Bool) {
        self.href = link.href
        self.code = link.language.code
        self.nativeName = link.language.nativeName
        self.hreflang = link.language.rawValue
        self.isFirst = isFirst
        self.isCurrent = isCurrent
    }
}

/// "Need help? Write to <a>email</a>." — the sentence is split around `{email}` so the address
/// can be a link while both halves stay escaped.
struct SupportView {
    let textBefore: String
    let email: String
    let textAfter: String

    init(email: String, language: Language) {
        let parts = Catalog.template(.supportContact, language).components(separatedBy: "{email}")
        self.email = email
        self.textBefore = parts.first ?? ""
        self.textAfter = parts.count > 1 ? parts.dropFirst().joined(separator: email) : ""
    }
}

struct SignOutView {
    let csrfToken: String
    let label: String
}

/// The banner every page shows while an administrator uses the account.
struct AdministratorAccessView {
    let text: String
    let reason: String
    let csrfToken: String
    let endLabel: String

    init(_ banner: AdministratorAccessBanner, language: Language) {
        let components = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC") ?? .gmt, from: banner.until)
        let until = String(format: "%04d-%02d-%02d %02d:%02d UTC", components.year ?? 0, components.month ?? 0, components.day ?? 0,
                           components.hour ?? 0, components.minute ?? 0)
        self.text = Catalog.text(.administratorAccessBanner, language, ["administrator": banner.administrator, "until": until])
        self.reason = Catalog.text(.administratorAccessReason, language, ["reason": banner.reason])
        self.csrfToken = banner.csrfToken
        self.endLabel = Catalog.text(.administratorAccessEnd, language)
    }
}
