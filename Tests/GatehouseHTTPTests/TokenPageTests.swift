import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseHTTP
import GatehouseTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The API tokens section of `/account`, as a browser without JavaScript uses it.
@Suite("API token pages over HTTP")
struct TokenPageTests {
    /// The secret the page shows, if it shows one.
    static func secret(in html: String) -> String? {
        guard let range = html.range(of: #"id="new-token""#), let start = html[range.upperBound...].firstIndex(of: ">") else { return nil }
        return String(html[html.index(after: start)...].prefix { $0 != "<" })
    }

    /// Posts a form that creates or rotates a token and follows the redirect to `/account`, which shows
    /// the secret once, as a browser does.
    static func postShowingSecret(_ browser: inout Browser, _ client: any TestClientProtocol, _ uri: String, form: [(String, String)]) async throws
        -> (post: TestResponse, page: String) {
        let posted = try await browser.post(client, uri, form: form)
        guard posted.status == .seeOther else { return (posted, String(buffer: posted.body)) }
        #expect(posted.headers[.location] == "/account#new-token")
        let cookie = posted.headers[values: .setCookie].first { $0.hasPrefix("gatehouse_token_secret=") } ?? ""
        #expect(cookie.contains("Path=/account") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Max-Age=300"),
                "\(cookie)")
        return (posted, String(buffer: try await browser.get(client, "/account").body))
    }

