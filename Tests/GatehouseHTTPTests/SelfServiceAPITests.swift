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

func body(_ object: [String: Any]) -> ByteBuffer {
    ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
}

func bearer(_ token: String) -> HTTPFields {
    [.contentType: "application/json", .authorization: "Bearer \(token)"]
}

@Suite("Self-service API: reset, verification, unlock, account changes")
struct SelfServiceAPITests {
    static let generous = [
        "GATEHOUSE_RATE_LIMIT_LOGIN_PER_IP": "1000/60", "GATEHOUSE_RATE_LIMIT_LOGIN_PER_ACCOUNT": "1000/60",
        "GATEHOUSE_RATE_LIMIT_RESET_PER_IP": "1000/60", "GATEHOUSE_RATE_LIMIT_RESET_PER_ADDRESS": "1000/60",
        "GATEHOUSE_PUBLIC_URL": "https://id.example.org", "GATEHOUSE_METRICS_TOKEN": "metrics-secret",
    ]

    func withApp(_ environment: [String: String] = [:], backend: StoreBackend = .sqlite,
                 _ body: @Sendable (TestApp, any TestClientProtocol) async throws -> Void) async throws {
        try await TestStores.withStore(backend) { store in
            let app = try await TestApp.make(store, environment: Self.generous.merging(environment) { $1 })
            try await Application(router: app.routes().router).test(.router) { client in
                try await body(app, client)
            }
        }
    }

