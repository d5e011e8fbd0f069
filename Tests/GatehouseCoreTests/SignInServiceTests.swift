import Foundation
import GatehouseCore
import GatehouseTestSupport
import Testing

@Suite("Sign-in")
struct SignInServiceTests {
    let request = RequestInfo(ip: IPAddress("192.0.2.10"), userAgent: "tests/1.0", requestID: "req-1")

    func expectInvalidCredentials(_ fixture: SignInFixture, _ login: String, _ password: String) async {
        do {
            _ = try await fixture.service.login(login, password: password, request: request)
            Issue.record("sign-in with \(login) succeeded")
        } catch let error as GatehouseError {
            #expect(error == GatehouseError(.invalidCredentials))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("a correct password by username or email signs in and issues a 256-bit token stored only as its hash")
    func success() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let fixture = try await SignInFixture.make(store)
            let account = try await fixture.createAccount("alice")
            let result = try await fixture.service.login("ALICE@example.com", password: "correct horse battery", request: request)
            #expect(result.session.status == .authenticated)
            #expect(result.account.id == account.id)
            #expect(SecretToken.isWellFormed(result.token))
            #expect(result.session.tokenHash == SecretToken.hash(result.token))
            #expect(result.session.tokenHash != result.token)
            #expect(fixture.hasher.verifications == 1)
            guard case .valid(let record) = try await fixture.service.authenticate(token: result.token) else {
                Issue.record("the new token does not authenticate"); return
            }
            #expect(record.account.id == account.id)
            #expect(try await fixture.service.login("alice", password: "correct horse battery", request: request).token != result.token)
        }
    }

    @Test("unknown, wrong, locked and disabled all answer invalid_credentials after exactly one verification")
    func indistinguishableFailures() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let fixture = try await SignInFixture.make(store, configuration: SignInConfiguration(lockoutThreshold: 2))
            try await fixture.createAccount("bob")
            try await fixture.createAccount("carol")
            try await fixture.createAccount("dave")

            fixture.hasher.reset()
            await expectInvalidCredentials(fixture, "nobody", "correct horse battery")
            #expect(fixture.hasher.verifications == 1, "unknown account")

            fixture.hasher.reset()
            await expectInvalidCredentials(fixture, "bob", "wrong password")
            #expect(fixture.hasher.verifications == 1, "wrong password")

            await expectInvalidCredentials(fixture, "carol", "wrong one")
            await expectInvalidCredentials(fixture, "carol", "wrong two")
            #expect(try await store.accounts.account(login: "carol")?.isLocked == true)
            fixture.hasher.reset()
            await expectInvalidCredentials(fixture, "carol", "correct horse battery")
            #expect(fixture.hasher.verifications == 1, "locked account")

