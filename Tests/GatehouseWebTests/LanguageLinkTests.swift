import GatehouseWeb
import Testing

@Suite("Language links")
struct LanguageLinkTests {
    @Test("each language gets a link that keeps the other parameters and replaces lang")
    func keepsParameters() {
        let links = LanguageLink.links(path: "/login", query: "lang=ru&return_to=%2Fapp&x=1&LANG=no")
        #expect(
            links == [
                LanguageLink(language: .en, href: "/login?return_to=%2Fapp&x=1&LANG=no&lang=en"),
                LanguageLink(language: .ru, href: "/login?return_to=%2Fapp&x=1&LANG=no&lang=ru"),
            ]
        )
    }

    @Test("a page without a query gets just the lang parameter")
    func noQuery() {
        #expect(LanguageLink.links(path: "/login/second-factor", query: nil).map(\.href) == [
            "/login/second-factor?lang=en", "/login/second-factor?lang=ru",
        ])
        #expect(LanguageLink.links(path: "/consent", query: "").map(\.href) == ["/consent?lang=en", "/consent?lang=ru"])
    }

    @Test("decoded parameters are percent-encoded")
    func encodesParameters() {
        let links = LanguageLink.links(path: "/login", parameters: [("return_to", "/account?tab=a&b=c d")])
        #expect(links.map(\.href) == [
            "/login?return_to=/account%3Ftab%3Da%26b%3Dc%20d&lang=en",
            "/login?return_to=/account%3Ftab%3Da%26b%3Dc%20d&lang=ru",
        ])
    }

    @Test("a path that could leave this origin becomes a link relative to the current page")
    func staysOnOrigin() {
        for path in ["//evil.example/login", "/\\evil.example", "https://evil.example/", ""] {
            #expect(LanguageLink.links(path: path, query: "a=1").map(\.href) == ["?a=1&lang=en", "?a=1&lang=ru"], "\(path)")
        }
        #expect(LanguageLink.links(path: "/login?x=1#top", query: nil).first?.href == "/login?lang=en")
    }
}