    func login(_ client: any TestClientProtocol, _ login: String, _ password: String = "correct horse battery") async throws -> TestResponse {
        try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders, body: loginBody(login, password))
    }

    func token(_ client: any TestClientProtocol, _ user: String, _ password: String = "correct horse battery") async throws -> String {
        let response = try await login(client, user, password)
        #expect(response.status == .ok, "\(String(buffer: response.body))")
        return json(response)["token"] as? String ?? ""
    }

    func post(_ client: any TestClientProtocol, _ path: String, _ object: [String: Any], token: String? = nil, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = token.map(bearer) ?? jsonHeaders
        headers.append(contentsOf: extra)
        return try await client.execute(uri: path, method: .post, headers: headers, body: body(object))
    }

    func events(_ app: TestApp) async throws -> [AuditRecord] {
        try await app.dependencies.store.auditLog.records(after: 0, limit: 10_000)
    }

    // MARK: - Password reset

    @Test("reset request: 202 with the same body for known and unknown addresses; only the known one gets mail, with a link built from public_url")
    func resetRequest() async throws {
        try await withApp { app, client in
            try await app.createAccount("alice")
            let forged: HTTPFields = [HTTPField.Name("X-Forwarded-Host")!: "evil.example", HTTPField.Name("Forwarded")!: "host=evil.example;proto=http"]
            let known = try await post(client, "/api/v1/auth/password-reset", ["email": "Alice@Example.com"], headers: forged)
            let unknown = try await post(client, "/api/v1/auth/password-reset", ["email": "nobody@example.com"], headers: forged)
            #expect(known.status == .accepted)
            #expect(unknown.status == .accepted)
            #expect(String(buffer: known.body) == String(buffer: unknown.body))
            #expect(app.mailbox.messages.isEmpty, "no mail is sent inline")

            let mail = try await app.deliverMail()
            #expect(mail.count == 1)
            let message = try #require(mail.first)
            #expect(message.gatehouseKind == "password_reset")
            #expect(message.to.map(\.address) == ["alice@example.com"])
            let link = try #require(message.link("/password-reset/complete"))
            #expect(link.hasPrefix("https://id.example.org/password-reset/complete?token="))
            #expect(!message.textBody.contains("evil.example") && !(message.htmlBody ?? "").contains("evil.example"))
            #expect(message.messageID.hasSuffix("@id.example.org"))
            let token = try #require(message.token("/password-reset/complete"))
            #expect(token.count == 43)
            // The token is stored only as its hash, and appears in no audit event.
            for record in try await events(app) { #expect(!record.details.contains(token)) }
            #expect(try await events(app).contains { $0.type == .passwordResetRequested })
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer metrics-secret"]).body)
            #expect(metrics.contains("gatehouse_http_requests_total"), "\(metrics.prefix(300))")
            #expect(!metrics.contains(#"result="sent""#), "sent mail is not counted: the count would tell a known address from an unknown one")
        }
    }

    @Test("reset request: known and unknown addresses make the same store and hasher calls")
    func resetRequestSameCalls() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: Self.generous)
            try await app.createAccount("alice")
            let recording = RecordingStore(store)
            let deps = app.dependencies
            let selfService = SelfService(
                store: recording, hasher: app.hasher, policy: deps.selfService.policy, trail: deps.selfService.trail,
                limiter: RateLimiter(store: recording.rateLimits, keys: TestStores.keys, clock: app.clock), clock: app.clock,
                mail: deps.selfService.mail, signIn: deps.signIn, cache: deps.selfService.cache, configuration: deps.selfService.configuration)
            var traces: [[String]] = []
            var hashing: [[Int]] = []
            for address in ["alice@example.com", "nobody@example.com"] {
                recording.reset()
                app.hasher.reset()
                try await selfService.requestPasswordReset(email: address, request: RequestInfo(ip: IPAddress("192.0.2.1")))
                traces.append(recording.calls)
                hashing.append([app.hasher.hashes, app.hasher.verifications])
            }
            #expect(traces[0] == traces[1], "\(traces)")
            #expect(traces[0].contains("tx.outbox.enqueue(job.password_reset_request)"))
            #expect(!traces[0].contains { $0.contains("accounts") }, "the address is looked up later, by the worker")
            #expect(hashing[0] == hashing[1])
        }
    }

    @Test("completing a reset sets the password, unlocks, ends every session, kills other links, mails a notice; the token works once")
    func resetComplete() async throws {
        try await withApp(["GATEHOUSE_LOCKOUT_THRESHOLD": "3"]) { app, client in
            try await app.createAccount("alice")
            let sessionToken = try await token(client, "alice")
            for _ in 0..<3 { _ = try await login(client, "alice", "wrong password") }
            #expect(try await app.dependencies.store.accounts.account(login: "alice")?.isLocked == true)
            _ = try await post(client, "/api/v1/auth/password-reset", ["email": "alice@example.com"])
            _ = try await post(client, "/api/v1/auth/password-reset", ["email": "alice@example.com"])
            let resets = try await app.deliverMail().filter { $0.gatehouseKind == "password_reset" }
            #expect(resets.count == 2)
            let first = try #require(resets[0].token("/password-reset/complete"))
            let second = try #require(resets[1].token("/password-reset/complete"))

            let weak = try await post(client, "/api/v1/auth/password-reset/complete", ["token": first, "new_password": "password"])
            #expect(weak.status == .badRequest)
            #expect(String(buffer: weak.body).contains("password_"))

            let done = try await post(client, "/api/v1/auth/password-reset/complete", ["token": first, "new_password": "a brand new secret 42"])
            #expect(done.status == .ok, "\(String(buffer: done.body))")
            #expect(json(done)["sessions_ended"] as? Int == 1)

            let again = try await post(client, "/api/v1/auth/password-reset/complete", ["token": first, "new_password": "another new secret 43"])
            #expect(again.status == .badRequest)
            #expect(String(buffer: again.body).contains("token_invalid_or_expired"))
            let other = try await post(client, "/api/v1/auth/password-reset/complete", ["token": second, "new_password": "another new secret 43"])
            #expect(String(buffer: other.body).contains("token_invalid_or_expired"), "other reset links die with the reset")

            let old = try await client.execute(uri: "/api/v1/auth/session", method: .get, headers: bearer(sessionToken))
            #expect(old.status == .unauthorized, "every session ended")
            let check = try await client.execute(uri: "/api/v1/auth/check", method: .get, headers: [.authorization: "Bearer \(sessionToken)"])
            #expect(check.status == .unauthorized, "forward auth too, at once")
            #expect(try await login(client, "alice").status == .unauthorized)
            #expect(try await login(client, "alice", "a brand new secret 42").status == .ok, "new password works and the lock is gone")

            let notices = try await app.deliverMail()
            #expect(notices.contains { $0.gatehouseKind == "password_changed" })
            let types = try await events(app).map(\.type)
            #expect(types.contains(.passwordResetCompleted))
            #expect(types.contains(.accountUnlocked))
        }
    }

    @Test("reset tokens expire after tokens.reset_ttl; reissue_two_factor does nothing without an authenticator, and is refused when not allowed")
    func resetExpiryAndReissue() async throws {
        try await withApp(["GATEHOUSE_TOKENS_RESET_TTL": "10m"]) { app, client in
            try await app.createAccount("alice")
            _ = try await post(client, "/api/v1/auth/password-reset", ["email": "alice@example.com"])
            let expired = try #require(try await app.deliverMail().first?.token("/password-reset/complete"))
            app.clock.advance(by: .seconds(601))
            let late = try await post(client, "/api/v1/auth/password-reset/complete", ["token": expired, "new_password": "a brand new secret 42"])
            #expect(String(buffer: late.body).contains("token_invalid_or_expired"))

            _ = try await post(client, "/api/v1/auth/password-reset", ["email": "alice@example.com"])
            let fresh = try #require(try await app.deliverMail().first?.token("/password-reset/complete"))
            let done = try await post(client, "/api/v1/auth/password-reset/complete", ["token": fresh, "new_password": "a brand new secret 42", "reissue_two_factor": true])
            #expect(done.status == .ok)
            #expect(json(done)["two_factor_reissue"] as? Bool == false, "no authenticator, nothing to reissue")
            #expect(try await app.dependencies.store.accounts.account(login: "alice")?.twoFactorReissueRequestedAt == nil)
        }
        try await withApp(["GATEHOUSE_PASSWORD_RESET_ALLOW_TWO_FACTOR_REISSUE": "false"]) { app, client in
            try await app.createAccount("bob")
            _ = try await post(client, "/api/v1/auth/password-reset", ["email": "bob@example.com"])
            let token = try #require(try await app.deliverMail().first?.token("/password-reset/complete"))
            let refused = try await post(client, "/api/v1/auth/password-reset/complete", ["token": token, "new_password": "a brand new secret 42", "reissue_two_factor": true])
            #expect(refused.status == .badRequest)
            #expect(String(buffer: refused.body).contains("reissue_two_factor"))
        }
    }

    @Test("reset limits: per address and per IP, 429 with Retry-After, the same for unknown addresses")
    func resetRateLimits() async throws {
        try await withApp(["GATEHOUSE_RATE_LIMIT_RESET_PER_ADDRESS": "3/3600", "GATEHOUSE_RATE_LIMIT_RESET_PER_IP": "8/60"]) { app, client in
            try await app.createAccount("alice")
            for address in ["alice@example.com", "nobody@example.com"] {
                for _ in 0..<3 { #expect(try await post(client, "/api/v1/auth/password-reset", ["email": address]).status == .accepted) }
                let limited = try await post(client, "/api/v1/auth/password-reset", ["email": address])
                #expect(limited.status == .tooManyRequests, "\(address)")
                #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 > 0)
            }
            // Eight requests (the refused ones count per IP too) used up the 8/60 of this client address.
            let other = try await post(client, "/api/v1/auth/password-reset", ["email": "third@example.com"])
            #expect(other.status == .tooManyRequests)
            #expect(try await app.deliverMail().count == 3, "only the known address got its three mails")
        }
    }

    // MARK: - Email verification

    @Test("an unverified account gets a link; sign-in stops at email_verification_required until the link is used, then moves on")
    func verification() async throws {
        try await withApp { app, client in
            try await app.createAccount("alice", verified: false)
            let created = try await app.deliverMail()
            #expect(created.map(\.gatehouseKind) == ["verify_email"])
            let firstToken = try #require(created.first?.token("/verify-email"))

            let pending = try await login(client, "alice")
            #expect(json(pending)["status"] as? String == "email_verification_required")
            let pendingToken = try #require(json(pending)["token"] as? String)
            let forbidden = try await client.execute(uri: "/api/v1/account/sessions", method: .get, headers: bearer(pendingToken))
            #expect(forbidden.status == .forbidden)
            #expect(String(buffer: forbidden.body).contains("email_verification_required"))

            let resend = try await post(client, "/api/v1/auth/email-verification", [:], token: pendingToken)
            #expect(resend.status == .accepted)
            let second = try #require(try await app.deliverMail().first?.token("/verify-email"))
            #expect(second != firstToken)

            let done = try await post(client, "/api/v1/auth/email-verification/complete", ["token": second], token: pendingToken)
            #expect(done.status == .ok, "\(String(buffer: done.body))")
            #expect(json(done)["status"] as? String == "authenticated")
            let newToken = try #require(json(done)["token"] as? String)
            #expect(newToken != pendingToken)
            #expect(try await client.execute(uri: "/api/v1/auth/session", method: .get, headers: bearer(pendingToken)).status == .unauthorized)
            #expect(try await client.execute(uri: "/api/v1/account/sessions", method: .get, headers: bearer(newToken)).status == .ok)

            let reuse = try await post(client, "/api/v1/auth/email-verification/complete", ["token": second])
            #expect(String(buffer: reuse.body).contains("token_invalid_or_expired"))
            // The earlier link still confirms (harmlessly) without a session.
            let earlier = try await post(client, "/api/v1/auth/email-verification/complete", ["token": firstToken])
            #expect(json(earlier)["status"] as? String == "email_verified")
            #expect(try await json(login(client, "alice"))["status"] as? String == "authenticated")
            #expect(try await events(app).contains { $0.type == .emailVerified })
        }
    }

    @Test("verification resend without a session: 202 for any address; mail only for an unverified account")
    func verificationResendByAddress() async throws {
        try await withApp { app, client in
            try await app.createAccount("alice", verified: false)
            try await app.createAccount("bob", verified: true)
            try await app.deliverMail()
            var bodies: Set<String> = []
            for address in ["alice@example.com", "bob@example.com", "nobody@example.com"] {
                let response = try await post(client, "/api/v1/auth/email-verification", ["email": address])
                #expect(response.status == .accepted)
                bodies.insert(String(buffer: response.body))
            }
            #expect(bodies.count == 1)
            let mail = try await app.deliverMail()
            #expect(mail.map { $0.to.map(\.address) } == [["alice@example.com"]])
        }
    }

    // MARK: - Lockout mail, unlock link, alerts

    @Test("failures count toward the lockout only within lockout.window of the previous one: spread over days they never lock")
    func lockoutWindow() async throws {
        try await withApp(["GATEHOUSE_LOCKOUT_WINDOW": "24h"]) { app, client in
            try await app.createAccount("alice")
            for _ in 0..<2 { #expect(try await login(client, "alice", "wrong").status == .unauthorized) }
            app.clock.advance(by: .seconds(24 * 3600 + 1))
            for _ in 0..<2 { #expect(try await login(client, "alice", "wrong").status == .unauthorized) }
            #expect(try await app.dependencies.store.accounts.account(login: "alice")?.isLocked == false, "two plus two a day apart do not lock")
            #expect(try await app.dependencies.store.accounts.account(login: "alice")?.failedAttempts == 2)
            app.clock.advance(by: .seconds(23 * 3600))
            #expect(try await login(client, "alice", "wrong").status == .unauthorized)
            #expect(try await app.dependencies.store.accounts.account(login: "alice")?.isLocked == true, "three within the window lock")
            #expect(try await login(client, "alice").status == .unauthorized)
        }
    }

    @Test("a stranger's reset requests for an address do not block its owner's; a higher ceiling per address still holds")
    func resetLimitPerClient() async throws {
        try await withApp(["GATEHOUSE_RATE_LIMIT_RESET_PER_ADDRESS": "3/3600", "GATEHOUSE_RATE_LIMIT_RESET_PER_ADDRESS_CEILING": "5/3600",
                           "GATEHOUSE_RATE_LIMIT_RESET_PER_IP": "100/60"]) { app, _ in
            try await app.createAccount("alice")
            let selfService = app.dependencies.selfService
            let stranger = RequestInfo(ip: IPAddress("198.51.100.7"))
            let owner = RequestInfo(ip: IPAddress("203.0.113.9"))
            for _ in 0..<3 { try await selfService.requestPasswordReset(email: "alice@example.com", request: stranger) }
            await #expect(throws: RateLimited.self) { try await selfService.requestPasswordReset(email: "alice@example.com", request: stranger) }
            try await selfService.requestPasswordReset(email: "alice@example.com", request: owner)
            #expect(try await app.deliverMail().filter { $0.gatehouseKind == "password_reset" }.count == 4, "the owner's request went out")
            // 3 (stranger) + 1 (owner) + 1 (a third client) reach the ceiling of 5 per address.
            let third = RequestInfo(ip: IPAddress("192.0.2.1"))
            try await selfService.requestPasswordReset(email: "alice@example.com", request: third)
            await #expect(throws: RateLimited.self) { try await selfService.requestPasswordReset(email: "alice@example.com", request: third) }
            await #expect(throws: RateLimited.self) {
                try await selfService.requestPasswordReset(email: "alice@example.com", request: RequestInfo(ip: IPAddress("192.0.2.99")))
            }
        }
    }

    @Test("lockout mails an unlock link and a reset link (either unlocks); a failed attempt alerts at most once an hour; the caller sees nothing")
    func lockoutMail() async throws {
        try await withApp(["GATEHOUSE_LOCKOUT_THRESHOLD": "3"]) { app, client in
            try await app.createAccount("alice")
            let first = try await login(client, "alice", "wrong")
            _ = try await login(client, "nobody", "wrong")
            var mail = try await app.deliverMail()
            #expect(mail.map(\.gatehouseKind) == ["failed_sign_in"])
            _ = try await login(client, "alice", "wrong")
            #expect(try await app.deliverMail().isEmpty, "at most one alert per hour")
            let third = try await login(client, "alice", "wrong")
            #expect(String(buffer: first.body) == String(buffer: third.body))
            mail = try await app.deliverMail()
            #expect(mail.map(\.gatehouseKind) == ["account_locked"])
            let locked = try #require(mail.first)
            let unlock = try #require(locked.token("/unlock"))
            #expect(try await login(client, "alice").status == .unauthorized)

            let done = try await post(client, "/api/v1/auth/unlock/complete", ["token": unlock])
            #expect(done.status == .ok)
            #expect(try await login(client, "alice").status == .ok)
            let reuse = try await post(client, "/api/v1/auth/unlock/complete", ["token": unlock])
            #expect(String(buffer: reuse.body).contains("token_invalid_or_expired"))

            // Lock again; this time the reset link of the lockout mail unlocks.
            app.clock.advance(by: .seconds(3601))
            for _ in 0..<3 { _ = try await login(client, "alice", "wrong") }
            #expect(try await login(client, "alice").status == .unauthorized)
            let relock = try await app.deliverMail().filter { $0.gatehouseKind == "account_locked" }
            let reset = try #require(relock.first?.token("/password-reset/complete"))
            let viaReset = try await post(client, "/api/v1/auth/password-reset/complete", ["token": reset, "new_password": "a brand new secret 42"])
            #expect(viaReset.status == .ok)
            #expect(try await login(client, "alice", "a brand new secret 42").status == .ok)
            let alerts = try await events(app).filter { $0.type == .alertSent }.map(\.details)
            #expect(alerts.filter { $0.contains("account_locked") }.count == 2)
            #expect(alerts.filter { $0.contains("failed_sign_in") }.count == 2)
        }
    }

    // MARK: - Account changes

    @Test("change password: the current password is required (a wrong one counts), other sessions end, this one stays, mail sent")
    func changePassword() async throws {
        try await withApp(["GATEHOUSE_LOCKOUT_THRESHOLD": "5"]) { app, client in
            try await app.createAccount("alice")
            let mine = try await token(client, "alice")
            let other = try await token(client, "alice")
            let wrong = try await post(client, "/api/v1/account/password", ["current_password": "nope", "new_password": "a brand new secret 42"], token: mine)
            #expect(wrong.status == .unauthorized)
            #expect(try await app.dependencies.store.accounts.account(login: "alice")?.failedAttempts == 1)
            let done = try await post(client, "/api/v1/account/password", ["current_password": "correct horse battery", "new_password": "a brand new secret 42"], token: mine)
            #expect(done.status == .noContent, "\(String(buffer: done.body))")
            #expect(try await client.execute(uri: "/api/v1/auth/session", method: .get, headers: bearer(other)).status == .unauthorized)
            #expect(try await client.execute(uri: "/api/v1/auth/session", method: .get, headers: bearer(mine)).status == .ok)
            #expect(try await login(client, "alice", "a brand new secret 42").status == .ok)
            #expect(try await app.deliverMail().contains { $0.gatehouseKind == "password_changed" })
            #expect(try await events(app).contains { $0.type == .passwordChanged })
        }
    }

    @Test("change username: unique (409 already_taken), audited, sign-in with the new name")
    func changeUsername() async throws {
        try await withApp { app, client in
            try await app.createAccount("alice")
            try await app.createAccount("bob")
            let mine = try await token(client, "alice")
            let taken = try await post(client, "/api/v1/account/username", ["username": "BOB", "current_password": "correct horse battery"], token: mine)
            #expect(taken.status == .conflict)
            #expect(String(buffer: taken.body).contains("already_taken"))
            let done = try await post(client, "/api/v1/account/username", ["username": "alicia", "current_password": "correct horse battery"], token: mine)
            #expect(done.status == .ok)
            #expect(json(done)["username"] as? String == "alicia")
            #expect(try await login(client, "alicia").status == .ok)
            #expect(try await login(client, "alice").status == .unauthorized)
            #expect(try await events(app).contains { $0.type == .usernameChanged })
        }
    }

    @Test("change email: 202; link to the new address, notice to the old; the old one works until the link is used; a taken address mails its owner instead")
    func changeEmail() async throws {
        try await withApp { app, client in
            try await app.createAccount("alice")
            try await app.createAccount("bob")
            let mine = try await token(client, "alice")
            let taken = try await post(client, "/api/v1/account/email", ["email": "bob@example.com", "current_password": "correct horse battery"], token: mine)
            let fresh = try await post(client, "/api/v1/account/email", ["email": "alice@new.example", "current_password": "correct horse battery"], token: mine)
            #expect(taken.status == .accepted)
            #expect(fresh.status == .accepted)
            #expect(String(buffer: taken.body) == String(buffer: fresh.body), "never already_taken")
            let mail = try await app.deliverMail()
            let byKind = Dictionary(grouping: mail, by: { $0.gatehouseKind ?? "" })
            #expect(byKind["email_in_use"]?.first?.to.map(\.address) == ["bob@example.com"])
            #expect(byKind["email_change_verify"]?.first?.to.map(\.address) == ["alice@new.example"])
            #expect(byKind["email_change_requested"]?.first?.to.map(\.address) == ["alice@example.com"])
            let profile = try await client.execute(uri: "/api/v1/account", method: .get, headers: bearer(mine))
            #expect(json(profile)["email"] as? String == "alice@example.com")
            #expect(json(profile)["pending_email"] as? String == "alice@new.example")
            #expect(try await login(client, "alice@example.com").status == .ok, "the old address keeps working")

            let link = try #require(byKind["email_change_verify"]?.first?.token("/verify-email"))
            let done = try await post(client, "/api/v1/auth/email-verification/complete", ["token": link])
            #expect(json(done)["status"] as? String == "email_changed")
            #expect(try await login(client, "alice@new.example").status == .ok)
            #expect(try await login(client, "alice@example.com").status == .unauthorized)
            let after = try await app.deliverMail()
            #expect(after.first { $0.gatehouseKind == "email_changed" }?.to.map(\.address) == ["alice@example.com"])
            let check = try await client.execute(uri: "/api/v1/auth/check", method: .get, headers: [.authorization: "Bearer \(mine)"])
            #expect(check.headers[HTTPField.Name("X-Gatehouse-Email")!] == "alice@new.example", "the forward-auth cache dropped the old address")
        }
    }

    @Test("a pending email change dies with a password reset or change, and with disabling; its link then works no more",
          arguments: ["reset", "change", "disable"])
    func pendingEmailChangeCancelled(how: String) async throws {
        try await withApp { app, client in
            let account = try await app.createAccount("alice")
            let intruder = try await token(client, "alice")
            let owner = try await token(client, "alice")
            #expect(try await post(client, "/api/v1/account/email", ["email": "intruder@evil.example", "current_password": "correct horse battery"],
                                   token: intruder).status == .accepted)
            let link = try #require(try await app.deliverMail().first { $0.gatehouseKind == "email_change_verify" }?.token("/verify-email"))
            switch how {
            case "reset":
                #expect(try await post(client, "/api/v1/auth/password-reset", ["email": "alice@example.com"]).status == .accepted)
                let reset = try #require(try await app.deliverMail().first { $0.gatehouseKind == "password_reset" }?.token("/password-reset/complete"))
                #expect(try await post(client, "/api/v1/auth/password-reset/complete", ["token": reset, "new_password": "a brand new secret 42"]).status == .ok)
            case "change":
                #expect(try await post(client, "/api/v1/account/password", ["current_password": "correct horse battery", "new_password": "a brand new secret 42"],
                                       token: owner).status == .noContent)
            default:
                _ = try await app.dependencies.administration.disable("alice")
            }
            let stored = try #require(try await app.dependencies.store.accounts.account(id: account.id))
            #expect(stored.pendingEmail == nil)
            let used = try await post(client, "/api/v1/auth/email-verification/complete", ["token": link])
            #expect(used.status == .badRequest && json(used)["code"] as? String == "token_invalid_or_expired", "\(String(buffer: used.body))")
            #expect(try await app.dependencies.store.accounts.account(id: account.id)?.email == "alice@example.com")
        }
    }

    @Test("an account change from a session that ended while the password was being checked is refused and leaves nothing behind")
    func changeFromEndedSession() async throws {
        try await withApp { app, client in
            let account = try await app.createAccount("alice")
            _ = try await token(client, "alice")
            let record = try #require(try await app.dependencies.store.sessions.list(accountID: account.id).first.map { SessionRecord(session: $0, account: account) })
            // The session ends (a reset elsewhere) after the request was authenticated.
            _ = try await app.dependencies.store.sessions.revoke(record.session.id)
            let selfService = app.dependencies.selfService
            await #expect(throws: GatehouseError(.unauthenticated, detail: "The session ended meanwhile; sign in again.")) {
                try await selfService.changePassword(current: "correct horse battery", new: "a brand new secret 42", by: record, request: RequestInfo())
            }
            await #expect(throws: GatehouseError.self) {
                try await selfService.changeEmail(to: "other@example.com", current: "correct horse battery", by: record, request: RequestInfo())
            }
            await #expect(throws: GatehouseError.self) {
                _ = try await selfService.changeUsername(to: "mallory", current: "correct horse battery", by: record, request: RequestInfo())
            }
            let stored = try #require(try await app.dependencies.store.accounts.account(id: account.id))
            #expect(stored.passwordHash == account.passwordHash && stored.pendingEmail == nil && stored.username == "alice")
            #expect(try await app.deliverMail().isEmpty)
        }
    }

    @Test("change email to a taken address looks exactly like a free one to the requester: same answer, same pending address, same notice to the old address")
    func changeEmailIndistinguishable() async throws {
        try await withApp { app, client in
            try await app.createAccount("alice")
            try await app.createAccount("bob")
            try await app.createAccount("carol")
            var seen: [[String?]] = []
            for (user, target) in [("alice", "bob@example.com"), ("carol", "carol@new.example")] {
                let mine = try await token(client, user)
                let answer = try await post(client, "/api/v1/account/email", ["email": target, "current_password": "correct horse battery"], token: mine)
                let profile = json(try await client.execute(uri: "/api/v1/account", method: .get, headers: bearer(mine)))
                let mail = try await app.deliverMail().filter { $0.to.map(\.address) == ["\(user)@example.com"] }
                seen.append([String(buffer: answer.body), profile["pending_email"] as? String == target ? "pending" : nil,
                             mail.map { $0.gatehouseKind ?? "" }.joined(separator: ",")])
            }
            #expect(seen[0] == seen[1], "\(seen)")
            #expect(try await login(client, "bob@example.com").status == .ok, "the holder keeps the address")
        }
    }

    @Test("confirming the current password: a locked account confirms nothing, and guesses are rate-limited per account")
    func currentPasswordGuarded() async throws {
        try await withApp(["GATEHOUSE_LOCKOUT_THRESHOLD": "2", "GATEHOUSE_RATE_LIMIT_LOGIN_PER_ACCOUNT": "4/300"]) { app, client in
            try await app.createAccount("alice")
            let mine = try await token(client, "alice")
            for _ in 0..<2 {
                let wrong = try await post(client, "/api/v1/account/password", ["current_password": "nope", "new_password": "a brand new secret 42"], token: mine)
                #expect(wrong.status == .unauthorized)
            }
            #expect(try await app.dependencies.store.accounts.account(login: "alice")?.isLocked == true)
            let right = try await post(client, "/api/v1/account/password", ["current_password": "correct horse battery", "new_password": "a brand new secret 42"], token: mine)
            #expect(right.status == .unauthorized, "a locked account does not confirm even the right password")
            let limited = try await post(client, "/api/v1/account/password", ["current_password": "nope", "new_password": "a brand new secret 42"], token: mine)
            #expect(limited.status == .tooManyRequests)
        }
    }

    @Test("preferred language: PUT /account/language, and mail follows it")
    func language() async throws {
        try await withApp { app, client in
            try await app.createAccount("alice")
            let mine = try await token(client, "alice")
            let bad = try await client.execute(uri: "/api/v1/account/language", method: .put, headers: bearer(mine), body: body(["language": "de"]))
            #expect(bad.status == .badRequest)
            #expect(String(buffer: bad.body).contains("\"field\":\"language\""), "the problem names the field")
            let done = try await client.execute(uri: "/api/v1/account/language", method: .put, headers: bearer(mine), body: body(["language": "ru"]))
            #expect(done.status == .noContent)
            _ = try await post(client, "/api/v1/auth/password-reset", ["email": "alice@example.com"])
            let mail = try #require(try await app.deliverMail().first)
            #expect(mail.subject.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) }, "\(mail.subject)")
        }
    }

    @Test("the same flows on PostgreSQL")
    func postgres() async throws {
        try await withApp(backend: .postgres) { app, client in
            try await app.createAccount("alice", verified: false)
            let link = try #require(try await app.deliverMail().first?.token("/verify-email"))
            #expect(try await post(client, "/api/v1/auth/email-verification/complete", ["token": link]).status == .ok)
            _ = try await post(client, "/api/v1/auth/password-reset", ["email": "alice@example.com"])
            let reset = try #require(try await app.deliverMail().first?.token("/password-reset/complete"))
            #expect(try await post(client, "/api/v1/auth/password-reset/complete", ["token": reset, "new_password": "a brand new secret 42"]).status == .ok)
            #expect(try await login(client, "alice", "a brand new secret 42").status == .ok)
        }
    }
}
