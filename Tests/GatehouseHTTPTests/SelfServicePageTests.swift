import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseHTTP
import GatehouseMail
import GatehouseTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SMTP
import Testing

/// The pages of the mail flows as a browser uses them: links opened (GET consumes nothing), forms
/// posted back with their CSRF token, the account forms.
@Suite("Self-service pages over HTTP")
struct SelfServicePageFlowTests {
    static let environment = [
        "GATEHOUSE_RATE_LIMIT_LOGIN_PER_IP": "1000/60", "GATEHOUSE_RATE_LIMIT_LOGIN_PER_ACCOUNT": "1000/60",
        "GATEHOUSE_RATE_LIMIT_RESET_PER_IP": "1000/60", "GATEHOUSE_RATE_LIMIT_RESET_PER_ADDRESS": "1000/60",
    ]

    func withPages(_ body: @Sendable (TestApp, any TestClientProtocol) async throws -> Void) async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: Self.environment)
            try await Application(router: app.routes().router).test(.router) { client in try await body(app, client) }
        }
    }

    func path(_ link: String) -> String {
        let components = URLComponents(string: link)
        return (components?.path ?? "") + (components?.query.map { "?" + $0 } ?? "")
    }

    @Test("password reset through the pages: same notice for any address; the mailed link's page consumes nothing; the form sets the password")
    func passwordReset() async throws {
        try await withPages { app, client in
            try await app.createAccount("alice")
            var browser = Browser()
            let form = try await browser.get(client, "/password-reset")
            let csrf = try #require(Browser.hidden("csrf_token", in: String(buffer: form.body)))
            let known = try await browser.post(client, "/password-reset", form: [("email", "alice@example.com"), ("csrf_token", csrf)])
            let unknown = try await browser.post(client, "/password-reset", form: [("email", "nobody@example.com"), ("csrf_token", csrf)])
            #expect(known.status == .ok)
            #expect(String(buffer: known.body).replacingOccurrences(of: "alice@example.com", with: "X")
                    == String(buffer: unknown.body).replacingOccurrences(of: "nobody@example.com", with: "X"))
            var stranger = Browser()
            let forged = try await stranger.post(client, "/password-reset", form: [("email", "alice@example.com"), ("csrf_token", csrf)])
            #expect(forged.status == .forbidden, "no double-submit cookie, no reset")

            let link = try #require(try await app.deliverMail().first?.link("/password-reset/complete"))
            for _ in 0..<2 {
                let page = try await browser.get(client, path(link))
                #expect(page.status == .ok)
                #expect(String(buffer: page.body).contains(#"name="new_password""#), "opening the link twice still shows the form")
            }
            let token = try #require(URLComponents(string: link)?.queryItems?.first?.value)
            let mismatch = try await browser.post(client, "/password-reset/complete", form: [
                ("token", token), ("new_password", "a brand new secret 42"), ("new_password_repeat", "something else"), ("csrf_token", csrf)])
            #expect(mismatch.status == .badRequest)
            let done = try await browser.post(client, "/password-reset/complete", form: [
                ("token", token), ("new_password", "a brand new secret 42"), ("new_password_repeat", "a brand new secret 42"), ("csrf_token", csrf)])
            #expect(done.status == .ok)
            #expect(String(buffer: done.body).contains(#"href="/login""#))
            let used = try await browser.get(client, path(link))
            #expect(used.status == .badRequest, "a used link shows the invalid-link page")
            let signIn = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders, body: loginBody("alice", "a brand new secret 42"))
            #expect(signIn.status == .ok)
        }
    }

    @Test("an unverified sign-in waits on /verify-email; resend mails a new link; confirming it in that browser signs in")
    func verification() async throws {
        try await withPages { app, client in
            try await app.createAccount("alice", verified: false)
            try await app.deliverMail()
            var browser = Browser()
            let login = try await browser.get(client, "/login")
            let csrf = try #require(Browser.hidden("csrf_token", in: String(buffer: login.body)))
            let signedIn = try await browser.post(client, "/login", form: [("login", "alice"), ("password", "correct horse battery"), ("csrf_token", csrf)])
            #expect(signedIn.headers[.location] == "/verify-email")
            let pending = try await browser.get(client, "/verify-email")
            let html = String(buffer: pending.body)
            #expect(html.contains("alice@example.com"))
            let sessionCSRF = try #require(Browser.hidden("csrf_token", in: html))
            let resend = try await browser.post(client, "/verify-email/resend", form: [("csrf_token", sessionCSRF)])
            #expect(resend.headers[.location] == "/verify-email?resent=1")
            let link = try #require(try await app.deliverMail().first?.link("/verify-email"))
            let confirm = try await browser.get(client, path(link))
            let confirmCSRF = try #require(Browser.hidden("csrf_token", in: String(buffer: confirm.body)))
            let token = try #require(Browser.hidden("token", in: String(buffer: confirm.body)))
            let done = try await browser.post(client, "/verify-email", form: [("token", token), ("csrf_token", confirmCSRF)])
            #expect(done.headers[.location] == "/account")
            #expect(try await browser.get(client, "/account").status == .ok)
        }
    }

    @Test("the unlock link's page has a confirm button; the POST unlocks")
    func unlock() async throws {
        try await withPages { app, client in
            try await app.createAccount("alice")
            for _ in 0..<3 {
                _ = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders, body: loginBody("alice", "wrong"))
            }
            let link = try #require(try await app.deliverMail().first { $0.gatehouseKind == "account_locked" }?.link("/unlock"))
            var browser = Browser()
            let page = try await browser.get(client, path(link) + "&lang=ru")
            let html = String(buffer: page.body)
            #expect(html.contains(#"<html lang="ru""#))
            #expect(try await app.dependencies.store.accounts.account(login: "alice")?.isLocked == true, "opening the link changes nothing")
            let done = try await browser.post(client, "/unlock", form: [
                ("token", try #require(Browser.hidden("token", in: html))), ("csrf_token", try #require(Browser.hidden("csrf_token", in: html)))])
            #expect(done.status == .ok)
            #expect(try await app.dependencies.store.accounts.account(login: "alice")?.isLocked == false)
        }
    }

    @Test("account forms: a wrong current password is shown as an error; changes redirect with a notice; the profile shows a pending address")
    func accountForms() async throws {
        try await withPages { app, client in
            try await app.createAccount("alice")
            var browser = Browser()
            let login = try await browser.get(client, "/login")
            _ = try await browser.post(client, "/login", form: [
                ("login", "alice"), ("password", "correct horse battery"), ("csrf_token", try #require(Browser.hidden("csrf_token", in: String(buffer: login.body))))])
            let account = try await browser.get(client, "/account")
            let csrf = try #require(Browser.hidden("csrf_token", in: String(buffer: account.body)))
            let wrong = try await browser.post(client, "/account/password", form: [
                ("current_password", "nope"), ("new_password", "a brand new secret 42"), ("new_password_repeat", "a brand new secret 42"), ("csrf_token", csrf)])
            #expect(wrong.status == .unauthorized)
            #expect(String(buffer: wrong.body).contains("role=\"alert\"") || String(buffer: wrong.body).contains("error"))
            let changed = try await browser.post(client, "/account/password", form: [
                ("current_password", "correct horse battery"), ("new_password", "a brand new secret 42"), ("new_password_repeat", "a brand new secret 42"), ("csrf_token", csrf)])
            #expect(changed.headers[.location] == "/account?changed=password")
            let email = try await browser.post(client, "/account/email", form: [("email", "alice@new.example"), ("current_password", "a brand new secret 42"), ("csrf_token", csrf)])
            #expect(email.headers[.location] == "/account?changed=email")
            let language = try await browser.post(client, "/account/language", form: [("language", "ru"), ("csrf_token", csrf)])
            #expect(language.headers[.location] == "/account?changed=language")
            let profile = String(buffer: try await browser.get(client, "/account?changed=email&lang=ru").body)
            #expect(profile.contains("alice@new.example"))
            let noCSRF = try await browser.post(client, "/account/username", form: [("username", "alicia"), ("current_password", "a brand new secret 42")])
            #expect(noCSRF.status == .forbidden)
            #expect(try await app.dependencies.store.accounts.account(login: "alice")?.preferredLanguage == .ru)
        }
    }
}
