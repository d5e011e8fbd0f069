import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseHTTP
import GatehouseTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A browser's view of the sign-in pages: cookies carried between requests, forms posted back.
struct Browser {
    var cookies: [String: String] = [:]

    var cookieHeader: HTTPFields {
        cookies.isEmpty ? [:] : [.cookie: cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ")]
    }

    mutating func keep(_ response: TestResponse) {
        for field in response.headers where field.name == .setCookie {
            let pair = field.value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0]), value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || field.value.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
    }

    mutating func get(_ client: any TestClientProtocol, _ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var all = cookieHeader
        for field in headers { all[field.name] = field.value }
        let response = try await client.execute(uri: uri, method: .get, headers: all)
        keep(response)
        return response
    }

    mutating func post(_ client: any TestClientProtocol, _ uri: String, form: [(String, String)]) async throws -> TestResponse {
        var headers = cookieHeader
        headers[.contentType] = "application/x-www-form-urlencoded"
        headers[.origin] = "http://127.0.0.1:8080"
        let allowed = CharacterSet.alphanumerics
        let body = form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        keep(response)
        return response
    }

    /// Posts a form that makes a new backup code, and follows the redirect to the page showing it
    /// (post-redirect-get, the code sealed in a cookie), as a browser does.
    mutating func postShowingBackupCode(_ client: any TestClientProtocol, _ uri: String, form: [(String, String)]) async throws -> TestResponse {
        let response = try await post(client, uri, form: form)
        guard response.status == .seeOther, response.headers[.location] == "/two-factor/backup-code" else { return response }
        return try await get(client, "/two-factor/backup-code")
    }