    @Test("create (the secret shown once, the password confirmed in the form), list, rotate and delete, in English and Russian")
    func lifecycle() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: ["GATEHOUSE_TOKENS_MAX_PER_USER": "1"])
            try await Application(router: app.routes().router).test(.router) { client in
                let anna = try await app.createAccount("anna")
                var (browser, csrf) = try await Browser.signedIn(client, "anna")
                let page = String(buffer: try await browser.get(client, "/account").body)
                #expect(page.contains("API tokens") && page.contains("You have no API tokens."))
                #expect(page.contains(#"<option value="read_only">read_only</option>"#) && page.contains(#"<option value="365">365 days</option>"#))
                #expect(!page.contains("<script"), "only a page showing a secret loads the script")

                // A wrong password creates nothing and keeps the typed name.
                let wrong = try await browser.post(client, "/account/tokens", form: [
                    ("name", "backup job"), ("permission_group", "read_only"), ("lifetime_days", "30"), ("current_password", "nope"), ("csrf_token", csrf)])
                #expect(wrong.status == .unauthorized && String(buffer: wrong.body).contains(#"value="backup job""#))
                #expect(try await store.apiTokens.count(accountID: anna.id) == 0)

                // Post, redirect, get: the secret travels sealed in a cookie for this session only.
                let stranger = try await Browser.signedIn(client, try await app.createAccount("bob").username).0
                let form = [("name", "backup job"), ("permission_group", "read_only"), ("lifetime_days", "30"),
                            ("current_password", "correct horse battery"), ("csrf_token", csrf)]
                let posted = try await browser.post(client, "/account/tokens", form: form)
                #expect(posted.status == .seeOther && posted.headers[.location] == "/account#new-token")
                let sealed = try #require(browser.cookies["gatehouse_token_secret"])
                var thief = stranger
                thief.cookies["gatehouse_token_secret"] = sealed
                #expect(Self.secret(in: String(buffer: try await thief.get(client, "/account").body)) == nil, "another session cannot open it")
                let shown = try await browser.get(client, "/account")
                let html = String(buffer: shown.body)
                let secret = try #require(Self.secret(in: html))
                #expect(APITokenFormat.isWellFormed(secret))
                #expect(!sealed.contains(secret))
                #expect(try await store.apiTokens.count(accountID: anna.id) == 1)
                #expect(html.contains("The secret of “backup job”") && html.contains("data-copy=\"new-token\""))
                #expect(html.contains(#"<script src="/static/gatehouse.js" defer></script>"#))
                #expect(html.contains("read_only") && html.contains("Never used"))
                // Without JavaScript: "Save as a file" posts the sealed note back and gets the secret as a
                // download; no URL carries it. Another session's post, or one after five minutes, gets nothing.
                let note = try #require(Browser.hidden("note", in: html))
                #expect(note == sealed && !html.contains("data:text"))
                let file = try await browser.post(client, "/account/tokens/secret-file", form: [("note", note), ("csrf_token", csrf)])
                #expect(file.status == .ok && String(buffer: file.body) == secret + "\n")
                #expect(file.headers[.contentDisposition] == #"attachment; filename="gatehouse-api-token.txt""#)
                #expect(file.headers[.contentType] == "text/plain; charset=utf-8" && file.headers[.cacheControl] == "no-store")
                let strangerCSRF = try #require(Browser.hidden("csrf_token", in: String(buffer: try await thief.get(client, "/account").body)))
                let stolen = try await thief.post(client, "/account/tokens/secret-file", form: [("note", note), ("csrf_token", strangerCSRF)])
                #expect(stolen.status == .seeOther && !String(buffer: stolen.body).contains(secret))
                app.clock.advance(by: .seconds(301))
                let late = try await browser.post(client, "/account/tokens/secret-file", form: [("note", note), ("csrf_token", csrf)])
                #expect(late.status == .seeOther && !String(buffer: late.body).contains(secret))
                // Shown once: the page forgets it, and the page afterwards lists the token without it.
                #expect(shown.headers[values: .setCookie].contains { $0.hasPrefix("gatehouse_token_secret=;") && $0.contains("Max-Age=0") })
                #expect(browser.cookies["gatehouse_token_secret"] == nil)
                let again = String(buffer: try await browser.get(client, "/account").body)
                #expect(again.contains("backup job") && !again.contains(secret))

                // The token works; its use shows on the page.
                let used = try await client.execute(uri: "/api/v1/account", method: .get, headers: [.authorization: "Bearer \(secret)"])
                #expect(used.status == .ok)
                try await app.dependencies.signIn.touches?.flush(to: store, touchInterval: .seconds(60))
                #expect(String(buffer: try await browser.get(client, "/account").body).contains("Last used"))

                // At most tokens.max_per_user.
                let second = try await browser.post(client, "/account/tokens", form: [
                    ("name", "second"), ("permission_group", "read_only"), ("lifetime_days", "30"),
                    ("current_password", "correct horse battery"), ("csrf_token", csrf)])
                #expect(second.status == .conflict && String(buffer: second.body).contains("delete one first"))

                // Rotate: a new secret on the page, the old one dead.
                let id = try #require(try await store.apiTokens.list(accountID: anna.id).first?.id.rawValue)
                let rotated = try await Self.postShowingSecret(&browser, client, "/account/tokens/rotate", form: [
                    ("id", id), ("current_password", "correct horse battery"), ("csrf_token", csrf)])
                let fresh = try #require(Self.secret(in: rotated.page))
                #expect(fresh != secret)
                #expect(try await client.execute(uri: "/api/v1/account", method: .get, headers: [.authorization: "Bearer \(secret)"]).status == .unauthorized)
                #expect(try await client.execute(uri: "/api/v1/account", method: .get, headers: [.authorization: "Bearer \(fresh)"]).status == .ok)

                // Without the CSRF token nothing happens.
                #expect(try await browser.post(client, "/account/tokens/delete", form: [("id", id)]).status == .forbidden)
                let deleted = try await browser.post(client, "/account/tokens/delete", form: [("id", id), ("csrf_token", csrf)])
                #expect(deleted.headers[.location] == "/account?changed=token_deleted#tokens")
                #expect(String(buffer: try await browser.get(client, "/account?changed=token_deleted").body).contains("The token has been deleted"))
                #expect(try await client.execute(uri: "/api/v1/account", method: .get, headers: [.authorization: "Bearer \(fresh)"]).status == .unauthorized)

                // In Russian.
                let russian = String(buffer: try await browser.get(client, "/account?lang=ru").body)
                #expect(russian.contains("API-токены") && russian.contains("Создать токен") && russian.contains("365 дн."))

                // The script the copy button uses is served from this origin.
                let script = try await client.execute(uri: "/static/gatehouse.js", method: .get)
                #expect(script.status == .ok && script.headers[.contentType] == "text/javascript; charset=utf-8")
                #expect(String(buffer: script.body).contains("navigator.clipboard"))
            }
        }
    }
}
