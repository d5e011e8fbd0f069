import Foundation
import GatehouseCore
@_spi(Testing) import GatehouseStorage
@_spi(Testing) import GatehouseTestSupport
import HTTPTypes
import Hummingbird
import Synchronization
import HummingbirdTesting
import Testing
import TOTP

/// No statement on a request path reads a whole table: every statement that sign-in, the check,
/// two-factor, sessions, tokens, self-service, administration, the outbox and the sweeper send is
/// replayed under `EXPLAIN` on the same database (`QueryPlans`).
@Suite("Query plans")
struct QueryPlanTests {
    static let environment = [
        "GATEHOUSE_PUBLIC_URL": "https://id.example.org", "GATEHOUSE_LOCKOUT_THRESHOLD": "2",
        "GATEHOUSE_RATE_LIMIT_SECOND_FACTOR_PER_IP": "1000/60",
    ]

    func send(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, _ object: [String: Any]? = nil,
              token: String? = nil) async throws -> TestResponse {
        try await client.execute(uri: path, method: method, headers: token.map(bearer) ?? jsonHeaders, body: object.map(body))
    }

    func signIn(_ client: any TestClientProtocol, _ login: String) async throws -> String {
        let answer = json(try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders, body: loginBody(login, "correct horse battery")))
        #expect(answer["status"] as? String == "authenticated", "\(answer)")
        return answer["token"] as? String ?? ""
    }

    @Test("every statement of the request paths, the outbox and the sweeper uses an index (EXPLAIN on both databases)", arguments: StoreBackend.allCases)
    func noFullScans(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store, location in
            let app = try await TestApp.make(store, environment: Self.environment)
            let admin = try await app.createAccount("root", roles: [.admin])
            let alice = try await app.createAccount("alice")
            let bob = try await app.createAccount("bob")
            let capture = QueryCapture()
            let statuses = Mutex<[String: Int]>([:])
            try await QueryCapture.$current.withValue(capture) {
                try await Application(router: app.routes().router).test(.router) { client in
                    func call(_ method: HTTPRequest.Method, _ path: String, _ object: [String: Any]? = nil, token: String? = nil) async throws -> [String: Any] {
                        let response = try await send(client, method, path, object, token: token)
                        statuses.withLock { $0["\(method) \(path)"] = Int(response.status.code) }
                        return json(response)
                    }
                    // A person: sign-in, the check, their account, sessions, events, a token, two-factor.
                    let token = try await signIn(client, "alice")
                    _ = try await call(.get, "/api/v1/auth/check", token: token)
                    _ = try await call(.get, "/api/v1/auth/session", token: token)
                    _ = try await call(.get, "/api/v1/account", token: token)
                    let sessions = try await call(.get, "/api/v1/account/sessions", token: token)
                    _ = try await call(.get, "/api/v1/account/security-events", token: token)
                    _ = try await call(.get, "/api/v1/account/two-factor", token: token)
                    _ = try await call(.post, "/api/v1/account/reauthenticate", ["password": "correct horse battery"], token: token)
                    let created = try await call(.post, "/api/v1/account/tokens", [
                        "name": "ci", "permission_group": "read_only",
                        "expires_at": ISO8601DateFormatter().string(from: app.clock.now().addingTimeInterval(86400)),
                    ], token: token)
                    if let apiToken = created["token"] as? String {
                        _ = try await call(.get, "/api/v1/auth/check", token: apiToken)
                        _ = try await call(.get, "/api/v1/account/tokens", token: token)
                    }
                    let setup = try await call(.post, "/api/v1/account/two-factor/setup", token: token)
                    if let secret = setup["secret"] as? String {
                        let code = try TOTP(secret: TOTPSecret(base32: secret)).code(at: app.clock.now())
                        _ = try await call(.post, "/api/v1/account/two-factor/confirm", ["code": code], token: token)
                        app.clock.advance(by: .seconds(30))
                        let pending = json(try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders,
                                                                  body: loginBody("alice", "correct horse battery")))["token"] as? String ?? ""
                        let next = try TOTP(secret: TOTPSecret(base32: secret)).code(at: app.clock.now())
                        _ = try await call(.post, "/api/v1/auth/login/second-factor", ["code": next], token: pending)
                    }
                    let second = try await signIn(client, "bob")
                    if let other = (sessions["sessions"] as? [[String: Any]])?.first?["id"] as? String {
                        _ = try await call(.delete, "/api/v1/account/sessions/\(other)", token: token)
                    }
                    _ = try await call(.post, "/api/v1/account/sessions/revoke-others", token: second)
                    _ = try await call(.post, "/api/v1/auth/logout", token: second)

                    // Wrong passwords to a lockout, a reset link by mail, the outbox sending it.
                    for _ in 0..<3 {
                        _ = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders, body: loginBody("bob", "wrong password here"))
                    }
                    _ = try await call(.post, "/api/v1/auth/password-reset", ["email": "bob@example.com"])
                    _ = try await call(.post, "/api/v1/auth/password-reset", ["email": "nobody@example.com"])
                    _ = try await app.deliverMail()

                    // An administrator: search, a user, unlock, roles, the audit log, organisations.
                    let root = try await signIn(client, "root")
                    _ = try await call(.get, "/api/v1/admin/users?query=al", token: root)
                    _ = try await call(.get, "/api/v1/admin/users?query=zz", token: root)
                    _ = try await call(.get, "/api/v1/admin/users", token: root)
                    _ = try await call(.get, "/api/v1/admin/users/\(bob.id.rawValue)", token: root)
                    _ = try await call(.post, "/api/v1/admin/users/\(bob.id.rawValue)/unlock", token: root)
                    _ = try await call(.get, "/api/v1/admin/audit", token: root)
                    _ = try await call(.get, "/api/v1/admin/audit?subject=\(alice.id.rawValue)", token: root)
                    _ = try await call(.get, "/api/v1/admin/audit?type=login.succeeded", token: root)
                    _ = try await call(.get, "/api/v1/admin/audit?actor=\(admin.id.rawValue)", token: root)
                    _ = try await call(.post, "/api/v1/access-requests", ["name": "Olga", "email": "olga@example.com", "message": "Let me in, please."])
                    _ = try await app.deliverMail()
                    _ = try await call(.get, "/api/v1/admin/organizations", token: root)
                    _ = try await call(.get, "/api/v1/admin/access-requests", token: root)
                    _ = try await call(.get, "/api/v1/account", token: root)
                }
                // Background work every instance does: touching sessions, sweeping expired ones.
                _ = try await app.dependencies.signIn.touches?.flush(to: store, touchInterval: .seconds(0))
                app.clock.advance(by: .seconds(400 * 86400))
                let sweeper = SessionSweeper(store: store, trail: app.dependencies.signIn.trail, policy: app.dependencies.signIn.configuration.sessions,
                                             clock: app.clock, cache: nil)
                _ = try await sweeper.sweep()
            }
            // Every call succeeded, so its statements were all sent (a refused call stops early).
            let refused = statuses.withLock { $0.filter { !(200..<300).contains($0.value) } }
            #expect(refused.isEmpty, "\(refused)")
            #expect(statuses.withLock { $0.count } > 25)
            let (checked, findings) = try await QueryPlans.fullScans(capture.captured, at: location)
            #expect(checked > 45, "only \(checked) distinct statements were captured")
            #expect(findings.isEmpty, "\(findings.count) of \(checked) statements read a whole table:\n\(findings.map(\.description).joined(separator: "\n\n"))")
        }
    }
}
