import ChildProcesses
import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseHTTP
import GatehouseTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SMTP
import SMTPTestSupport
import Testing
import TOTP

/// Two-factor sign-in through the real router: consent, enrolment, the second step, the backup code,
/// recovery, the account's own management and administrator resets, on a real store.
@Suite("Two-factor sign-in and consent (API)")
struct TwoFactorAPITests {
    static let environment = [
        "GATEHOUSE_TWO_FACTOR": "required",
        "GATEHOUSE_RATE_LIMIT_LOGIN_PER_IP": "1000/60", "GATEHOUSE_RATE_LIMIT_LOGIN_PER_ACCOUNT": "1000/60",
        "GATEHOUSE_RATE_LIMIT_SECOND_FACTOR_PER_ACCOUNT": "1000/60", "GATEHOUSE_RATE_LIMIT_RESET_PER_IP": "1000/60",
        // Every request of these tests comes from one client; the per-client limit has a test of its own.
        "GATEHOUSE_RATE_LIMIT_SECOND_FACTOR_PER_IP": "1000/60",
        "GATEHOUSE_RATE_LIMIT_RESET_PER_ADDRESS": "1000/60", "GATEHOUSE_PUBLIC_URL": "https://id.example.org",
    ]

    func withApp(_ environment: [String: String] = [:], backend: StoreBackend = .sqlite,
                 _ body: @Sendable (TestApp, any TestClientProtocol) async throws -> Void) async throws {
        try await TestStores.withStore(backend) { store in
            let app = try await TestApp.make(store, environment: Self.environment.merging(environment) { $1 })
            try await Application(router: app.routes().router).test(.router) { client in
                try await body(app, client)
            }
        }
    }

    func post(_ client: any TestClientProtocol, _ path: String, _ object: [String: Any] = [:], token: String? = nil) async throws -> TestResponse {
        try await client.execute(uri: path, method: .post, headers: token.map(bearer) ?? jsonHeaders, body: body(object))
    }

    func get(_ client: any TestClientProtocol, _ path: String, token: String) async throws -> TestResponse {
        try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer \(token)"])
    }