            _ = try await fixture.administration.disable("dave")
            fixture.hasher.reset()
            await expectInvalidCredentials(fixture, "dave", "correct horse battery")
            #expect(fixture.hasher.verifications == 1, "disabled account")
        }
    }

    @Test("30 parallel wrong passwords lock the account after exactly the threshold", arguments: StoreBackend.allCases)
    func parallelLockout(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let fixture = try await SignInFixture.make(store)
            let account = try await fixture.createAccount("erin")
            let service = fixture.service
            let request = self.request
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<30 {
                    group.addTask { _ = try? await service.login("erin", password: "wrong \(index)", request: request) }
                }
            }
            let after = try #require(try await store.accounts.account(id: account.id))
            #expect(after.isLocked)
            #expect(after.failedAttempts == 30)
            let log = try await store.auditLog.records(after: 0, limit: 1000)
            #expect(log.filter { $0.type == .accountLocked }.count == 1, "locked exactly once")
            #expect(log.filter { $0.type == .loginFailed }.count == 30)
            // Locking blocks new sign-ins even with the right password.
            await expectInvalidCredentials(fixture, "erin", "correct horse battery")
        }
    }

    @Test("a successful sign-in resets the failure count; unlock clears the lock without ending sessions")
    func resetAndUnlock() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let fixture = try await SignInFixture.make(store)
            let account = try await fixture.createAccount("frank")
            let session = try await fixture.service.login("frank", password: "correct horse battery", request: request)
            await expectInvalidCredentials(fixture, "frank", "nope")
            await expectInvalidCredentials(fixture, "frank", "nope")
            #expect(try await store.accounts.account(id: account.id)?.failedAttempts == 2)
            _ = try await fixture.service.login("frank", password: "correct horse battery", request: request)
            #expect(try await store.accounts.account(id: account.id)?.failedAttempts == 0)
            for _ in 0..<3 { await expectInvalidCredentials(fixture, "frank", "nope") }
            #expect(try await store.accounts.account(id: account.id)?.isLocked == true)
            guard case .valid = try await fixture.service.authenticate(token: session.token) else {
                Issue.record("locking ended an existing session"); return
            }
            _ = try await fixture.administration.unlock("frank")
            #expect(try await fixture.service.login("frank", password: "correct horse battery", request: request).session.status == .authenticated)
        }
    }

    @Test("an unverified address leaves the sign-in pending; a pending sign-in does not reset the failure count")
    func pendingDoesNotReset() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let fixture = try await SignInFixture.make(store)
            let account = try await fixture.createAccount("gina", verified: false)
            await expectInvalidCredentials(fixture, "gina", "nope")
            let result = try await fixture.service.login("gina", password: "correct horse battery", request: request)
            #expect(result.session.status == .emailVerificationRequired)
            #expect(try await store.accounts.account(id: account.id)?.failedAttempts == 1)
        }
    }

    @Test("sessions end after the idle timeout and after their absolute lifetime")
    func expiry() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let policy = SessionPolicy(idleTimeout: .seconds(3600), absoluteLifetime: .seconds(4 * 3600))
            let fixture = try await SignInFixture.make(store, configuration: SignInConfiguration(sessions: policy))
            try await fixture.createAccount("hana")
            let idle = try await fixture.service.login("hana", password: "correct horse battery", request: request)
            fixture.clock.advance(by: .seconds(3599))
            guard case .valid = try await fixture.service.authenticate(token: idle.token) else { Issue.record("ended early"); return }
            // Sliding: that request counted as activity.
            fixture.clock.advance(by: .seconds(3599))
            guard case .valid = try await fixture.service.authenticate(token: idle.token) else { Issue.record("not sliding"); return }
            fixture.clock.advance(by: .seconds(3600))
            #expect(try await fixture.service.authenticate(token: idle.token) == .ended(.idle))
            #expect(try await fixture.service.authenticate(token: idle.token) == .ended(.idle), "kept (refused) so the sign-in page can say why")
            let sweeper = SessionSweeper(store: store, trail: TestStores.trail(clock: fixture.clock), policy: policy, clock: fixture.clock, cache: nil)
            #expect(try await sweeper.sweep() == 0, "within the retention")
            fixture.clock.advance(by: policy.endedRetention)
            #expect(try await sweeper.sweep() == 1)
            #expect(try await fixture.service.authenticate(token: idle.token) == .none, "swept")
            let events = try await store.auditLog.records(after: 0, limit: 100).filter { $0.type == .sessionsExpired }
            #expect(events.count == 1)
            #expect(events.first?.details.contains(#""count":"1""#) == true)

            let long = try await fixture.service.login("hana", password: "correct horse battery", request: request)
            for _ in 0..<4 {
                fixture.clock.advance(by: .seconds(3000))
                _ = try await fixture.service.authenticate(token: long.token)
            }
            // 12,000 s of activity, then 2,500 s more: active, but past the 4 h absolute lifetime.
            fixture.clock.advance(by: .seconds(2500))
            #expect(try await fixture.service.authenticate(token: long.token) == .ended(.expired))
        }
    }

    @Test("last-seen is written at most once a minute per session")
    func touchThrottle() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let fixture = try await SignInFixture.make(store)
            try await fixture.createAccount("ivan")
            let result = try await fixture.service.login("ivan", password: "correct horse battery", request: request)
            let start = result.session.lastSeenAt
            fixture.clock.advance(by: .seconds(30))
            _ = try await fixture.service.authenticate(token: result.token)
            #expect(try await store.sessions.session(id: result.session.id)?.lastSeenAt == start)
            fixture.clock.advance(by: .seconds(31))
            _ = try await fixture.service.authenticate(token: result.token)
            #expect(try await store.sessions.session(id: result.session.id)?.lastSeenAt == fixture.clock.now())
        }
    }

    @Test("with a touch queue, authenticating writes nothing: the last-seen time waits for the background flush")
    func touchesOffThePath() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let fixture = try await SignInFixture.make(store)
            let touches = SessionTouches()
            let base = fixture.service
            let service = try await SignInService(store: store, hasher: base.hasher, trail: base.trail, limiter: base.limiter, keys: base.keys,
                                                  clock: base.clock, random: base.random, configuration: base.configuration, cache: base.cache,
                                                  touches: touches)
            try await fixture.createAccount("ivan")
            let result = try await service.login("ivan", password: "correct horse battery", request: request)
            let start = result.session.lastSeenAt
            fixture.clock.advance(by: .seconds(61))
            let recording = RecordingStore(store)
            _ = try await SignInService(store: recording, hasher: base.hasher, trail: base.trail, limiter: base.limiter, keys: base.keys,
                                        clock: base.clock, random: base.random, configuration: base.configuration, cache: base.cache,
                                        touches: touches).authenticate(token: result.token)
            #expect(!recording.calls.contains { $0.contains("touch") }, "\(recording.calls)")
            #expect(touches.count == 1)
            #expect(try await store.sessions.session(id: result.session.id)?.lastSeenAt == start)
            #expect(try await touches.flush(to: store, touchInterval: .seconds(60)) == 1)
            #expect(try await store.sessions.session(id: result.session.id)?.lastSeenAt == fixture.clock.now())
            #expect(touches.count == 0)
        }
    }

    @Test("logout and disabling end sessions at once, the cached forward-auth lookup included")
    func logoutAndDisable() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let fixture = try await SignInFixture.make(store)
            try await fixture.createAccount("jo")
            let first = try await fixture.service.login("jo", password: "correct horse battery", request: request)
            let second = try await fixture.service.login("jo", password: "correct horse battery", request: request)
            guard case .valid(let record) = try await fixture.service.authenticate(token: first.token, useCache: true) else {
                Issue.record("no session"); return
            }
            _ = try await fixture.service.authenticate(token: second.token, useCache: true)
            try await fixture.service.logout(record, request: request)
            #expect(try await fixture.service.authenticate(token: first.token, useCache: true) == .none)
            _ = try await fixture.administration.disable("jo")
            #expect(try await fixture.service.authenticate(token: second.token, useCache: true) == .none)
            #expect(try await store.sessions.list(accountID: record.account.id).isEmpty)
        }
    }

    @Test("the login rate limits refuse with a retry delay and refused attempts do not count")
    func rateLimits() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let configuration = SignInConfiguration(lockoutThreshold: 3, loginPerIP: RateLimit(count: 10, window: .seconds(60)),
                                                    loginPerAccount: RateLimit(count: 2, window: .seconds(300)))
            let fixture = try await SignInFixture.make(store, configuration: configuration)
            let account = try await fixture.createAccount("kim")
            await expectInvalidCredentials(fixture, "kim", "one")
            await expectInvalidCredentials(fixture, "kim", "two")
            do {
                _ = try await fixture.service.login("kim", password: "three", request: request)
                Issue.record("not limited")
            } catch let limited as RateLimited {
                #expect(limited.retryAfter > 0 && limited.retryAfter <= 150)
            }
            #expect(try await store.accounts.account(id: account.id)?.failedAttempts == 2)
            #expect(fixture.hasher.verifications == 2, "a refused attempt does no password work")
            // Unknown identifiers are limited the same way.
            for _ in 0..<2 { await expectInvalidCredentials(fixture, "ghost", "x") }
            await #expect(throws: RateLimited.self) { _ = try await fixture.service.login("ghost", password: "x", request: request) }
            fixture.clock.advance(by: .seconds(300))
            #expect(try await fixture.service.login("kim", password: "correct horse battery", request: request).session.status == .authenticated)
        }
    }

    @Test("rotating /64s inside one IPv6 /48 stays in one budget, and a global budget bounds every client together")
    func networkAndGlobalBudgets() async throws {
        try await TestStores.withStore(.sqlite) { store in
            var configuration = SignInConfiguration(lockoutThreshold: 1000, loginPerIP: RateLimit(count: 100, window: .seconds(60)))
            configuration.loginPerNetwork = RateLimit(count: 3, window: .seconds(60))
            configuration.loginGlobal = RateLimit(count: 6, window: .seconds(60))
            let fixture = try await SignInFixture.make(store, configuration: configuration)
            func attempt(_ ip: String) async throws {
                _ = try? await fixture.service.login("user\(ip.count)", password: "x", request: RequestInfo(ip: IPAddress(ip)))
            }
            for block in 1...3 { try await attempt("2001:db8:7:\(block)::1") }
            fixture.hasher.reset()
            await #expect(throws: RateLimited.self) {
                _ = try await fixture.service.login("user", password: "x", request: RequestInfo(ip: IPAddress("2001:db8:7:4::1")))
            }
            #expect(fixture.hasher.verifications == 0, "the fourth /64 of the /48 does no password work")
            // Another /48 and IPv4 clients have budgets of their own, until the global one (6) runs out.
            try await attempt("2001:db8:8::1")
            // Attempts a client's own limits refuse do not use up the global budget.
            for _ in 0..<5 { try await attempt("2001:db8:7:5::1") }
            try await attempt("192.0.2.1")
            try await attempt("203.0.113.1")
            await #expect(throws: RateLimited.self) {
                _ = try await fixture.service.login("user", password: "x", request: RequestInfo(ip: IPAddress("198.51.100.1")))
            }
        }
    }

    @Test("failed sign-ins are audited without the typed identifier; the chain verifies and detects tampering", arguments: StoreBackend.allCases)
    func auditTrail(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let fixture = try await SignInFixture.make(store)
            try await fixture.createAccount("lena")
            await expectInvalidCredentials(fixture, "my-secret-typo-password", "x")
            _ = try await fixture.service.login("lena", password: "correct horse battery", request: request)
            let records = try await store.auditLog.records(after: 0, limit: 100)
            #expect(records.map(\.type) == [.accountCreated, .loginFailed, .loginSucceeded, .sessionCreated])
            #expect(records[3].details.contains(#""status":"authenticated""#))
            let failed = records[1]
            #expect(failed.subjectID == nil)
            #expect(failed.personal.identifierHash == TestStores.keys.mac(.auditIdentifier, "my-secret-typo-password"))
            #expect(!failed.details.contains("my-secret"))
            #expect(failed.details.contains("unknown_account"))
            #expect(failed.personal.ip == "192.0.2.10")
            #expect(failed.requestID == "req-1")
            let trail = TestStores.trail()
            let verified = try await trail.verify(store)
            #expect(verified.checked == 4)
            #expect(verified.problem == nil)
        }
    }
}
