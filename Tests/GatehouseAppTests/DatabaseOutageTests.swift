import ChildProcesses
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GatehouseTestSupport
import Testing

/// The database goes away under a running server and comes back: requests that need it answer 503
/// `service_unavailable` with Retry-After within `database.timeout` instead of hanging, the forward-auth
/// check never answers 200 for a session it could not verify, and service resumes by itself.
@Suite("Database outages", .serialized)
struct DatabaseOutageTests {
    struct Answer {
        let status: Int
        let body: String
        let retryAfter: String?
        let seconds: Double
    }

    /// No cookies: every call carries only the bearer token it is given.
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        return URLSession(configuration: configuration)
    }()

    static func call(_ method: String, _ url: String, json: String? = nil, bearer: String? = nil) async -> Answer {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.timeoutInterval = 60
        if let bearer { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let started = ContinuousClock.now
        let answer = try? await session.data(for: request)
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let response = answer?.1 as? HTTPURLResponse
        return Answer(status: response?.statusCode ?? 0, body: answer.map { String(decoding: $0.0, as: UTF8.self) } ?? "",
                      retryAfter: response?.value(forHTTPHeaderField: "Retry-After"), seconds: seconds)
    }

    static func token(_ answer: Answer) -> String {
        ((try? JSONSerialization.jsonObject(with: Data(answer.body.utf8))) as? [String: Any])?["token"] as? String ?? ""
    }

    @Test("PostgreSQL stopped under a running server: sign-in, the check and readiness answer 503 with Retry-After within database.timeout; started again, everything works without a restart and the audit chain is intact")
    func postgresStopsAndStarts() async throws {
        let postgres = try await OwnPostgres.start()
        defer { postgres.destroy() }
        try await TestStores.withTemporaryDirectory { dir in
            let key = Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
            let environment = [
                "PATH": "/usr/bin:/bin", "GATEHOUSE_DATA_DIR": dir, "GATEHOUSE_DATABASE_URL": postgres.url, "GATEHOUSE_SECRET_KEY": key,
                "GATEHOUSE_DATABASE_TIMEOUT": "2s", "GATEHOUSE_TWO_FACTOR": "optional",
                "GATEHOUSE_ARGON2_MEMORY_KIB": "64", "GATEHOUSE_ARGON2_ITERATIONS": "1",
            ]
            let created = try GatehouseBinary.run(["user", "create", "--username", "olga", "--email", "olga@example.com", "--verified", "--password-stdin"],
                                                  environment: environment, stdin: "a fine passphrase")
            #expect(created.status == 0, "\(created.stderr)")

            let port = try ServeTests.freePort()
            let server = try ServeTests.Server.start(try GatehouseBinary.url(), ["serve", "--port", String(port)], environment: environment, log: dir + "/serve.log")
            defer { server.running.kill() }
            let base = "http://127.0.0.1:\(port)"
            for _ in 0..<150 where await Self.call("GET", base + "/readyz").status != 200 { try await Task.sleep(for: .milliseconds(100)) }
            let login = #"{"login":"olga","password":"a fine passphrase"}"#
            let first = await Self.call("POST", base + "/api/v1/auth/login", json: login)
            #expect(first.status == 200, "\(first.body)")
            // Accepting the agreement completes the sign-in with a new token.
            let consent = await Self.call("POST", base + "/api/v1/auth/consent", json: #"{"version":"1","accept":true}"#, bearer: Self.token(first))
            #expect(consent.status == 200, "\(consent.body)")
            let token = Self.token(consent)
            let checked = await Self.call("GET", base + "/api/v1/auth/check", bearer: token)
            #expect(checked.status == 200, "\(checked.status) \(checked.body) \(consent.body)")

            try postgres.stop()

            // Sign-in needs the database: 503 with Retry-After, within the 2 s timeout (plus slack for
            // a loaded machine), never the minute-long wait of a pool that keeps reconnecting.
            let refused = await Self.call("POST", base + "/api/v1/auth/login", json: login)
            #expect(refused.status == 503, "\(refused.body)")
            #expect(refused.body.contains("service_unavailable"))
            #expect(refused.retryAfter != nil)
            #expect(refused.seconds < 10, "answered after \(refused.seconds) s")
            let ready = await Self.call("GET", base + "/readyz")
            #expect(ready.status == 503 && ready.seconds < 10, "\(ready.status) after \(ready.seconds) s")
            // A session the check can no longer verify (its cached lookup is older than
            // auth_check.cache_ttl) is never answered 200.
            try await Task.sleep(for: .milliseconds(2100))
            let check = await Self.call("GET", base + "/api/v1/auth/check", bearer: token)
            #expect(check.status == 503, "\(check.status): \(check.body)")
            #expect(check.seconds < 10, "answered after \(check.seconds) s")
            let health = await Self.call("GET", base + "/healthz")
            #expect(health.status == 200, "the process itself stays healthy: \(health.status) \(health.body)")

            try postgres.resume()

            // Back within seconds, without a restart.
            var again = Answer(status: 0, body: "", retryAfter: nil, seconds: 0)
            for _ in 0..<100 {
                again = await Self.call("POST", base + "/api/v1/auth/login", json: login)
                if again.status == 200 { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(again.status == 200, "\(again.status) \(again.body)")
            #expect(await Self.call("GET", base + "/api/v1/auth/check", bearer: token).status == 200, "the first session survived the outage")
            #expect(await Self.call("GET", base + "/readyz").status == 200)
            print(String(format: "database outage (database.timeout 2s): sign-in 503 after %.2f s, readyz 503 after %.2f s, check 503 after %.2f s",
                         refused.seconds, ready.seconds, check.seconds))
            _ = await server.stop()
            #expect(server.output.contains("database unavailable"), "\(server.output.suffix(2000))")

            // Nothing half-written: the audit chain verifies.
            let verify = try GatehouseBinary.run(["audit", "verify"], environment: environment)
            #expect(verify.status == 0 && verify.stdout.contains("intact"), "\(verify.stdout) \(verify.stderr)")
        }
    }
}