    /// Signs in with the password; returns (status, token).
    func login(_ client: any TestClientProtocol, _ user: String) async throws -> (String, String) {
        let response = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders, body: loginBody(user, "correct horse battery"))
        #expect(response.status == .ok, "\(String(buffer: response.body))")
        let answer = json(response)
        return (answer["status"] as? String ?? "", answer["token"] as? String ?? "")
    }

    func code(_ secret: String, _ app: TestApp, offset: TimeInterval = 0) throws -> String {
        try TOTP(secret: TOTPSecret(base32: secret)).code(at: app.clock.now().addingTimeInterval(offset))
    }

    func problemCode(_ response: TestResponse) -> String? { json(response)["code"] as? String }

    /// Password → setup → confirm for an account that already consented: returns (secret, backup code, token).
    func enrol(_ client: any TestClientProtocol, _ app: TestApp, _ user: String) async throws -> (secret: String, backupCode: String, token: String) {
        let (status, token) = try await login(client, user)
        #expect(status == "two_factor_setup_required")
        let setup = json(try await post(client, "/api/v1/auth/two-factor/setup", token: token))
        let secret = try #require(setup["secret"] as? String)
        let confirmed = try await post(client, "/api/v1/auth/two-factor/confirm", ["code": try code(secret, app)], token: token)
        #expect(confirmed.status == .ok, "\(String(buffer: confirmed.body))")
        let answer = json(confirmed)
        #expect(answer["status"] as? String == "authenticated")
        return (secret, answer["backup_code"] as? String ?? "", answer["token"] as? String ?? "")
    }

    func events(_ app: TestApp) async throws -> [String] {
        try await app.dependencies.store.auditLog.records(after: 0, limit: 10_000).map(\.type.rawValue)
    }

    // MARK: - First sign-in

    @Test("first sign-in: password → consent → enrolment (QR, grouped key, mail without the secret) → first code → authenticated with a backup code")
    func firstSignIn() async throws {
        try await withApp { app, client in
            let account = try await app.createAccount("alice", consented: false)
            let (status, pending) = try await login(client, "alice")
            #expect(status == "consent_required")
            // Nothing else works yet: not the setup, not the account, not forward auth.
            #expect(try await post(client, "/api/v1/auth/two-factor/setup", token: pending).status == .forbidden)
            #expect(problemCode(try await get(client, "/api/v1/account", token: pending)) == "consent_required")
            #expect(try await get(client, "/api/v1/auth/check", token: pending).status == .unauthorized)

            let agreement = json(try await client.execute(uri: "/api/v1/auth/consent?lang=ru", method: .get, headers: [.authorization: "Bearer \(pending)"]))
            #expect(agreement["version"] as? String == "1")
            #expect(agreement["language"] as? String == "ru")
            #expect((agreement["text"] as? String ?? "").contains("персональных данных"))
            let outdated = try await post(client, "/api/v1/auth/consent", ["version": "0", "accept": true], token: pending)
            #expect(outdated.status == .badRequest)
            let accepted = try await post(client, "/api/v1/auth/consent", ["version": "1", "accept": true], token: pending)
            #expect(accepted.status == .ok)
            let afterConsent = json(accepted)
            #expect(afterConsent["status"] as? String == "two_factor_setup_required")
            let token = try #require(afterConsent["token"] as? String)
            #expect(try await get(client, "/api/v1/auth/session", token: pending).status == .unauthorized, "the old token died")
            let stored = try #require(try await app.dependencies.store.accounts.account(id: account.id))
            #expect(stored.consentVersion == "1" && stored.consentAcceptedAt != nil)

            let setup = json(try await post(client, "/api/v1/auth/two-factor/setup", token: token))
            let secret = try #require(setup["secret"] as? String)
            #expect(try TOTPSecret(base32: secret).bytes.count == 20)
            #expect((setup["secret_grouped"] as? String)?.split(separator: " ").allSatisfy { $0.count <= 4 } == true)
            #expect(setup["otpauth_uri"] as? String == "otpauth://totp/Gatehouse:alice?secret=\(secret)&issuer=Gatehouse&algorithm=SHA1&digits=6&period=30")
            #expect((setup["qr_svg"] as? String ?? "").hasPrefix("<svg"))
            // A reload shows the same key (what was scanned stays valid); the instructions were mailed once.
            #expect(json(try await post(client, "/api/v1/auth/two-factor/setup", token: token))["secret"] as? String == secret)
            let mail = try await app.deliverMail()
            #expect(mail.map(\.gatehouseKind) == ["two_factor_setup"])
            let instructions = try #require(mail.first)
            #expect(instructions.link("/two-factor/setup") == "https://id.example.org/two-factor/setup")
            for part in [instructions.textBody, instructions.htmlBody ?? ""] {
                #expect(!part.contains(secret) && !part.contains("otpauth") && !part.contains("<svg"))
            }
            // Not active before the first code: the account still has no authenticator.
            #expect(try await app.dependencies.store.accounts.account(id: account.id)?.twoFactor.isEnabled == false)

            let wrongCode = String(format: "%06d", ((Int(try code(secret, app)) ?? 0) + 1) % 1_000_000)
            let wrong = try await post(client, "/api/v1/auth/two-factor/confirm", ["code": wrongCode], token: token)
            #expect(wrong.status == .unauthorized)
            #expect(problemCode(wrong) == "second_factor_invalid")
            let confirmed = try await post(client, "/api/v1/auth/two-factor/confirm", ["code": try code(secret, app)], token: token)
            #expect(confirmed.status == .ok)
            let done = json(confirmed)
            #expect(done["status"] as? String == "authenticated")
            let backup = try #require(done["backup_code"] as? String)
            #expect(BackupCode.normalize(backup) != nil && backup.count == 9)
            let signedIn = try #require(done["token"] as? String)
            #expect(try await get(client, "/api/v1/auth/check", token: signedIn).status == .ok)
            let state = json(try await get(client, "/api/v1/account/two-factor", token: signedIn))
            #expect(state["enabled"] as? Bool == true && state["required"] as? Bool == true)

            let stored2 = try #require(try await app.dependencies.store.accounts.account(id: account.id))
            #expect(stored2.twoFactor.secret?.hasPrefix("v1.") == true)
            #expect(stored2.twoFactor.secret?.contains(secret) == false, "stored sealed, not as base32")
            #expect(stored2.twoFactor.backupCodeHash?.contains(BackupCode.normalize(backup) ?? "-") == false)
            let types = try await events(app)
            for type in ["consent.accepted", "two_factor.setup_started", "two_factor.failed", "two_factor.enabled", "login.succeeded"] {
                #expect(types.contains(type), "\(type)")
            }
            #expect(try await app.dependencies.store.auditLog.records(after: 0, limit: 10_000).allSatisfy { record in
                !record.details.contains(secret) && !record.details.contains(backup)
            })
        }
    }

    @Test("the setup's QR code decodes (rsvg-convert + zbarimg) to exactly its otpauth URI, also for a Cyrillic issuer and username")
    func qrDecodes() async throws {
        try await withApp(["GATEHOUSE_TOTP_ISSUER": "Шлюз Гейтхаус"]) { app, client in
            try await app.createAccount("иван")
            let (_, token) = try await login(client, "иван")
            let setup = json(try await post(client, "/api/v1/auth/two-factor/setup", token: token))
            let uri = try #require(setup["otpauth_uri"] as? String)
            #expect(uri.hasPrefix("otpauth://totp/%D0%A8%D0%BB%D1%8E%D0%B7%20%D0%93"))
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-qr-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            try Data((setup["qr_svg"] as? String ?? "").utf8).write(to: directory.appendingPathComponent("qr.svg"))
            let render = try ExternalTools.run("/usr/bin/rsvg-convert", ["--format=png", "--output", "qr.png", "qr.svg"], in: directory)
            #expect(render.status == 0, "\(render.output)")
            // zbarimg (zbar-tools) may complain about D-Bus on stderr; the payload is on stdout.
            // QR codes only: scanning every symbology, zbarimg once also reported a phantom EAN-8 read
            // from the QR modules, on a line of its own after the URI.
            let zbar = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/zbarimg"),
                                            ["--raw", "-q", "-Sdisable", "-Sqrcode.enable", directory.appendingPathComponent("qr.png").path])
            let decoded = zbar.stdoutText
            #expect(zbar.status == 0)
            #expect(decoded.trimmingCharacters(in: .newlines) == uri)
        }
    }

    // MARK: - Second step

    @Test("a later sign-in needs a code; a used code (and earlier steps) is refused; pending sessions reach nothing else")
    func secondStep() async throws {
        try await withApp { app, client in
            try await app.createAccount("bob")
            let (secret, _, _) = try await enrol(client, app, "bob")
            let (status, pending) = try await login(client, "bob")
            #expect(status == "second_factor_required")
            for path in ["/api/v1/account", "/api/v1/account/sessions", "/api/v1/auth/check", "/api/v1/account/two-factor"] {
                let answer = try await get(client, path, token: pending)
                #expect(answer.status == (path == "/api/v1/auth/check" ? .unauthorized : .forbidden), "\(path)")
            }
            #expect(try await post(client, "/api/v1/auth/two-factor/setup", token: pending).status == .forbidden)
            #expect(try await post(client, "/api/v1/auth/consent", ["version": "1", "accept": true], token: pending).status == .forbidden)

            // The enrolment code's step was used: the same code is refused now, and so is the previous step's.
            let replay = try await post(client, "/api/v1/auth/login/second-factor", ["code": try code(secret, app)], token: pending)
            #expect(replay.status == .unauthorized)
            #expect(problemCode(replay) == "second_factor_invalid")
            app.clock.advance(by: .seconds(30))
            let (_, pending2) = try await login(client, "bob")
            #expect(try await post(client, "/api/v1/auth/login/second-factor", ["code": try code(secret, app, offset: -60)], token: pending2).status == .unauthorized)
            // The next step's code (a phone slightly ahead) is accepted.
            let ok = try await post(client, "/api/v1/auth/login/second-factor", ["code": try code(secret, app, offset: 30)], token: pending2)
            #expect(ok.status == .ok, "\(String(buffer: ok.body))")
            #expect(json(ok)["status"] as? String == "authenticated")
            // …which used up the current step too.
            let (_, pending3) = try await login(client, "bob")
            #expect(try await post(client, "/api/v1/auth/login/second-factor", ["code": try code(secret, app)], token: pending3).status == .unauthorized)
            let types = try await events(app)
            #expect(types.contains("two_factor.verified") && types.contains("two_factor.failed"))
        }
    }

    @Test("password ok, 2 wrong codes, password ok, 1 wrong code ⇒ locked; the lock ends the pending session and mails the owner")
    func wrongCodesLock() async throws {
        try await withApp { app, client in
            let account = try await app.createAccount("carol")
            let (secret, _, _) = try await enrol(client, app, "carol")
            app.clock.advance(by: .seconds(60))
            let wrong = String(format: "%06d", ((Int(try code(secret, app)) ?? 0) + 500_000) % 1_000_000)
            let (_, first) = try await login(client, "carol")
            for _ in 0..<2 {
                #expect(try await post(client, "/api/v1/auth/login/second-factor", ["code": wrong], token: first).status == .unauthorized)
            }
            let (_, second) = try await login(client, "carol")
            #expect(try await app.dependencies.store.accounts.account(id: account.id)?.failedAttempts == 2, "a correct password resets nothing")
            #expect(try await post(client, "/api/v1/auth/login/second-factor", ["backup_code": "ABCD-EFGH"], token: second).status == .unauthorized)
            let stored = try #require(try await app.dependencies.store.accounts.account(id: account.id))
            #expect(stored.isLocked)
            #expect(try await get(client, "/api/v1/auth/session", token: second).status == .unauthorized, "the pending session ended")
            let again = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders, body: loginBody("carol", "correct horse battery"))
            #expect(again.status == .unauthorized)
            #expect(try await app.deliverMail().map(\.gatehouseKind).contains("account_locked"))
        }
    }

    @Test("a correct code resets the failure count only at authenticated")
    func countResetsAtAuthenticated() async throws {
        try await withApp { app, client in
            let account = try await app.createAccount("dora")
            let (secret, _, _) = try await enrol(client, app, "dora")
            app.clock.advance(by: .seconds(60))
            let (_, pending) = try await login(client, "dora")
            let wrong = String(format: "%06d", ((Int(try code(secret, app)) ?? 0) + 1) % 1_000_000)
            #expect(try await post(client, "/api/v1/auth/login/second-factor", ["code": wrong], token: pending).status == .unauthorized)
            #expect(try await post(client, "/api/v1/auth/login/second-factor", ["code": try code(secret, app)], token: pending).status == .ok)
            #expect(try await app.dependencies.store.accounts.account(id: account.id)?.failedAttempts == 0)
        }
    }

    @Test("wrong codes are rate-limited per account (429 with Retry-After); correct codes and valid checks do not count")
    func rateLimited() async throws {
        try await withApp(["GATEHOUSE_RATE_LIMIT_SECOND_FACTOR_PER_ACCOUNT": "2/300", "GATEHOUSE_LOCKOUT_THRESHOLD": "50"]) { app, client in
            try await app.createAccount("erin")
            let (secret, _, session) = try await enrol(client, app, "erin")
            for _ in 0..<4 {
                app.clock.advance(by: .seconds(31))
                #expect(try await post(client, "/api/v1/account/two-factor/check", ["code": try code(secret, app)], token: session).status == .ok)
                let (_, pending) = try await login(client, "erin")
                #expect(try await post(client, "/api/v1/auth/login/second-factor", ["code": try code(secret, app)], token: pending).status == .ok)
            }
            app.clock.advance(by: .seconds(31))
            let (_, pending) = try await login(client, "erin")
            let wrong = String(format: "%06d", ((Int(try code(secret, app)) ?? 0) + 7) % 1_000_000)
            #expect(try await post(client, "/api/v1/auth/login/second-factor", ["code": wrong], token: pending).status == .unauthorized)
            #expect(try await post(client, "/api/v1/auth/login/second-factor", ["backup_code": "2222-2222"], token: pending).status == .unauthorized)
            let limited = try await post(client, "/api/v1/auth/login/second-factor", ["code": try code(secret, app)], token: pending)
            #expect(limited.status == .tooManyRequests)
            #expect(problemCode(limited) == "rate_limited")
            #expect(limited.headers[.retryAfter] != nil)
        }
    }

    @Test("wrong codes are limited per client as well: one address trying two accounts is refused once over rate_limit.second_factor_per_ip")
    func rateLimitedPerIP() async throws {
        try await withApp(["GATEHOUSE_RATE_LIMIT_SECOND_FACTOR_PER_IP": "3/300", "GATEHOUSE_LOCKOUT_THRESHOLD": "50"]) { app, client in
            try await app.createAccount("gale")
            try await app.createAccount("hugo")
            let (galeSecret, _, _) = try await enrol(client, app, "gale")
            let (hugoSecret, _, _) = try await enrol(client, app, "hugo")
            app.clock.advance(by: .seconds(31))
            let (_, gale) = try await login(client, "gale")
            let (_, hugo) = try await login(client, "hugo")
            func wrong(_ secret: String) throws -> String { String(format: "%06d", ((Int(try code(secret, app)) ?? 0) + 7) % 1_000_000) }
            #expect(try await post(client, "/api/v1/auth/login/second-factor", ["code": try wrong(galeSecret)], token: gale).status == .unauthorized)
            #expect(try await post(client, "/api/v1/auth/login/second-factor", ["code": try wrong(galeSecret)], token: gale).status == .unauthorized)
            #expect(try await post(client, "/api/v1/auth/login/second-factor", ["code": try wrong(hugoSecret)], token: hugo).status == .unauthorized)
            // Each account is well within its own budget (5/300); the client is not.
            let limited = try await post(client, "/api/v1/auth/login/second-factor", ["code": try code(hugoSecret, app)], token: hugo)
            #expect(limited.status == .tooManyRequests && problemCode(limited) == "rate_limited" && limited.headers[.retryAfter] != nil)
        }
    }

    @Test("parallel wrong codes are bounded by the rate limit: with 3/300, 12 at once → 3 refused codes and 9 × 429",
          arguments: StoreBackend.allCases)
    func parallelWrongCodesLimited(backend: StoreBackend) async throws {
        try await withApp(["GATEHOUSE_RATE_LIMIT_SECOND_FACTOR_PER_ACCOUNT": "3/300", "GATEHOUSE_LOCKOUT_THRESHOLD": "100"], backend: backend) { app, client in
            try await app.createAccount("emil")
            let (secret, _, _) = try await enrol(client, app, "emil")
            app.clock.advance(by: .seconds(60))
            var tokens: [String] = []
            for _ in 0..<12 { tokens.append(try await login(client, "emil").1) }
            let wrong = String(format: "%06d", ((Int(try code(secret, app)) ?? 0) + 3) % 1_000_000)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for token in tokens {
                    group.addTask { try await self.post(client, "/api/v1/auth/login/second-factor", ["code": wrong], token: token).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .unauthorized }.count == 3, "\(statuses)")
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 9, "\(statuses)")
        }
    }

    @Test("two parallel requests with the same valid code give exactly one success", arguments: StoreBackend.allCases)
    func parallelCode(backend: StoreBackend) async throws {
        try await withApp(backend: backend) { app, client in
            try await app.createAccount("fay")
            let (secret, _, _) = try await enrol(client, app, "fay")
            app.clock.advance(by: .seconds(60))
            var tokens: [String] = []
            for _ in 0..<6 { tokens.append(try await login(client, "fay").1) }
            let current = try code(secret, app)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for token in tokens {
                    group.addTask { try await self.post(client, "/api/v1/auth/login/second-factor", ["code": current], token: token).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .ok }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == .unauthorized }.count == 5)
        }
    }

    // MARK: - Backup code

    @Test("the backup code signs in once: 20 parallel uses → exactly one success and one new code; the old code is dead, the new one works, each use is mailed",
          arguments: StoreBackend.allCases)
    func backupCode(backend: StoreBackend) async throws {
        try await withApp(["GATEHOUSE_LOCKOUT_THRESHOLD": "100"], backend: backend) { app, client in
            try await app.createAccount("gus")
            let (_, backup, _) = try await enrol(client, app, "gus")
            _ = try await app.deliverMail()
            var tokens: [String] = []
            for _ in 0..<20 { tokens.append(try await login(client, "gus").1) }
            let typed = backup.lowercased().replacingOccurrences(of: "-", with: " ")
            let answers = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String?).self) { group in
                for token in tokens {
                    group.addTask {
                        let response = try await self.post(client, "/api/v1/auth/login/second-factor", ["backup_code": typed], token: token)
                        return (response.status, json(response)["new_backup_code"] as? String)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.filter { $0.0 == .ok }.count == 1, "\(answers.map(\.0))")
            let fresh = try #require(answers.compactMap(\.1).first)
            #expect(fresh != backup)
            let (_, later) = try await login(client, "gus")
            let old = try await post(client, "/api/v1/auth/login/second-factor", ["backup_code": backup], token: later)
            #expect(old.status == .unauthorized)
            #expect(problemCode(old) == "backup_code_invalid")
            let renewed = try await post(client, "/api/v1/auth/login/second-factor", ["backup_code": fresh], token: later)
            #expect(renewed.status == .ok)
            #expect(json(renewed)["new_backup_code"] is String)
            #expect(try await app.deliverMail().map(\.gatehouseKind).filter { $0 == "backup_code_used" }.count == 2)
            #expect(try await events(app).filter { $0 == "two_factor.backup_code_used" }.count == 2)
        }
    }

    // MARK: - Recovery

    @Test("recovery: the backup code signs in and turns TOTP off; under policy required a fresh enrolment follows (new secret)")
    func recovery() async throws {
        try await withApp { app, client in
            let account = try await app.createAccount("hana")
            let (secret, backup, _) = try await enrol(client, app, "hana")
            _ = try await app.deliverMail()
            let (_, pending) = try await login(client, "hana")
            #expect(try await post(client, "/api/v1/auth/login/recovery", ["backup_code": "2345-6789"], token: pending).status == .unauthorized)
            let recovered = try await post(client, "/api/v1/auth/login/recovery", ["backup_code": backup], token: pending)
            #expect(recovered.status == .ok)
            #expect(json(recovered)["status"] as? String == "two_factor_setup_required")
            let token = try #require(json(recovered)["token"] as? String)
            let stored = try #require(try await app.dependencies.store.accounts.account(id: account.id))
            #expect(!stored.twoFactor.isEnabled && stored.twoFactor.backupCodeHash == nil)
            let setup = json(try await post(client, "/api/v1/auth/two-factor/setup", token: token))
            let newSecret = try #require(setup["secret"] as? String)
            #expect(newSecret != secret)
            app.clock.advance(by: .seconds(30))
            let confirmed = try await post(client, "/api/v1/auth/two-factor/confirm", ["code": try code(newSecret, app)], token: token)
            #expect(json(confirmed)["status"] as? String == "authenticated")
            let kinds = try await app.deliverMail().map(\.gatehouseKind)
            #expect(kinds.contains("two_factor_reset") && kinds.contains("two_factor_setup"))
            #expect(try await events(app).contains("two_factor.recovered"))
        }
    }

    /// Enrols `user`, then completes a mailed password reset with `extra` fields; returns the answer,
    /// the enrolment and the reset token.
    func resetWithReissue(_ client: any TestClientProtocol, _ app: TestApp, _ user: String, _ extra: [String: Any] = [:])
        async throws -> (answer: TestResponse, enrolment: (secret: String, backupCode: String, token: String), resetToken: String) {
        let enrolment = try await enrol(client, app, user)
        _ = try await post(client, "/api/v1/auth/password-reset", ["email": "\(user)@example.com"])
        let reset = try #require(try await app.deliverMail().first { $0.gatehouseKind == "password_reset" })
        let token = try #require(reset.token("/password-reset/complete"))
        let body: [String: Any] = ["token": token, "new_password": "a brand new passphrase", "reissue_two_factor": true]
        let answer = try await post(client, "/api/v1/auth/password-reset/complete", body.merging(extra) { $1 })
        return (answer, enrolment, token)
    }

    func loginStatus(_ client: any TestClientProtocol, _ user: String, _ password: String = "a brand new passphrase") async throws -> (String, String) {
        let response = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders, body: loginBody(user, password))
        #expect(response.status == .ok, "\(String(buffer: response.body))")
        return (json(response)["status"] as? String ?? "", json(response)["token"] as? String ?? "")
    }

    @Test("mailbox access alone does not take over: a reissue without the backup code waits 72h, sign-in still needs a code, the owner is mailed a cancel link")
    func reissueWithoutBackupCodeWaits() async throws {
        try await withApp { app, client in
            try await app.createAccount("ivy")
            let (done, enrolment, _) = try await resetWithReissue(client, app, "ivy")
            #expect(done.status == .ok, "\(String(buffer: done.body))")
            #expect(json(done)["two_factor_reissue"] as? Bool == true)
            let effective = try #require(json(done)["two_factor_reissue_at"] as? String)
            #expect(effective.hasPrefix(ISO8601DateFormatter().string(from: app.clock.now().addingTimeInterval(72 * 3600)).prefix(13)))
            let mails = try await app.deliverMail()
            let notice = try #require(mails.first { $0.gatehouseKind == "two_factor_reissue_scheduled" })
            #expect(notice.to.map(\.description).joined().contains("ivy@example.com"), "\(notice.to)")
            #expect(notice.token("/two-factor/reissue/cancel") != nil, "\(notice.textBody)")
            #expect(!mails.contains { $0.gatehouseKind == "two_factor_reset" }, "nothing is reset yet")

            // The attacker signs in with the new password: the old authenticator is still asked for,
            // and enrolment is refused to that pending session.
            let (status, pending) = try await loginStatus(client, "ivy")
            #expect(status == "second_factor_required")
            #expect(try await post(client, "/api/v1/auth/two-factor/setup", token: pending).status == .forbidden)
            app.clock.advance(by: .seconds(71 * 3600))
            #expect(try await loginStatus(client, "ivy").0 == "second_factor_required")
            _ = enrolment

            // Nobody cancelled: after the delay the next sign-in enrols anew and the owner is told.
            app.clock.advance(by: .seconds(3601))
            #expect(try await loginStatus(client, "ivy").0 == "two_factor_setup_required")
            let kinds = try await app.deliverMail().map { $0.gatehouseKind ?? "" }
            #expect(kinds.filter { $0 == "two_factor_reset" }.count == 1, "\(kinds)")
            #expect(try await events(app).contains("two_factor.reissue_scheduled"))
        }
    }

    @Test("whoever proves to be the owner cancels a waiting reissue: a sign-in with a code, a reset without the reissue, a password change",
          arguments: ["code", "reset", "password_change"])
    func reissueCancelledByTheOwner(way: String) async throws {
        try await withApp { app, client in
            try await app.createAccount("ivy")
            let (done, enrolment, _) = try await resetWithReissue(client, app, "ivy")
            let effective = try #require(json(done)["two_factor_reissue_at"] as? String)
            _ = try await app.deliverMail()
            app.clock.advance(by: .seconds(60))
            switch way {
            case "code", "password_change":
                let (_, pending) = try await loginStatus(client, "ivy")
                let signedIn = try await post(client, "/api/v1/auth/login/second-factor", ["code": try code(enrolment.secret, app)], token: pending)
                #expect(json(signedIn)["status"] as? String == "authenticated")
                let token = json(signedIn)["token"] as? String ?? ""
                if way == "password_change" {
                    // Put the reissue back as the attacker left it, then change the password from the session.
                    let account = try #require(try await app.dependencies.store.accounts.account(login: "ivy"))
                    _ = try await app.dependencies.store.accounts.setTwoFactorReissue(account.id, app.clock.now(), at: app.clock.now())
                    let changed = try await post(client, "/api/v1/account/password",
                                                 ["current_password": "a brand new passphrase", "new_password": "the owner's own passphrase"], token: token)
                    #expect(changed.status == .noContent, "\(String(buffer: changed.body))")
                } else {
                    #expect(json(try await get(client, "/api/v1/account/two-factor", token: token))["reissue_at"] == nil, "was \(effective)")
                }
            default:
                _ = try await post(client, "/api/v1/auth/password-reset", ["email": "ivy@example.com"])
                let token = try #require(try await app.deliverMail().first { $0.gatehouseKind == "password_reset" }?.token("/password-reset/complete"))
                let again = try await post(client, "/api/v1/auth/password-reset/complete", ["token": token, "new_password": "the owner's own passphrase"])
                #expect(again.status == .ok)
            }
            #expect(try await app.dependencies.store.accounts.account(login: "ivy")?.twoFactorReissueRequestedAt == nil)
            if way == "code" {
                // Asking again at once, without the backup code, is refused for 30 days; the owner stays safe.
                _ = try await post(client, "/api/v1/auth/password-reset", ["email": "ivy@example.com"])
                let token = try #require(try await app.deliverMail().first { $0.gatehouseKind == "password_reset" }?.token("/password-reset/complete"))
                let again = try await post(client, "/api/v1/auth/password-reset/complete",
                                           ["token": token, "new_password": "a brand new passphrase", "reissue_two_factor": true])
                #expect(again.status == .badRequest)
                #expect(String(buffer: again.body).contains("recently_cancelled"), "\(String(buffer: again.body))")
            }
            app.clock.advance(by: .seconds(73 * 3600))
            let password = way == "code" ? "a brand new passphrase" : "the owner's own passphrase"
            #expect(try await loginStatus(client, "ivy", password).0 == "second_factor_required")
            #expect(try await events(app).contains("two_factor.reissue_cancelled"))
        }
    }

    @Test("with the backup code the reissue is immediate and uses the code up; a wrong code fails the reset and counts, the link stays good")
    func reissueWithBackupCode() async throws {
        try await withApp { app, client in
            try await app.createAccount("ivy")
            let enrolment = try await enrol(client, app, "ivy")
            _ = try await post(client, "/api/v1/auth/password-reset", ["email": "ivy@example.com"])
            let reset = try #require(try await app.deliverMail().first { $0.gatehouseKind == "password_reset" })
            let token = try #require(reset.token("/password-reset/complete"))
            let wrong = enrolment.backupCode == "AAAA-AAAA" ? "BBBB-BBBB" : "AAAA-AAAA"
            let refused = try await post(client, "/api/v1/auth/password-reset/complete",
                                         ["token": token, "new_password": "a brand new passphrase", "reissue_two_factor": true, "backup_code": wrong])
            #expect(refused.status == .unauthorized)
            #expect(problemCode(refused) == "backup_code_invalid")
            #expect(try await app.dependencies.store.accounts.account(login: "ivy")?.failedAttempts == 1)
            #expect(try await loginStatus(client, "ivy", "correct horse battery").0 == "second_factor_required", "the password did not change")

            let done = try await post(client, "/api/v1/auth/password-reset/complete",
                                      ["token": token, "new_password": "a brand new passphrase", "reissue_two_factor": true,
                                       "backup_code": enrolment.backupCode.lowercased()])
            #expect(done.status == .ok, "\(String(buffer: done.body))")
            #expect(json(done)["two_factor_reissue"] as? Bool == true)
            #expect(json(done)["two_factor_reissue_at"] == nil)
            let (status, pending) = try await loginStatus(client, "ivy")
            #expect(status == "two_factor_setup_required")
            let setup = json(try await post(client, "/api/v1/auth/two-factor/setup", token: pending))
            #expect(setup["secret"] as? String != enrolment.secret)
            let delivered = try await app.deliverMail()
            #expect(delivered.filter { $0.gatehouseKind == "two_factor_reset" }.count == 1)
            let notice = try #require(delivered.first { $0.gatehouseKind == "two_factor_reset" })
            #expect(notice.textBody.contains("was reset together with"), "\(notice.textBody)")
        }
    }

    @Test("the owner cancels a scheduled reissue from a signed-in session or from the mailed link; it then never takes effect", arguments: ["session", "link"])
    func reissueCancelled(via: String) async throws {
        try await withApp { app, client in
            try await app.createAccount("ivy")
            let (_, enrolment, _) = try await resetWithReissue(client, app, "ivy")
            let notice = try #require(try await app.deliverMail().first { $0.gatehouseKind == "two_factor_reissue_scheduled" })
            let cancelToken = try #require(notice.token("/two-factor/reissue/cancel"))
            if via == "session" {
                app.clock.advance(by: .seconds(60))
                let (_, pending) = try await loginStatus(client, "ivy")
                let signedIn = try await post(client, "/api/v1/auth/login/second-factor", ["code": try code(enrolment.secret, app)], token: pending)
                let cancelled = try await post(client, "/api/v1/account/two-factor/reissue/cancel", token: json(signedIn)["token"] as? String)
                #expect(cancelled.status == .noContent)
                // The mailed link died with it.
                #expect(try await app.dependencies.selfService.peekReissueCancellation(token: cancelToken) == false)
            } else {
                let page = try await client.execute(uri: "/two-factor/reissue/cancel?token=\(cancelToken)", method: .get)
                #expect(page.status == .ok)
                #expect(String(buffer: page.body).contains(#"action="/two-factor/reissue/cancel""#))
                #expect(try await app.dependencies.selfService.peekReissueCancellation(token: cancelToken), "a GET consumes nothing")
                try await app.dependencies.selfService.cancelTwoFactorReissue(token: cancelToken, request: RequestInfo())
                await #expect(throws: GatehouseError.self) {
                    try await app.dependencies.selfService.cancelTwoFactorReissue(token: cancelToken, request: RequestInfo())
                }
            }
            app.clock.advance(by: .seconds(73 * 3600))
            #expect(try await loginStatus(client, "ivy").0 == "second_factor_required")
            #expect(try await events(app).contains("two_factor.reissue_cancelled"))
        }
    }

    @Test("the reset page offers the backup code with the reissue: a wrong one is refused on the page, none schedules the reissue and says when")
    func reissueThroughThePage() async throws {
        // The page test's browser comes from the default origin.
        try await withApp(["GATEHOUSE_PUBLIC_URL": "http://127.0.0.1:8080"]) { app, client in
            try await app.createAccount("ivy")
            let enrolment = try await enrol(client, app, "ivy")
            _ = try await post(client, "/api/v1/auth/password-reset", ["email": "ivy@example.com"])
            let link = try #require(try await app.deliverMail().first { $0.gatehouseKind == "password_reset" }?.token("/password-reset/complete"))
            var browser = Browser()
            let page = String(buffer: try await browser.get(client, "/password-reset/complete?token=\(link)").body)
            #expect(page.contains(#"name="reissue_two_factor""#) && page.contains(#"name="backup_code""#))
            let csrf = try #require(Browser.hidden("csrf_token", in: page))
            func submit(_ backupCode: String) async throws -> TestResponse {
                try await browser.post(client, "/password-reset/complete", form: [
                    ("token", link), ("new_password", "a brand new passphrase"), ("new_password_repeat", "a brand new passphrase"),
                    ("reissue_two_factor", "1"), ("backup_code", backupCode), ("csrf_token", csrf)])
            }
            let wrong = try await submit(enrolment.backupCode == "AAAA-AAAA" ? "BBBB-BBBB" : "AAAA-AAAA")
            #expect(wrong.status == .unauthorized)
            #expect(String(buffer: wrong.body).contains(#"name="new_password""#), "the form again, with its error")
            let done = try await submit("")
            #expect(done.status == .ok)
            #expect(String(buffer: done.body).contains("will be set up again after"), "\(String(buffer: done.body))")
            #expect(try await loginStatus(client, "ivy").0 == "second_factor_required")
        }
    }

    @Test("accounts with a platform role are never reissued by a password reset; the link stays unused")
    func reissueRefusedForPlatformRoles() async throws {
        try await withApp { app, client in
            try await app.createAccount("root", roles: [.admin])
            let (refused, _, token) = try await resetWithReissue(client, app, "root")
            #expect(refused.status == .badRequest)
            #expect(String(buffer: refused.body).contains("reissue_two_factor"))
            let page = try await client.execute(uri: "/password-reset/complete?token=\(token)", method: .get)
            #expect(!String(buffer: page.body).contains("reissue_two_factor"), "the page does not offer it")
            let withCode = try await post(client, "/api/v1/auth/password-reset/complete",
                                          ["token": token, "new_password": "a brand new passphrase", "reissue_two_factor": true, "backup_code": "AAAA-AAAA"])
            #expect(withCode.status == .badRequest)
            let done = try await post(client, "/api/v1/auth/password-reset/complete", ["token": token, "new_password": "a brand new passphrase"])
            #expect(done.status == .ok)
            app.clock.advance(by: .seconds(100 * 3600))
            #expect(try await loginStatus(client, "root").0 == "second_factor_required")
        }
    }

    @Test("a wrong code after the right password mails that the password is known, even after a wrong-password alert that hour", arguments: ["en", "ru"])
    func passwordKnownAlert(language: String) async throws {
        try await withApp { app, client in
            let account = try await app.createAccount("quinn")
            _ = try await app.dependencies.store.accounts.setPreferredLanguage(account.id, language == "ru" ? .ru : .en, at: app.clock.now())
            _ = try await enrol(client, app, "quinn")
            let wrongPassword = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders, body: loginBody("quinn", "not the password"))
            #expect(wrongPassword.status == .unauthorized)
            var alerts = try await app.deliverMail().filter { $0.gatehouseKind == "failed_sign_in" }
            #expect(alerts.count == 1)
            #expect(!alerts[0].textBody.contains(language == "ru" ? "правильным паролем" : "correct password"))
            app.clock.advance(by: .seconds(60))
            let (_, pending) = try await login(client, "quinn")
            let wrongCode = try await post(client, "/api/v1/auth/login/second-factor", ["code": "000000"], token: pending)
            #expect(wrongCode.status == .unauthorized)
            alerts = try await app.deliverMail().filter { $0.gatehouseKind == "failed_sign_in" }
            #expect(alerts.count == 1, "not held back by the hourly limit")
            let alert = try #require(alerts.first)
            #expect(alert.subject.hasPrefix(language == "ru" ? "Кто-то знает ваш пароль" : "Someone has your password"), "\(alert.subject)")
            #expect(alert.textBody.contains(language == "ru" ? "Смените пароль" : "Change your password"), "\(alert.textBody)")
        }
    }

    @Test("GET /api/v1/account carries the two-factor state and the accepted consent version")
    func profileCarriesTwoFactorAndConsent() async throws {
        try await withApp { app, client in
            try await app.createAccount("pia")
            let (_, _, token) = try await enrol(client, app, "pia")
            let profile = json(try await get(client, "/api/v1/account", token: token))
            let twoFactor = try #require(profile["two_factor"] as? [String: Any])
            #expect(twoFactor["enabled"] as? Bool == true)
            #expect(twoFactor["required"] as? Bool == true)
            #expect(twoFactor["enabled_at"] is String)
            #expect(twoFactor["reissue_at"] == nil)
            #expect(profile["consent_version"] as? String == app.settings.consentVersion)
            #expect(profile["consent_accepted_at"] is String)
        }
    }

    // MARK: - The account's own authenticator

    @Test("check my code consumes nothing; a new backup code needs a recent sign-in and a code and kills the old one; disabling is refused under policy required")
    func accountManagement() async throws {
        try await withApp { app, client in
            try await app.createAccount("jack")
            let (secret, backup, token) = try await enrol(client, app, "jack")
            _ = try await app.deliverMail()
            app.clock.advance(by: .seconds(60))
            let current = try code(secret, app)
            #expect(json(try await post(client, "/api/v1/account/two-factor/check", ["code": current], token: token))["valid"] as? Bool == true)
            #expect(json(try await post(client, "/api/v1/account/two-factor/check", ["code": current], token: token))["valid"] as? Bool == true, "checking used nothing up")
            #expect(json(try await post(client, "/api/v1/account/two-factor/check", ["code": "000000"], token: token))["valid"] as? Bool == (current == "000000"))

            let regenerated = try await post(client, "/api/v1/account/two-factor/backup-code", ["code": current], token: token)
            #expect(regenerated.status == .ok, "\(String(buffer: regenerated.body))")
            let fresh = try #require(json(regenerated)["backup_code"] as? String)
            #expect(fresh != backup)
            // The code was used up by the regeneration.
            #expect(try await post(client, "/api/v1/account/two-factor/backup-code", ["code": current], token: token).status == .unauthorized)

            app.clock.advance(by: .seconds(6 * 60))
            let stale = try await post(client, "/api/v1/account/two-factor/backup-code", ["code": try code(secret, app)], token: token)
            #expect(stale.status == .forbidden)
            #expect(problemCode(stale) == "reauthentication_required")
            #expect(try await post(client, "/api/v1/account/reauthenticate", ["password": "wrong password!"], token: token).status == .unauthorized)
            #expect(try await post(client, "/api/v1/account/reauthenticate", ["password": "correct horse battery"], token: token).status == .noContent)
            let again = try await post(client, "/api/v1/account/two-factor/backup-code", ["code": try code(secret, app)], token: token)
            #expect(again.status == .ok)
            let newest = try #require(json(again)["backup_code"] as? String)

            let (_, pending) = try await login(client, "jack")
            #expect(try await post(client, "/api/v1/auth/login/second-factor", ["backup_code": fresh], token: pending).status == .unauthorized)
            #expect(try await post(client, "/api/v1/auth/login/second-factor", ["backup_code": newest], token: pending).status == .ok)

            app.clock.advance(by: .seconds(30))
            let disable = try await post(client, "/api/v1/account/two-factor/disable", ["code": try code(secret, app)], token: token)
            #expect(disable.status == .forbidden)
            // Starting a new setup while active needs a current code.
            #expect(try await post(client, "/api/v1/account/two-factor/setup", token: token).status == .badRequest)
            let kinds = try await app.deliverMail().map(\.gatehouseKind)
            #expect(kinds.filter { $0 == "backup_code_regenerated" }.count == 2)
            let types = try await events(app)
            #expect(types.contains("two_factor.backup_code_regenerated") && types.contains("session.reauthenticated"))
        }
    }

    @Test("under policy optional: set up from the account, replace with a current code, turn off with a recent sign-in and a code")
    func optionalPolicy() async throws {
        try await withApp(["GATEHOUSE_TWO_FACTOR": "optional"]) { app, client in
            let account = try await app.createAccount("kim")
            let (status, token) = try await login(client, "kim")
            #expect(status == "authenticated", "no enrolment step under policy optional")
            let first = json(try await client.execute(uri: "/api/v1/account/two-factor/setup", method: .post, headers: [.authorization: "Bearer \(token)"]))
            let secret = try #require(first["secret"] as? String)
            #expect(json(try await post(client, "/api/v1/account/two-factor/check", ["code": try code(secret, app)], token: token))["valid"] as? Bool == true,
                    "check works against a pending setup")
            let confirmed = try await post(client, "/api/v1/account/two-factor/confirm", ["code": try code(secret, app)], token: token)
            #expect(confirmed.status == .ok)
            #expect(try await app.dependencies.store.accounts.account(id: account.id)?.twoFactor.isEnabled == true)
            #expect(try await login(client, "kim").0 == "second_factor_required")

            app.clock.advance(by: .seconds(30))
            let replacement = json(try await post(client, "/api/v1/account/two-factor/setup", ["code": try code(secret, app)], token: token))
            let secret2 = try #require(replacement["secret"] as? String)
            #expect(secret2 != secret)
            #expect(try await post(client, "/api/v1/account/two-factor/confirm", ["code": try code(secret2, app)], token: token).status == .ok)

            app.clock.advance(by: .seconds(30))
            #expect(try await post(client, "/api/v1/account/two-factor/disable", ["code": try code(secret, app)], token: token).status == .unauthorized,
                    "the replaced secret's codes are dead")
            let off = try await post(client, "/api/v1/account/two-factor/disable", ["code": try code(secret2, app)], token: token)
            #expect(off.status == .noContent, "\(String(buffer: off.body))")
            #expect(try await app.dependencies.store.accounts.account(id: account.id)?.twoFactor.isEnabled == false)
            #expect(try await login(client, "kim").0 == "authenticated")
            let mails = try await app.deliverMail()
            #expect(mails.filter { $0.gatehouseKind == "two_factor_enabled" }.map(\.subject)
                    == ["Two-factor authentication was turned on — Gatehouse", "Your authenticator app was changed — Gatehouse"])
            #expect(mails.map(\.gatehouseKind).contains("two_factor_disabled"))
            #expect(try await events(app).contains("two_factor.disabled"))
        }
    }

    @Test("an administrator's reset turns TOTP off, ends the user's sessions, mails and audits; the next sign-in enrols anew")
    func adminReset() async throws {
        try await withApp { app, client in
            let admin = try await app.createAccount("root", roles: [.admin])
            let (adminSecret, _, adminToken) = try await enrol(client, app, "root")
            _ = adminSecret
            let user = try await app.createAccount("lena")
            let (_, _, userToken) = try await enrol(client, app, "lena")
            _ = try await app.deliverMail()
            let reset = try await post(client, "/api/v1/admin/users/\(user.id.rawValue)/reset-two-factor", token: adminToken)
            #expect(reset.status == .noContent)
            #expect(try await get(client, "/api/v1/auth/check", token: userToken).status == .unauthorized)
            #expect(try await login(client, "lena").0 == "two_factor_setup_required")
            let mail = try await app.deliverMail().filter { $0.gatehouseKind == "two_factor_reset" }
            #expect(mail.first?.to.map(\.address) == ["lena@example.com"])
            let event = try #require(try await app.dependencies.store.auditLog.records(after: 0, limit: 10_000).last { $0.type == .twoFactorReset })
            #expect(event.actorID == admin.id && event.subjectID == user.id && event.details.contains(#""reason":"administrator""#))
            #expect(try await post(client, "/api/v1/admin/users/\(user.id.rawValue)/reset-two-factor", token: userToken).status != .noContent)
        }
    }

    // MARK: - Another sign-in with the same password

    @Test("a sign-in waiting at consent while the owner turns TOTP on elsewhere is sent to the second factor, not signed in")
    func laterEnrolmentIsOwed() async throws {
        try await withApp(["GATEHOUSE_TWO_FACTOR": "optional"]) { app, client in
            try await app.createAccount("vera", consented: false)
            let (waiting, other) = try await login(client, "vera")
            #expect(waiting == "consent_required")
            let (_, first) = try await login(client, "vera")
            let owner = try #require(json(try await post(client, "/api/v1/auth/consent", ["version": "1", "accept": true], token: first))["token"] as? String)
            let setup = json(try await post(client, "/api/v1/account/two-factor/setup", token: owner))
            let secret = try #require(setup["secret"] as? String)
            #expect(try await post(client, "/api/v1/account/two-factor/confirm", ["code": try code(secret, app)], token: owner).status == .ok)

            let answer = json(try await post(client, "/api/v1/auth/consent", ["version": "1", "accept": true], token: other))
            #expect(answer["status"] as? String == "second_factor_required")
            let next = try #require(answer["token"] as? String)
            #expect(try await get(client, "/api/v1/account/two-factor", token: next).status != .ok)
            app.clock.advance(by: .seconds(30))
            let done = json(try await post(client, "/api/v1/auth/login/second-factor", ["code": try code(secret, app)], token: next))
            #expect(done["status"] as? String == "authenticated")
        }
    }

    @Test("two sign-ins at enrolment get different keys; one cannot confirm the other's, nor enrol over an authenticator set up meanwhile",
          arguments: StoreBackend.allCases)
    func enrolmentBelongsToItsSession(backend: StoreBackend) async throws {
        try await withApp(backend: backend) { app, client in
            let account = try await app.createAccount("walt")
            let (_, first) = try await login(client, "walt")
            let (_, second) = try await login(client, "walt")
            let firstSecret = try #require(json(try await post(client, "/api/v1/auth/two-factor/setup", token: first))["secret"] as? String)
            let secondSecret = try #require(json(try await post(client, "/api/v1/auth/two-factor/setup", token: second))["secret"] as? String)
            #expect(firstSecret != secondSecret, "the pending key is not handed to another sign-in")
            // The second setup replaced the first; the first sign-in's key is no longer waiting.
            let stale = try await post(client, "/api/v1/auth/two-factor/confirm", ["code": try code(firstSecret, app)], token: first)
            #expect(stale.status == .unprocessableContent || stale.status == .badRequest, "\(stale.status)")
            let enrolled = try await post(client, "/api/v1/auth/two-factor/confirm", ["code": try code(secondSecret, app)], token: second)
            #expect(json(enrolled)["status"] as? String == "authenticated")

            // The first sign-in, still at enrolment, can neither get a key nor confirm one now.
            #expect(try await post(client, "/api/v1/auth/two-factor/setup", token: first).status == .unauthorized)
            #expect(try await post(client, "/api/v1/auth/two-factor/confirm", ["code": try code(secondSecret, app)], token: first).status == .unauthorized)
            let stored = try #require(try await app.dependencies.store.accounts.account(id: account.id))
            #expect(stored.twoFactor.isEnabled && stored.twoFactor.pendingSecret == nil)
            app.clock.advance(by: .seconds(30))
            let (status, later) = try await login(client, "walt")
            #expect(status == "second_factor_required")
            #expect(try await post(client, "/api/v1/auth/login/second-factor", ["code": try code(secondSecret, app)], token: later).status == .ok,
                    "the authenticator is still the one the second sign-in set up")
        }
    }

    @Test("changing the authenticator from the account needs a recent password; the unconfirmed key is shown to no one else and expires")
    func accountChangeNeedsRecentPassword() async throws {
        try await withApp(["GATEHOUSE_TWO_FACTOR": "optional"]) { app, client in
            try await app.createAccount("xena")
            let (_, session) = try await login(client, "xena")
            app.clock.advance(by: .seconds(301))
            let late = try await post(client, "/api/v1/account/two-factor/setup", token: session)
            #expect(late.status == .forbidden && problemCode(late) == "reauthentication_required")
            #expect(try await post(client, "/api/v1/account/reauthenticate", ["password": "correct horse battery"], token: session).status == .noContent)
            let secret = try #require(json(try await post(client, "/api/v1/account/two-factor/setup", token: session))["secret"] as? String)
            app.clock.advance(by: .seconds(301))
            let lateConfirm = try await post(client, "/api/v1/account/two-factor/confirm", ["code": try code(secret, app)], token: session)
            #expect(problemCode(lateConfirm) == "reauthentication_required")
            // Another signed-in session of the same person cannot confirm this session's key.
            let (_, other) = try await login(client, "xena")
            let foreign = try await post(client, "/api/v1/account/two-factor/confirm", ["code": try code(secret, app)], token: other)
            #expect(problemCode(foreign) == "validation_failed")
            // After pendingLifetime (1 h from the setup) the key is gone even for its own session.
            app.clock.advance(by: .seconds(3300))
            #expect(try await post(client, "/api/v1/account/reauthenticate", ["password": "correct horse battery"], token: session).status == .noContent)
            let expired = try await post(client, "/api/v1/account/two-factor/confirm", ["code": try code(secret, app)], token: session)
            #expect(problemCode(expired) == "validation_failed")
            #expect(try await post(client, "/api/v1/account/two-factor/check", ["code": try code(secret, app)], token: session).status != .ok)
        }
    }

    // MARK: - Consent

    @Test("declining signs out; a new agreement version asks everyone again before anything else")
    func consentVersions() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let environment = Self.environment.merging(["GATEHOUSE_TWO_FACTOR": "optional"]) { $1 }
            let app = try await TestApp.make(store, environment: environment)
            try await Application(router: app.routes().router).test(.router) { client in
                let account = try await app.createAccount("mira", consented: false)
                let (status, pending) = try await login(client, "mira")
                #expect(status == "consent_required")
                let declined = try await post(client, "/api/v1/auth/consent", ["version": "1", "accept": false], token: pending)
                #expect(declined.status == .noContent)
                #expect(try await get(client, "/api/v1/auth/session", token: pending).status == .unauthorized)
                let (_, again) = try await login(client, "mira")
                #expect(json(try await post(client, "/api/v1/auth/consent", ["version": "1", "accept": true], token: again))["status"] as? String == "authenticated")
                #expect(try await login(client, "mira").0 == "authenticated")
                let types = try await events(app)
                #expect(types.contains("consent.declined") && types.contains("consent.accepted"))
                _ = account
            }
            // Version 2 of the agreement: asked again.
            let updated = try await TestApp.make(store, environment: environment.merging(["GATEHOUSE_CONSENT_VERSION": "2"]) { $1 })
            try await Application(router: updated.routes().router).test(.router) { client in
                let status = try await login(client, "mira").0
                #expect(status == "consent_required")
            }
        }
    }

    @Test("consent files replace the built-in agreement")
    func consentFiles() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-consent-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let english = directory.appendingPathComponent("en.md")
        try Data("# Our agreement\n\nWe process your data carefully.".utf8).write(to: english)
        try await withApp(["GATEHOUSE_CONSENT_FILE_EN": english.path, "GATEHOUSE_CONSENT_VERSION": "2026-11"]) { app, client in
            try await app.createAccount("nora", consented: false)
            let (_, pending) = try await login(client, "nora")
            let agreement = json(try await client.execute(uri: "/api/v1/auth/consent?lang=ru", method: .get, headers: [.authorization: "Bearer \(pending)"]))
            #expect(agreement["version"] as? String == "2026-11")
            #expect(agreement["text"] as? String == "# Our agreement\n\nWe process your data carefully.", "only English configured: Russian shows it too")
        }
    }

    // MARK: - An independent implementation

    @Test("codes from Debian's oathtool enrol and sign in")
    func oathtoolCodes() async throws {
        try await withApp { app, client in
            try await app.createAccount("olga")
            func oathtool(_ secret: String) throws -> String {
                let formatter = ISO8601DateFormatter()
                let result = try ExternalTools.run("/usr/bin/oathtool", ["--totp", "--base32", "--now", formatter.string(from: app.clock.now()), secret])
                #expect(result.status == 0, "oathtool: \(result.output) (apt install oathtool)")
                return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let (_, pending) = try await login(client, "olga")
            let secret = try #require(json(try await post(client, "/api/v1/auth/two-factor/setup", token: pending))["secret"] as? String)
            let confirmed = try await post(client, "/api/v1/auth/two-factor/confirm", ["code": try oathtool(secret)], token: pending)
            #expect(json(confirmed)["status"] as? String == "authenticated")
            app.clock.advance(by: .seconds(30))
            let (_, next) = try await login(client, "olga")
            #expect(json(try await post(client, "/api/v1/auth/login/second-factor", ["code": try oathtool(secret)], token: next))["status"] as? String == "authenticated")
        }
    }
}