    /// A browser signed in as `username` (password "correct horse battery", no second step), and the
    /// CSRF token of its `/account` page.
    static func signedIn(_ client: any TestClientProtocol, _ username: String) async throws -> (Browser, String) {
        var browser = Browser()
        let login = try await browser.get(client, "/login")
        let csrf = try #require(Browser.hidden("csrf_token", in: String(buffer: login.body)))
        let done = try await browser.post(client, "/login", form: [("login", username), ("password", "correct horse battery"), ("csrf_token", csrf)])
        #expect(done.headers[.location] == "/account", "\(username) signs in")
        let account = try await browser.get(client, "/account")
        return (browser, try #require(Browser.hidden("csrf_token", in: String(buffer: account.body))))
    }

    /// The value of a hidden input in a page.
    static func hidden(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: #"name="\#(name)" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }
}

@Suite("Sign-in pages")
struct SignInPageTests {
    func withPages(_ environment: [String: String] = [:], _ body: @Sendable (TestApp, any TestClientProtocol) async throws -> Void) async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: environment)
            try await Application(router: app.routes().router).test(.router) { client in try await body(app, client) }
        }
    }

    @Test("the login page renders in English by default with a CSRF token, and in Russian after ?lang=ru, which sticks")
    func languages() async throws {
        try await withPages(["GATEHOUSE_SUPPORT_EMAIL": "help@example.com"]) { _, client in
            var browser = Browser()
            let english = try await browser.get(client, "/login")
            #expect(english.status == .ok)
            #expect(english.headers[.contentType] == "text/html; charset=utf-8")
            #expect(english.headers[.cacheControl] == "no-store")
            let html = String(buffer: english.body)
            #expect(html.contains(#"<html lang="en""#))
            #expect(html.contains("Username or email"))
            #expect(html.contains("help@example.com"))
            #expect(Browser.hidden("csrf_token", in: html) == browser.cookies["gatehouse_csrf"])

            let russian = try await browser.get(client, "/login?lang=ru")
            #expect(browser.cookies["gatehouse_lang"] == "ru")
            #expect(String(buffer: russian.body).contains(#"<html lang="ru""#))
            let again = try await browser.get(client, "/login")
            #expect(String(buffer: again.body).contains(#"<html lang="ru""#), "the choice persists for the browser session")
            var fresh = Browser()
            let byHeader = try await fresh.get(client, "/login", headers: [.acceptLanguage: "ru-RU,ru;q=0.9,en;q=0.5"])
            #expect(String(buffer: byHeader.body).contains(#"<html lang="ru""#))
        }
    }

    @Test("a wrong password shows the error in the page's language and keeps the login value")
    func wrongPassword() async throws {
        try await withPages { app, client in
            try await app.createAccount("alice")
            for (language, message) in [("en", "Invalid login or password."), ("ru", "Неверный логин или пароль.")] {
                var browser = Browser()
                let page = try await browser.get(client, "/login?lang=\(language)")
                let csrf = Browser.hidden("csrf_token", in: String(buffer: page.body)) ?? ""
                let response = try await browser.post(client, "/login", form: [("csrf_token", csrf), ("login", "alice"), ("password", "wrong")])
                #expect(response.status == .unauthorized)
                let html = String(buffer: response.body)
                #expect(html.contains(message), "\(language)")
                #expect(html.contains(#"value="alice""#))
                #expect(browser.cookies["gatehouse_session"] == nil)
            }
        }
    }

    @Test("a form without the matching CSRF token is refused")
    func loginCSRF() async throws {
        try await withPages { app, client in
            try await app.createAccount("bob")
            var browser = Browser()
            _ = try await browser.get(client, "/login")
            let forged = try await browser.post(client, "/login", form: [("csrf_token", SecretToken.generate(SystemRandomSource())), ("login", "bob"), ("password", "correct horse battery")])
            #expect(forged.status == .forbidden)
            #expect(browser.cookies["gatehouse_session"] == nil)
            var stranger = Browser()
            let noCookie = try await stranger.post(client, "/login", form: [("login", "bob"), ("password", "correct horse battery")])
            #expect(noCookie.status == .forbidden)
        }
    }

    @Test("signing in sets the session cookie, saves the language, follows return_to and ignores a foreign one")
    func signInAndReturn() async throws {
        try await withPages { app, client in
            let account = try await app.createAccount("carol")
            var browser = Browser()
            let page = try await browser.get(client, "/login?lang=ru&return_to=%2Fdashboard%3Ftab%3D2")
            let html = String(buffer: page.body)
            #expect(Browser.hidden("return_to", in: html) == "/dashboard?tab=2")
            let response = try await browser.post(client, "/login", form: [
                ("csrf_token", Browser.hidden("csrf_token", in: html) ?? ""), ("return_to", "/dashboard?tab=2"),
                ("login", "carol"), ("password", "correct horse battery"),
            ])
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/dashboard?tab=2")
            #expect(browser.cookies["gatehouse_session"] != nil)
            #expect(try await app.dependencies.store.accounts.account(id: account.id)?.preferredLanguage == .ru)
            let signedIn = try await browser.get(client, "/account")
            #expect(String(buffer: signedIn.body).contains("Вы вошли как carol."))

            var other = Browser()
            let foreign = try await other.get(client, "/login?return_to=//evil.example/")
            #expect(Browser.hidden("return_to", in: String(buffer: foreign.body)) == nil)
            let posted = try await other.post(client, "/login", form: [
                ("csrf_token", other.cookies["gatehouse_csrf"] ?? ""), ("return_to", "https://evil.example/"),
                ("login", "carol"), ("password", "correct horse battery"),
            ])
            #expect(posted.headers[.location] == "/account")
        }
    }

    @Test("a return_to with a combining mark after a quote injects no attribute into /login")
    func returnToCombiningMark() async throws {
        try await withPages { _, client in
            var browser = Browser()
            let page = try await browser.get(client, "/login?return_to=/a%22%CC%81%20autofocus%20onfocus%3Dalert(1)%20x%3D%22%CC%81")
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(Browser.hidden("return_to", in: html) == nil, "the value is refused, not echoed in the form")
            #expect(!html.contains(" autofocus") && !html.contains("onfocus="), "no attribute got in (the language links carry it percent-encoded)")
            #expect(!html.unicodeScalars.contains("\u{301}"))
        }
    }

    @Test("a page that needs a sign-in sends the browser to /login and back")
    func protectedPage() async throws {
        try await withPages { _, client in
            var browser = Browser()
            let response = try await browser.get(client, "/account?x=1")
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/login?return_to=/account%3Fx%3D1")
        }
    }

    @Test("after the idle timeout the login page says why the person was signed out", arguments: ["en", "ru"])
    func idleNotice(language: String) async throws {
        try await withPages { app, client in
            try await app.createAccount("dora")
            var browser = Browser()
            let page = try await browser.get(client, "/login?lang=\(language)")
            _ = try await browser.post(client, "/login", form: [
                ("csrf_token", Browser.hidden("csrf_token", in: String(buffer: page.body)) ?? ""), ("login", "dora"), ("password", "correct horse battery"),
            ])
            app.clock.advance(by: .seconds(61 * 60))
            let notice = try await browser.get(client, "/login")
            let html = String(buffer: notice.body)
            #expect(html.contains(language == "en" ? "You were signed out after 60 minutes of inactivity." : "60 минут"), "\(html)")
            #expect(browser.cookies["gatehouse_session"] == nil, "the dead cookie is cleared")
        }
    }

    @Test("signing out from the page needs the session's CSRF token and ends the session")
    func logout() async throws {
        try await withPages { app, client in
            try await app.createAccount("eve")
            var browser = Browser()
            let page = try await browser.get(client, "/login")
            _ = try await browser.post(client, "/login", form: [
                ("csrf_token", Browser.hidden("csrf_token", in: String(buffer: page.body)) ?? ""), ("login", "eve"), ("password", "correct horse battery"),
            ])
            let account = try await browser.get(client, "/account")
            let signOutToken = Browser.hidden("csrf_token", in: String(buffer: account.body)) ?? ""
            #expect(signOutToken.count == 64)
            let token = browser.cookies["gatehouse_session"] ?? ""
            let refused = try await browser.post(client, "/logout", form: [("csrf_token", "0")])
            #expect(refused.status == .forbidden)
            let response = try await browser.post(client, "/logout", form: [("csrf_token", signOutToken)])
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/login?signed_out=1")
            #expect(browser.cookies["gatehouse_session"] == nil)
            let check = try await client.execute(uri: "/api/v1/auth/check", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(check.status == .unauthorized)
            let after = try await browser.get(client, "/login?signed_out=1")
            #expect(String(buffer: after.body).contains("You have signed out."))
        }
    }
}
