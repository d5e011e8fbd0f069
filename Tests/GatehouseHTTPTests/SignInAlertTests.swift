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

@Suite("New-device sign-in alerts")
struct SignInAlertTests {
    static let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
    static let chromeUpdated = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"

    func signIn(_ client: any TestClientProtocol, from address: String, agent: String) async throws {
        var headers: HTTPFields = [.contentType: "application/json", .userAgent: agent]
        headers[HTTPField.Name("X-Forwarded-For")!] = address
        let response = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: headers, body: loginBody("anna", "correct horse battery"))
        #expect(response.status == .ok)
    }

    @Test("first sign-in: no alert; same device and city: none; a browser update: none; a new city or a new device: an alert with time, place, browser, OS, IP and links; again after 90 days")
    func alerts() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: [
                "GATEHOUSE_GEOIP_DATABASE": AccountSessionTests.loopbackDatabase, "GATEHOUSE_TRUSTED_PROXIES": "127.0.0.1, ::1",
                "GATEHOUSE_RATE_LIMIT_LOGIN_PER_IP": "1000/60", "GATEHOUSE_RATE_LIMIT_LOGIN_PER_ACCOUNT": "1000/60",
                "GATEHOUSE_PUBLIC_URL": "https://id.example.org",
            ])
            try await app.createAccount("anna")
            try await Application(router: app.routes().router).test(.live) { client in
                try await signIn(client, from: "127.0.0.2", agent: Self.chrome)
                #expect(try await app.deliverMail().isEmpty, "the first sign-in of an account sends none")
                try await signIn(client, from: "127.0.0.2", agent: Self.chrome)
                try await signIn(client, from: "127.0.0.2", agent: Self.chromeUpdated)
                #expect(try await app.deliverMail().isEmpty, "same device and place; a browser update is not a new device")

                try await signIn(client, from: "127.0.0.3", agent: Self.chrome)
                let place = try await app.deliverMail()
                #expect(place.map(\.gatehouseKind) == ["new_sign_in"])
                let alert = try #require(place.first)
                #expect(alert.textBody.contains("Milton"))
                #expect(alert.textBody.contains("127.0.0.3"))
                #expect(alert.textBody.contains("Chrome"))
                #expect(alert.link("/account") != nil && alert.link("/password-reset") != nil)

                try await signIn(client, from: "127.0.0.3", agent: AccountSessionTests.iphone)
                #expect(try await app.deliverMail().map(\.gatehouseKind) == ["new_sign_in"], "a new device")
                try await signIn(client, from: "127.0.0.2", agent: AccountSessionTests.iphone)
                #expect(try await app.deliverMail().isEmpty, "both seen within 90 days")

                app.clock.advance(by: .seconds(91 * 86400))
                try await signIn(client, from: "127.0.0.2", agent: AccountSessionTests.iphone)
                #expect(try await app.deliverMail().count == 1, "not seen for 90 days")
                let audit = try await store.auditLog.records(after: 0, limit: 1000).filter { $0.type == .alertSent }
                #expect(audit.count == 3)
                #expect(audit.allSatisfy { $0.details.contains("new_sign_in") })
            }
        }
    }
}

@Suite("Alert mails show only recognised facts")
struct AlertFactsTests {
    @Test("a User-Agent that is no known browser or tool shows as Other in the failed-attempt alert, never as its text")
    func attackerChosenAgent() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: [
                "GATEHOUSE_RATE_LIMIT_LOGIN_PER_IP": "1000/60", "GATEHOUSE_RATE_LIMIT_LOGIN_PER_ACCOUNT": "1000/60",
            ])
            try await app.createAccount("anna")
            try await Application(router: app.routes().router).test(.router) { client in
                let agent = "Urgent-Call-Support-at-evil.example-now/1 SecurityTeambot/999999999"
                let headers: HTTPFields = [.contentType: "application/json", .userAgent: agent]
                let response = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: headers, body: loginBody("anna", "wrong password"))
                #expect(response.status == .unauthorized)
                let alert = try #require(try await app.deliverMail().first { $0.gatehouseKind == "failed_sign_in" })
                #expect(!alert.textBody.contains("evil.example") && !(alert.htmlBody ?? "").contains("evil.example"), "\(alert.textBody)")
                #expect(!alert.textBody.contains("SecurityTeam"))
                #expect(alert.textBody.contains("Other"), "\(alert.textBody)")
            }
        }
    }

    @Test("recognised browsers, tools and crawlers keep their names; invented ones become Other; long version runs are dropped")
    func resolver() {
        let resolver = SessionClientResolver(geoip: nil)
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
        #expect(resolver.describe(ip: nil, userAgent: chrome).browser == "Chrome 120")
        #expect(resolver.describe(ip: nil, userAgent: "curl/8.5.0").browser == "curl 8")
        #expect(resolver.describe(ip: nil, userAgent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)").browser == "Googlebot 2")
        #expect(resolver.describe(ip: nil, userAgent: "Visit-evil.example/1.0").browser == "Other")
        #expect(resolver.describe(ip: nil, userAgent: "Mozilla/5.0 (compatible; PayNowbot/1.0)").browser == "Other")
        #expect(resolver.describe(ip: nil, userAgent: "curl/12345678901234").browser == "curl")
    }
}
