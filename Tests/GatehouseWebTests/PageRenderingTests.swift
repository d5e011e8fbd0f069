import GatehouseCore
import Foundation
import GatehouseWeb
import HTMLEscaping
import Testing

@Suite("Page rendering")
struct PageRenderingTests {
    let renderer: PageRenderer

    init() throws {
        renderer = try PageRenderer()
    }

    @Test("all templates parse and every page renders a complete document", arguments: Language.allCases)
    func rendersCompleteDocuments(language: Language) {
        let pages = Fixtures.allPages(language, renderer: renderer)
        #expect(pages.count == 18)
        for (name, html) in pages {
            #expect(html.hasPrefix("<!DOCTYPE html>"), "\(name)")
            #expect(html.contains(#"<html lang="\#(language.rawValue)">"#), "\(name)")
            #expect(html.contains(#"<meta name="viewport" content="width=device-width, initial-scale=1">"#), "\(name)")
            #expect(html.contains(#"<link rel="stylesheet" href="/static/gatehouse.css">"#), "\(name)")
            #expect(html.contains("<main id=\"main\""), "\(name)")
            // Only the origin as Referer (tokens in URLs stay put), and a real Origin on form posts.
            #expect(html.contains(#"<meta name="referrer" content="strict-origin">"#), "\(name)")
            #expect(html.contains("<h1>"), "\(name)")
            #expect(html.hasSuffix("</html>\n"), "\(name)")
        }
    }

    @Test("the Russian pages contain no English interface text")
    func russianPagesAreRussian() {
        let englishFragments = MessageKey.allCases
            .filter { !MessageKey.sameInEveryLanguage.contains($0) }
            .flatMap { Catalog.template($0, .en).split(separator: #/\{[a-z_]+\}/#) }
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters)) }
            .filter { $0.count >= 3 }
        for (name, page) in Fixtures.allPages(.ru, renderer: renderer) {
            // Machine values in attributes (an option's `member`, a class's `pending-email`) are not interface text.
            let html = page.replacing(#/\s(?:value|class|id|for|name|href|action|autocomplete|aria-labelledby|aria-describedby)="[^"]*"/#, with: "")
            for fragment in englishFragments {
                #expect(!html.contains(fragment), "\(name) shows English \"\(fragment)\"")
            }
        }
    }

    @Test("the English pages contain no Russian text besides the language's own name")
    func englishPagesAreEnglish() {
        for (name, html) in Fixtures.allPages(.en, renderer: renderer) {
            let withoutOwnName = html.replacingOccurrences(of: Language.ru.nativeName, with: "")
            #expect(!withoutOwnName.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) }, "\(name)")
        }
    }

    @Test("no page carries a script, a style block or a style attribute", arguments: Language.allCases)
    func noInlineScriptOrStyle(language: Language) {
        for (name, html) in Fixtures.allPages(language, renderer: renderer) {
            let lowercased = html.lowercased()
            #expect(!lowercased.contains("<script"), "\(name)")
            #expect(!lowercased.contains("<style"), "\(name)")
            #expect(!lowercased.contains("style="), "\(name)")
            #expect(!lowercased.contains("javascript:"), "\(name)")
        }
    }

