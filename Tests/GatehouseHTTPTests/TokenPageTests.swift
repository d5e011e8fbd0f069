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
    func signedIn(_ client: any TestClientProtocol, _ username: String) async throws -> (Browser, String) {
        var browser = Browser()
        let login = try await browser.get(client, "/login")
        let csrf = try #require(Browser.hidden("csrf_token", in: String(buffer: login.body)))
        let done = try await browser.post(client, "/login", form: [("login", username), ("password", "correct horse battery"), ("csrf_token", csrf)])
        #expect(done.headers[.location] == "/account")
        let account = try await browser.get(client, "/account")
        return (browser, try #require(Browser.hidden("csrf_token", in: String(buffer: account.body))))
    }

    /// The secret in the page's read-only field, if it shows one.
    static func secret(in html: String) -> String? {
        guard let range = html.range(of: #"id="new-token""#), let value = html[range.upperBound...].range(of: #"value=""#) else { return nil }
        return String(html[value.upperBound...].prefix { $0 != "\"" })
    }

    @Test("create (the secret shown once, the password confirmed in the form), list, rotate and delete, in English and Russian")
    func lifecycle() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: ["GATEHOUSE_TOKENS_MAX_PER_USER": "1"])
            try await Application(router: app.routes().router).test(.router) { client in
                let anna = try await app.createAccount("anna")
                var (browser, csrf) = try await signedIn(client, "anna")
                let page = String(buffer: try await browser.get(client, "/account").body)
                #expect(page.contains("API tokens") && page.contains("You have no API tokens."))
                #expect(page.contains(#"<option value="read_only">read_only</option>"#) && page.contains(#"<option value="365">365 days</option>"#))
                #expect(!page.contains("<script"), "only a page showing a secret loads the script")

                // A wrong password creates nothing and keeps the typed name.
                let wrong = try await browser.post(client, "/account/tokens", form: [
                    ("name", "backup job"), ("permission_group", "read_only"), ("lifetime_days", "30"), ("current_password", "nope"), ("csrf_token", csrf)])
                #expect(wrong.status == .unauthorized && String(buffer: wrong.body).contains(#"value="backup job""#))
                #expect(try await store.apiTokens.count(accountID: anna.id) == 0)

                let created = try await browser.post(client, "/account/tokens", form: [
                    ("name", "backup job"), ("permission_group", "read_only"), ("lifetime_days", "30"),
                    ("current_password", "correct horse battery"), ("csrf_token", csrf)])
                #expect(created.status == .ok)
                let html = String(buffer: created.body)
                let secret = try #require(Self.secret(in: html))
                #expect(APITokenFormat.isWellFormed(secret))
                #expect(html.contains("The secret of “backup job”") && html.contains("data-copy=\"new-token\""))
                #expect(html.contains(#"<script src="/static/gatehouse.js" defer></script>"#))
                #expect(html.contains("read_only") && html.contains("Never used"))
                // Shown once: the page afterwards lists the token without its secret.
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
                let rotated = try await browser.post(client, "/account/tokens/rotate", form: [
                    ("id", id), ("current_password", "correct horse battery"), ("csrf_token", csrf)])
                let fresh = try #require(Self.secret(in: String(buffer: rotated.body)))
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
