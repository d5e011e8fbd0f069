import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseHTTP
import GatehouseTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TOTP

/// The sign-in steps after the password as a browser sees them: cookies carried, forms posted back.
@Suite("Two-factor and consent pages")
struct TwoFactorPageFlowTests {
    static let environment = [
        "GATEHOUSE_TWO_FACTOR": "required", "GATEHOUSE_RATE_LIMIT_LOGIN_PER_IP": "1000/60",
        "GATEHOUSE_RATE_LIMIT_LOGIN_PER_ACCOUNT": "1000/60", "GATEHOUSE_RATE_LIMIT_SECOND_FACTOR_PER_ACCOUNT": "1000/60",
        "GATEHOUSE_RATE_LIMIT_SECOND_FACTOR_PER_IP": "1000/60",
    ]

    func withPages(_ environment: [String: String] = [:], _ body: @Sendable (TestApp, any TestClientProtocol) async throws -> Void) async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: Self.environment.merging(environment) { $1 })
            try await Application(router: app.routes().router).test(.router) { client in try await body(app, client) }
        }
    }

    func signIn(_ browser: inout Browser, _ client: any TestClientProtocol, _ user: String, returnTo: String? = nil) async throws -> TestResponse {
        let page = try await browser.get(client, "/login" + (returnTo.map { "?return_to=" + $0 } ?? ""))
        var form = [("csrf_token", Browser.hidden("csrf_token", in: String(buffer: page.body)) ?? ""), ("login", user), ("password", "correct horse battery")]
        if let returnTo { form.append(("return_to", returnTo)) }
        return try await browser.post(client, "/login", form: form)
    }

    static func secret(in html: String) -> String? {
        guard let range = html.range(of: "secret=") else { return nil }
        return String(html[range.upperBound...].prefix { $0.isLetter || $0.isNumber })
    }

    static func backupCode(in html: String) -> String? {
        guard let range = html.range(of: #"<p class="backup-code"><code>"#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "<" })
    }

    func code(_ secret: String, _ app: TestApp) throws -> String {
        try TOTP(secret: TOTPSecret(base32: secret)).code(at: app.clock.now())
    }

    @Test("first sign-in in the browser: password → /consent (the box must be ticked) → /two-factor/setup → backup code → return_to")
    func firstSignIn() async throws {
        try await withPages { app, client in
            try await app.createAccount("alice", consented: false)
            var browser = Browser()
            let login = try await signIn(&browser, client, "alice", returnTo: "/account")
            #expect(login.status == .seeOther)
            #expect(login.headers[.location] == "/consent?return_to=/account")
            // Only the consent step's pages are open now.
            #expect(try await browser.get(client, "/account").headers[.location]?.hasPrefix("/login") == true)
            #expect(try await browser.get(client, "/login").headers[.location] == "/consent")

            let consentPage = String(buffer: try await browser.get(client, "/consent?return_to=/account&lang=ru").body)
            #expect(consentPage.contains("персональных данных"))
            let csrf = try #require(Browser.hidden("csrf_token", in: consentPage))
            let unticked = try await browser.post(client, "/consent", form: [("csrf_token", csrf), ("version", "1"), ("accept", "true"), ("return_to", "/account")])
            #expect(unticked.status == .badRequest)
            let accepted = try await browser.post(client, "/consent", form: [("csrf_token", csrf), ("version", "1"), ("agree", "yes"), ("accept", "true"), ("return_to", "/account")])
            #expect(accepted.headers[.location] == "/two-factor/setup?return_to=/account")

            let setupPage = String(buffer: try await browser.get(client, "/two-factor/setup?return_to=/account").body)
            #expect(setupPage.contains("<svg"))
            let secret = try #require(Self.secret(in: setupPage))
            #expect(try TOTPSecret(base32: secret).bytes.count == 20)
            let wrong = try await browser.post(client, "/two-factor/setup", form: [("csrf_token", csrf), ("code", "12345"), ("return_to", "/account")])
            #expect(wrong.status == .unauthorized)
            #expect(Self.secret(in: String(buffer: wrong.body)) == secret, "the same key is shown again")
            let confirmed = try await browser.postShowingBackupCode(client, "/two-factor/setup", form: [("csrf_token", csrf), ("code", try code(secret, app)), ("return_to", "/account")])
            #expect(confirmed.status == .ok)
            let shown = String(buffer: confirmed.body)
            #expect(Self.backupCode(in: shown).flatMap(BackupCode.normalize) != nil)
            #expect(try await browser.get(client, "/two-factor/backup-code?done=1").headers[.location] == "/account", "continue keeps return_to")
            let account = String(buffer: try await browser.get(client, "/account").body)
            #expect(account.contains("/account/two-factor/backup-code"))
            // A step page opened again once signed in (a reload, a language link) ends at the account, not in a loop.
            let again = try await browser.get(client, "/two-factor/setup?lang=ru")
            #expect(again.headers[.location] == "/login?return_to=/two-factor/setup%3Flang%3Dru")
            #expect(try await browser.get(client, "/login?return_to=/two-factor/setup%3Flang%3Dru").headers[.location] == "/account")
            #expect(!account.contains("/account/two-factor/disable"), "policy required: no turning off")
        }
    }

    @Test("a later sign-in asks for the code; the backup code form signs in and shows the new code once; recovery ends in a fresh setup")
    func laterSignIns() async throws {
        try await withPages { app, client in
            try await app.createAccount("bob")
            var browser = Browser()
            _ = try await signIn(&browser, client, "bob")
            let setup = String(buffer: try await browser.get(client, "/two-factor/setup").body)
            let secret = try #require(Self.secret(in: setup))
            let csrf = try #require(Browser.hidden("csrf_token", in: setup))
            let first = try await browser.postShowingBackupCode(client, "/two-factor/setup", form: [("csrf_token", csrf), ("code", try code(secret, app))])
            let backup = try #require(Self.backupCode(in: String(buffer: first.body)))

            app.clock.advance(by: .seconds(30))
            var second = Browser()
            #expect(try await signIn(&second, client, "bob").headers[.location] == "/login/second-factor")
            let stepPage = String(buffer: try await second.get(client, "/login/second-factor").body)
            let stepCSRF = try #require(Browser.hidden("csrf_token", in: stepPage))
            #expect(stepPage.contains(#"name="backup_code""#) && stepPage.contains(#"href="/login/recovery""#))
            let withTarget = String(buffer: try await second.get(client, "/login/second-factor?return_to=%2Faccount%3Fx%3D1").body)
            #expect(withTarget.contains(#"href="/login/recovery?return_to=/account%3Fx%3D1""#), "the recovery link keeps return_to")
            let wrong = try await second.post(client, "/login/second-factor", form: [("csrf_token", stepCSRF), ("code", "000000")])
            #expect(wrong.status == (try code(secret, app) == "000000" ? .seeOther : .unauthorized))
            let done = try await second.post(client, "/login/second-factor", form: [("csrf_token", stepCSRF), ("code", try code(secret, app))])
            #expect(done.headers[.location] == "/account")
            #expect(try await second.get(client, "/account").status == .ok)

            var third = Browser()
            _ = try await signIn(&third, client, "bob")
            let thirdCSRF = try #require(Browser.hidden("csrf_token", in: String(buffer: try await third.get(client, "/login/second-factor").body)))
            let withBackup = try await third.postShowingBackupCode(client, "/login/second-factor", form: [("csrf_token", thirdCSRF), ("backup_code", backup)])
            #expect(withBackup.status == .ok)
            let fresh = try #require(Self.backupCode(in: String(buffer: withBackup.body)))
            #expect(fresh != backup)
            #expect(try await third.get(client, "/account").status == .ok)
            // The page showing the new code can sign out (its header form carries this session's token).
            let signOutCSRF = try #require(Browser.hidden("csrf_token", in: String(buffer: withBackup.body)))
            #expect(String(buffer: withBackup.body).contains(#"<form class="sign-out" method="post" action="/logout">"#))
            #expect(try await third.post(client, "/logout", form: [("csrf_token", signOutCSRF)]).status == .seeOther)
            #expect(try await third.get(client, "/account").headers[.location]?.hasPrefix("/login") == true)

            var fourth = Browser()
            _ = try await signIn(&fourth, client, "bob")
            let recoveryPage = String(buffer: try await fourth.get(client, "/login/recovery").body)
            let recoveryCSRF = try #require(Browser.hidden("csrf_token", in: recoveryPage))
            #expect(try await fourth.post(client, "/login/recovery", form: [("csrf_token", recoveryCSRF), ("backup_code", backup)]).status == .unauthorized,
                    "the used code is dead")
            let recovered = try await fourth.post(client, "/login/recovery", form: [("csrf_token", recoveryCSRF), ("backup_code", fresh)])
            #expect(recovered.headers[.location] == "/two-factor/setup")
            let newSetup = String(buffer: try await fourth.get(client, "/two-factor/setup").body)
            #expect(Self.secret(in: newSetup) != secret)
        }
    }

    @Test("a new backup code is shown after a redirect (sealed in a cookie for this session): a reload or a language switch shows it again for five minutes, no other session can open it, and the POST's own answer carries no code")
    func backupCodeSurvivesReload() async throws {
        try await withPages(["GATEHOUSE_TWO_FACTOR": "optional"]) { app, client in
            try await app.createAccount("dana")
            var browser = Browser()
            #expect(try await signIn(&browser, client, "dana").headers[.location] == "/account")
            let csrf = try #require(Browser.hidden("csrf_token", in: String(buffer: try await browser.get(client, "/account").body)))
            let setup = try await browser.post(client, "/account/two-factor/setup", form: [("csrf_token", csrf), ("current_password", "correct horse battery")])
            let secret = try #require(Self.secret(in: String(buffer: setup.body)))
            let posted = try await browser.post(client, "/account/two-factor/confirm", form: [("csrf_token", csrf), ("code", try code(secret, app))])
            #expect(posted.status == .seeOther)
            #expect(posted.headers[.location] == "/two-factor/backup-code")
            #expect(Self.backupCode(in: String(buffer: posted.body)) == nil)
            let sealed = try #require(browser.cookies["gatehouse_backup_code"])
            #expect(BackupCode.normalize(sealed) == nil && !sealed.contains("-"), "the cookie holds the code sealed, not in the clear")
            let setCookie = posted.headers[values: .setCookie].first { $0.hasPrefix("gatehouse_backup_code=") } ?? ""
            #expect(setCookie.contains("Path=/two-factor/backup-code") && setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
            #expect(setCookie.contains("Max-Age=300"))

            let shown = String(buffer: try await browser.get(client, "/two-factor/backup-code").body)
            let code = try #require(Self.backupCode(in: shown))
            #expect(shown.contains(#"href="/two-factor/backup-code?done=1""#))
            let reloaded = String(buffer: try await browser.get(client, "/two-factor/backup-code").body)
            #expect(Self.backupCode(in: reloaded) == code)
            let russian = String(buffer: try await browser.get(client, "/two-factor/backup-code?lang=ru").body)
            #expect(Self.backupCode(in: russian) == code)
            #expect(russian.contains(#"lang="ru""#))

            // Another session of the same account, handed the sealed cookie, sees nothing.
            var other = Browser()
            #expect(try await signIn(&other, client, "dana").status == .seeOther)
            other.cookies["gatehouse_backup_code"] = sealed
            let elsewhere = try await other.get(client, "/two-factor/backup-code")
            #expect(elsewhere.status == .seeOther)
            #expect(Self.backupCode(in: String(buffer: elsewhere.body)) == nil)

            // Continue forgets it: the browser is sent on, and the code cannot be shown again.
            let done = try await browser.get(client, "/two-factor/backup-code?done=1")
            #expect(done.status == .seeOther)
            #expect(done.headers[.location] == "/account?changed=two_factor_enabled")
            #expect(browser.cookies["gatehouse_backup_code"] == nil)
            let after = try await browser.get(client, "/two-factor/backup-code")
            #expect(Self.backupCode(in: String(buffer: after.body)) == nil)

            // Not continued: five minutes later the page is gone all the same.
            browser.cookies["gatehouse_backup_code"] = sealed
            app.clock.advance(by: .seconds(301))
            let late = try await browser.get(client, "/two-factor/backup-code")
            #expect(late.status == .seeOther)
            #expect(late.headers[.location] == "/account")
        }
    }

    @Test("the account page's two-factor forms: check my code, a new backup code (password and code), a new device; turning off only under policy optional")
    func accountForms() async throws {
        try await withPages(["GATEHOUSE_TWO_FACTOR": "optional"]) { app, client in
            try await app.createAccount("cleo")
            var browser = Browser()
            #expect(try await signIn(&browser, client, "cleo").headers[.location] == "/account")
            var account = String(buffer: try await browser.get(client, "/account").body)
            let csrf = try #require(Browser.hidden("csrf_token", in: account))
            app.clock.advance(by: .seconds(400))  // past reauth_window: the form's password confirms it anew
            let setup = try await browser.post(client, "/account/two-factor/setup", form: [("csrf_token", csrf), ("current_password", "correct horse battery")])
            let secret = try #require(Self.secret(in: String(buffer: setup.body)))
            #expect(String(buffer: setup.body).contains(#"action="/account/two-factor/confirm""#))
            let confirmed = try await browser.postShowingBackupCode(client, "/account/two-factor/confirm", form: [("csrf_token", csrf), ("code", try code(secret, app))])
            #expect(Self.backupCode(in: String(buffer: confirmed.body)) != nil)

            app.clock.advance(by: .seconds(30))
            let valid = try await browser.post(client, "/account/two-factor/check", form: [("csrf_token", csrf), ("code", try code(secret, app))])
            #expect(valid.headers[.location] == "/account?changed=code_valid")
            let wrongPassword = try await browser.post(client, "/account/two-factor/backup-code",
                                                       form: [("csrf_token", csrf), ("current_password", "not my password"), ("code", try code(secret, app))])
            #expect(wrongPassword.status == .unauthorized)
            let regenerated = try await browser.postShowingBackupCode(client, "/account/two-factor/backup-code",
                                                     form: [("csrf_token", csrf), ("current_password", "correct horse battery"), ("code", try code(secret, app))])
            #expect(Self.backupCode(in: String(buffer: regenerated.body)) != nil)
            account = String(buffer: try await browser.get(client, "/account").body)
            #expect(account.contains("/account/two-factor/disable"))
            app.clock.advance(by: .seconds(30))
            let off = try await browser.post(client, "/account/two-factor/disable",
                                             form: [("csrf_token", csrf), ("current_password", "correct horse battery"), ("code", try code(secret, app))])
            #expect(off.headers[.location] == "/account?changed=two_factor_disabled")
            #expect(try await app.dependencies.store.accounts.account(login: "cleo")?.twoFactor.isEnabled == false)
        }
    }

    /// The hrefs of the language selector, HTML entities undone.
    static func languageLinks(in html: String) -> [String] {
        html.components(separatedBy: "<a href=\"").dropFirst().compactMap { piece -> String? in
            let href = String(piece.prefix { $0 != "\"" })
            return piece.dropFirst(href.count).hasPrefix(#"" hreflang=""#) ? href.replacingOccurrences(of: "&amp;", with: "&") : nil
        }
    }

    @Test("the language selector of a page answering a form leads to a page that exists (the account, or the step's own page)")
    func languageLinksAfterForms() async throws {
        try await withPages(["GATEHOUSE_TWO_FACTOR": "optional"]) { app, client in
            try await app.createAccount("gil")
            var browser = Browser()
            _ = try await signIn(&browser, client, "gil")
            let csrf = try #require(Browser.hidden("csrf_token", in: String(buffer: try await browser.get(client, "/account").body)))
            var pages: [(String, TestResponse)] = []
            pages.append(("wrong password", try await browser.post(client, "/account/password", form: [
                ("csrf_token", csrf), ("current_password", "nope"), ("new_password", "a much longer passphrase"), ("new_password_repeat", "a much longer passphrase"),
            ])))
            let setup = try await browser.post(client, "/account/two-factor/setup", form: [("csrf_token", csrf), ("current_password", "correct horse battery")])
            pages.append(("setup", setup))
            let secret = try #require(Self.secret(in: String(buffer: setup.body)))
            pages.append(("wrong code", try await browser.post(client, "/account/two-factor/confirm", form: [("csrf_token", csrf), ("code", "12345")])))
            let shown = try await browser.postShowingBackupCode(client, "/account/two-factor/confirm", form: [("csrf_token", csrf), ("code", try code(secret, app))])
            pages.append(("backup code", shown))
            // A sign-in step answered with a page: the backup code used at the second step.
            let backup = try #require(Self.backupCode(in: String(buffer: shown.body)))
            var second = Browser()
            _ = try await signIn(&second, client, "gil")
            let stepCSRF = try #require(Browser.hidden("csrf_token", in: String(buffer: try await second.get(client, "/login/second-factor").body)))
            let withBackup = try await second.postShowingBackupCode(client, "/login/second-factor", form: [("csrf_token", stepCSRF), ("backup_code", backup)])
            #expect(Self.backupCode(in: String(buffer: withBackup.body)) != nil)
            pages.append(("backup code at sign-in", withBackup))
            for (name, page) in pages {
                let links = Self.languageLinks(in: String(buffer: page.body))
                #expect(links.count == 2, "\(name): \(links)")
                for link in links {
                    var visitor = name == "backup code at sign-in" ? second : browser
                    let followed = try await visitor.get(client, link)
                    #expect(followed.status == .ok || followed.status == .seeOther, "\(name): \(link) → \(followed.status)")
                    if followed.status == .ok { #expect(String(buffer: followed.body).contains("<html lang=\"\(link.hasSuffix("lang=ru") ? "ru" : "en")\""), "\(name): \(link)") }
                }
            }
        }
    }

    @Test("a refused new password on the mailed reset page keeps the link's token in the language selector")
    func resetPageLanguageLinks() async throws {
        try await withPages { app, client in
            try await app.createAccount("hal")
            try await app.dependencies.selfService.requestPasswordReset(email: "hal@example.com", request: RequestInfo())
            let token = try #require(try await app.deliverMail().compactMap { $0.token("/password-reset/complete") }.first)
            var browser = Browser()
            let form = String(buffer: try await browser.get(client, "/password-reset/complete?token=" + token).body)
            let csrf = try #require(Browser.hidden("csrf_token", in: form))
            let refused = try await browser.post(client, "/password-reset/complete", form: [
                ("csrf_token", csrf), ("token", token), ("new_password", "password"), ("new_password_repeat", "password"),
            ])
            #expect(refused.status == .badRequest)
            let links = Self.languageLinks(in: String(buffer: refused.body))
            #expect(links.count == 2 && links.allSatisfy { $0.hasPrefix("/password-reset/complete?token=\(token)&lang=") }, "\(links)")
            let russian = try await browser.get(client, try #require(links.last))
            #expect(russian.status == .ok && String(buffer: russian.body).contains(#"name="new_password""#))
        }
    }

    @Test("declining the agreement signs out")
    func decline() async throws {
        try await withPages { app, client in
            try await app.createAccount("dan", consented: false)
            var browser = Browser()
            _ = try await signIn(&browser, client, "dan")
            let csrf = try #require(Browser.hidden("csrf_token", in: String(buffer: try await browser.get(client, "/consent").body)))
            let declined = try await browser.post(client, "/consent", form: [("csrf_token", csrf), ("version", "1"), ("accept", "false")])
            #expect(declined.headers[.location] == "/login?signed_out=1")
            #expect(browser.cookies["gatehouse_session"] == nil)
        }
    }
}