    @Test("every visible input has a label that points to it", arguments: Language.allCases)
    func inputsHaveLabels(language: Language) {
        for (name, html) in Fixtures.allPages(language, renderer: renderer) {
            let labelTargets = Set(html.matches(of: #/<label for="([^"]+)">/#).map { String($0.output.1) })
            var ids: [String] = []
            for match in html.matches(of: #/<(?:input|select|textarea)\b[^>]*>/#) {
                let tag = String(html[match.range])
                let type = tag.firstMatch(of: #/\stype="([^"]*)"/#).map { String($0.output.1) } ?? "text"
                guard type != "hidden" && type != "submit" else { continue }
                let id = tag.firstMatch(of: #/\sid="([^"]+)"/#).map { String($0.output.1) }
                #expect(id != nil, "\(name): \(tag) has no id")
                if let id {
                    ids.append(id)
                    #expect(labelTargets.contains(id), "\(name): no <label for=\"\(id)\">")
                }
            }
            #expect(Set(ids).count == ids.count, "\(name): duplicate ids")
            #expect(labelTargets.isSubset(of: Set(ids)), "\(name): a label points to no input")
        }
    }

    @Test("what the user typed is escaped")
    func escapesUserInput() {
        let attack = #""><script>alert(1)</script>"#
        let html = renderer.render(
            LoginPage(
                context: PageContext(language: .en, supportEmail: "<b>x</b>@example.com"),
                csrfToken: attack, returnTo: attack, login: attack, error: attack, notice: attack
            )
        )
        #expect(!html.contains("<script"))
        #expect(!html.contains("<b>"))
        #expect(html.contains(#"value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;""#))
        #expect(html.contains("<p>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>"))
    }

    @Test("the agreement and message texts are escaped paragraphs")
    func escapesAgreement() {
        let page = ConsentPage(
            context: PageContext(language: .en), csrfToken: "t", version: "1\"><x>",
            agreementText: "# Terms <em>\n\nFirst <img src=x onerror=alert(1)>\nsecond line\n\n\nLast & final"
        )
        let html = renderer.render(page)
        #expect(html.contains("<h2>Terms &lt;em&gt;</h2>"))
        #expect(html.contains("<p>First &lt;img src=x onerror=alert(1)&gt;\nsecond line</p>"))
        #expect(html.contains("<p>Last &amp; final</p>"))
        #expect(html.contains(#"name="version" value="1&quot;&gt;&lt;x&gt;""#))
        #expect(!html.contains("<img"))

        let message = renderer.render(
            MessagePage(context: PageContext(language: .en), title: "<i>t</i>", paragraphs: ["<i>p</i>"])
        )
        #expect(!message.contains("<i>"))
    }

    @Test("the login form keeps the typed login and asks browsers for the right autofill")
    func loginForm() {
        let html = renderer.render(LoginPage(context: PageContext(language: .en), csrfToken: "tok", login: "alice"))
        #expect(html.contains(#"<form class="form" method="post" action="/login">"#))
        #expect(html.contains(#"<input type="hidden" name="csrf_token" value="tok">"#))
        #expect(html.contains(#"value="alice" autocomplete="username""#))
        #expect(html.contains(#"autocomplete="current-password""#))
        #expect(!html.contains(#"name="return_to""#))
        #expect(!html.contains(#"role="alert""#))
        #expect(html.contains(#"href="/password-reset">Forgot your password?</a>"#))
        #expect(html.contains(#"href="/access-request">Request access</a>"#))
        let withError = renderer.render(
            LoginPage(context: PageContext(language: .en), csrfToken: "tok", error: Catalog.text(.errorInvalidCredentials, .en))
        )
        #expect(withError.contains(#"role="alert""#))
        #expect(withError.contains("Invalid login or password."))
    }

    @Test("the code fields ask for a numeric one-time code")
    func codeFields() {
        let context = PageContext(language: .en)
        let secondFactor = renderer.render(SecondFactorPage(context: context, csrfToken: "t"))
        let setup = renderer.render(TwoFactorSetupPage(context: context, csrfToken: "t", qrSVG: Fixtures.qrSVG, secret: "ABC"))
        for html in [secondFactor, setup] {
            #expect(html.contains(#"inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]*""#))
        }
        #expect(secondFactor.contains(#"href="/login/recovery""#))
        #expect(setup.contains(#"action="/two-factor/setup""#))
    }

    @Test("the setup page shows the generated QR SVG as markup and the key in groups of four")
    func twoFactorSetup() {
        let html = renderer.render(
            TwoFactorSetupPage(
                context: PageContext(language: .en), csrfToken: "t", qrSVG: Fixtures.qrSVG,
                secret: "JBSWY3DPEHPK3PXPJB", otpauthURI: "otpauth://totp/G:a?secret=X&issuer=G"
            )
        )
        #expect(html.contains(Fixtures.qrSVG))
        #expect(html.contains("<span>JBSW</span> <span>Y3DP</span> <span>EHPK</span> <span>3PXP</span> <span>JB</span>"))
        #expect(html.contains(#"href="otpauth://totp/G:a?secret=X&amp;issuer=G""#))
        #expect(TwoFactorSetupPage.keyGroups("ABCD EFGH IJ==") == ["ABCD", "EFGH", "IJ"])
        #expect(TwoFactorSetupPage.keyGroups("") == [])
    }

    @Test("the consent checkbox is required and declining skips that check")
    func consentForm() {
        let html = renderer.render(
            ConsentPage(context: PageContext(language: .en), csrfToken: "t", version: "2", agreementText: "Text")
        )
        #expect(html.contains(#"<input id="agree" name="agree" type="checkbox" value="yes" required>"#))
        #expect(html.contains(#"name="accept" value="true""#))
        #expect(html.contains(#"name="accept" value="false" formnovalidate>Decline and sign out"#))
        #expect(html.contains(#"class="agreement" role="region" aria-label="Agreement text" tabindex="0""#))
    }

    @Test("the language selector links to the same page in each language and keeps return_to")
    func languageSelector() {
        let links = LanguageLink.links(path: "/login", query: "return_to=%2Faccount%3Ftab%3D2&lang=en")
        let html = renderer.render(
            LoginPage(context: PageContext(language: .ru, languageLinks: links), csrfToken: "t", returnTo: "/account?tab=2")
        )
        #expect(html.contains(#"<nav class="language-selector" aria-label="Язык">"#))
        #expect(html.contains(#"<a href="/login?return_to=%2Faccount%3Ftab%3D2&amp;lang=en" hreflang="en" lang="en" title="English">EN</a>"#))
        #expect(
            html.contains(
                #"<a href="/login?return_to=%2Faccount%3Ftab%3D2&amp;lang=ru" hreflang="ru" lang="ru" title="Русский" aria-current="true">RU</a>"#
            )
        )
        #expect(html.contains(#"<span class="separator" aria-hidden="true">|</span>"#))

        let withoutLinks = renderer.render(LoginPage(context: PageContext(language: .en), csrfToken: "t"))
        #expect(!withoutLinks.contains("language-selector"))
    }

    @Test("the footer shows the support address as a mail link only when it is set")
    func supportFooter() {
        let withSupport = renderer.render(
            LoginPage(context: PageContext(language: .ru, supportEmail: "help@example.com"), csrfToken: "t")
        )
        #expect(
            withSupport.contains(
                #"<p>Нужна помощь? Напишите на адрес <a href="mailto:help@example.com">help@example.com</a>.</p>"#
            )
        )
        let without = renderer.render(LoginPage(context: PageContext(language: .en), csrfToken: "t"))
        #expect(!without.contains("<footer"))
    }

    @Test("the sign-out button posts the CSRF token to /logout")
    func signOutButton() {
        let html = renderer.render(
            SecondFactorPage(context: PageContext(language: .en, signOutCSRFToken: "tok"), csrfToken: "tok")
        )
        #expect(html.contains(#"<form class="sign-out" method="post" action="/logout">"#))
        #expect(html.contains(#"<button type="submit" class="button-link">Sign out</button>"#))
        let without = renderer.render(SecondFactorPage(context: PageContext(language: .en), csrfToken: "tok"))
        #expect(!without.contains("/logout"))
    }

    @Test("the document title names the page and the product")
    func documentTitle() {
        let html = renderer.render(
            LoginPage(context: PageContext(language: .ru, productName: "Mirox"), csrfToken: "t")
        )
        #expect(html.contains("<title>Вход — Mirox</title>"))
        #expect(html.contains(#"<p class="product-name">Mirox</p>"#))
    }
}

@Suite("HTML escaping per Unicode scalar")
struct ScalarEscapingTests {
    /// Whether `scalars` appear in `text` one after another (compared as scalars, not Characters).
    func containsScalars(_ text: String, _ scalars: [Unicode.Scalar]) -> Bool {
        let all = Array(text.unicodeScalars)
        guard all.count >= scalars.count else { return false }
        return (0...(all.count - scalars.count)).contains { Array(all[$0..<($0 + scalars.count)]) == scalars }
    }

    @Test("a combining mark after \", <, >, & or ' does not smuggle the character through unescaped",
          arguments: [("\"", "&quot;"), ("<", "&lt;"), (">", "&gt;"), ("&", "&amp;"), ("'", "&#39;")])
    func combiningMarks(character: String, escaped: String) throws {
        let renderer = try PageRenderer()
        let typed = "x" + character + "\u{301} autofocus onfocus=alert(1) y=" + character + "\u{301}"
        let html = renderer.render(LoginPage(context: Fixtures.context(.en), csrfToken: "t", login: typed))
        let raw = Array(character.unicodeScalars) + ["\u{301}"]
        #expect(!containsScalars(html, raw), "\(character) + U+0301 reached the page unescaped")
        #expect(containsScalars(html, Array(escaped.unicodeScalars) + ["\u{301}"]))
    }

    @Test("the escaping function replaces each of the five scalars whatever follows it")
    func escapeFunction() {
        #expect(HTMLEscaping.escape("a\"\u{301}<\u{301}>\u{20DD}&\u{FE0F}'\u{301}b") == "a&quot;\u{301}&lt;\u{301}&gt;\u{20DD}&amp;\u{FE0F}&#39;\u{301}b")
        #expect(HTMLEscaping.escape("plain текст") == "plain текст")
    }
}

@Suite("Security events on the account page")
struct SecurityEventTextTests {
    /// Every event type that can be about a person reads as words in both languages, never as its
    /// machine name (which would put English into a Russian page).
    @Test("every audit event type about a person has a sentence in English and in Russian")
    func everyTypeHasWords() {
        let types = [
            "login.succeeded", "login.failed", "login.step_completed", "account.locked", "account.unlocked", "account.created", "account.disabled",
            "account.enabled", "session.created", "session.logout", "session.expired", "session.revoked", "email.verification_sent",
            "email.verified", "email.change_requested", "email.changed", "password_reset.requested", "password_reset.completed",
            "account.password_changed", "account.username_changed", "account.language_changed", "account.password_confirmation_failed",
            "alert.sent", "mail.failed", "two_factor.setup_started", "two_factor.enabled", "two_factor.disabled", "two_factor.reset",
            "two_factor.verified", "two_factor.failed", "two_factor.backup_code_used", "two_factor.backup_code_regenerated",
            "two_factor.reissue_scheduled", "two_factor.reissue_cancelled", "two_factor.recovered", "consent.accepted", "consent.declined",
            "session.reauthenticated", "organization.member_added", "organization.member_changed", "organization.member_removed",
            "invitation.accepted", "account.registered", "account.roles_changed", "api_token.created", "api_token.rotated",
            "api_token.deleted", "api_token.refused", "impersonation.started", "impersonation.request", "impersonation.ended",
        ]
        for type in types {
            #expect(Catalog.securityEvent(type, .en) != type, "\(type)")
            let russian = Catalog.securityEvent(type, .ru)
            #expect(russian != type && russian.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) }, "\(type)")
        }
    }
}
