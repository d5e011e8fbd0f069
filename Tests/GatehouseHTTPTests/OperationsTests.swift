import Foundation
import GatehouseApp
import GatehouseCore
import GatehousePasswordHashing
import GatehouseHTTP
import GatehouseStorage
import GatehouseTestSupport
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing

@Suite("Operations endpoints")
struct OperationsTests {
    static func application(_ store: any Store, maxBody: Int = 65_536) async throws -> (some ApplicationProtocol, RouteRegistry) {
        let app = try await TestApp.make(store, environment: ["GATEHOUSE_HTTP_MAX_BODY": String(maxBody), "GATEHOUSE_METRICS_TOKEN": "metrics-secret"])
        let routes = try app.routes()
        // A route for exercising body limits independent of any feature.
        routes.post("/test/echo", policy: .public) { request, context in
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            return String(buffer: body)
        }
        return (Application(router: routes.router), routes)
    }

    @Test("/healthz answers 200 with the security headers every response carries")
    func health() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let (app, _) = try await Self.application(store)
            try await app.test(.router) { client in
                try await client.execute(uri: "/healthz", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                    #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                    #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
                    #expect(response.headers[.contentSecurityPolicy]?.contains("unsafe-inline") == false)
                    #expect(response.headers[.strictTransportSecurity] == nil)
                }
            }
        }
    }

    @Test("/readyz is 200 while the database answers and 503 problem+json when it does not", arguments: StoreBackend.allCases)
    func readiness(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let (app, _) = try await Self.application(store)
            try await app.test(.router) { client in
                try await client.execute(uri: "/readyz", method: .get) { response in
                    #expect(response.status == .ok)
                }
            }
        }
        // An unreachable database: a closed SQLite store, or a PostgreSQL port nobody listens on.
        try await TestStores.withTemporaryDirectory { dir in
          let unreachable: DatabaseLocation = backend == .sqlite
            ? .sqlite(path: dir + "/closed.sqlite")
            : try DatabaseLocation.parse("postgres://nobody:nothing@127.0.0.1:1/none?sslmode=disable")
          try await GatehouseStorage.withStore(at: unreachable, logger: TestStores.logger) { store in
            if backend == .sqlite { try await store.close() }
            let (app, _) = try await Self.application(store)
            try await app.test(.router) { client in
                try await client.execute(uri: "/readyz", method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                    #expect(response.headers[.contentType] == "application/problem+json")
                    let problem = try JSONDecoder().decode([String: ProblemValue].self, from: Data(buffer: response.body))
                    #expect(problem["code"] == .string("service_unavailable"))
                    #expect(problem["status"] == .number(503))
                }
            }
          }
        }
    }

    @Test("another process holding the SQLite file's write lock: sign-in answers 503 service_unavailable with Retry-After after database.timeout, several at once too; once the lock is gone it works again")
    func sqliteFileLocked() async throws {
        try await TestStores.withTemporaryDirectory { dir in
            let path = dir + "/gatehouse.sqlite"
            try await GatehouseStorage.withStore(at: .sqlite(path: path), logger: TestStores.logger, timeout: .milliseconds(500)) { store in
                try await store.migrate()
                let app = try await TestApp.make(store)
                try await app.createAccount("lena")
                try await Application(router: app.routes().router).test(.router) { client in
                    let refusals = try await TestStores.holdingWriteLock(onSQLiteFile: path) {
                        try await withThrowingTaskGroup(of: (HTTPResponse.Status, String?, String).self) { group in
                            for _ in 0..<3 {
                                group.addTask {
                                    let response = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders,
                                                                            body: loginBody("lena", "correct horse battery"))
                                    return (response.status, response.headers[.retryAfter], String(buffer: response.body))
                                }
                            }
                            return try await group.reduce(into: []) { $0.append($1) }
                        }
                    }
                    #expect(refusals.count == 3)
                    for (status, retryAfter, body) in refusals {
                        #expect(status == .serviceUnavailable, "\(body)")
                        #expect(retryAfter != nil)
                        #expect(body.contains("service_unavailable"))
                    }
                    let after = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders, body: loginBody("lena", "correct horse battery"))
                    #expect(after.status == .ok, "\(String(buffer: after.body))")
                }
            }
        }
    }

    @Test("/readyz answers while a write transaction holds SQLite's writer (it takes no writer lock)")
    func readinessBesideWrites() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let (app, _) = try await Self.application(store)
            let release = AsyncStream<Void>.makeStream()
            let started = AsyncStream<Void>.makeStream()
            let writer = Task {
                try await store.transaction { tx in
                    _ = try await tx.accounts.account(id: AccountID(rawValue: "nobody"))
                    started.continuation.yield()
                    for await _ in release.stream { break }
                }
            }
            for await _ in started.stream { break }
            try await app.test(.router) { client in
                let response = try await client.execute(uri: "/readyz", method: .get)
                #expect(response.status == .ok, "\(String(buffer: response.body))")
            }
            release.continuation.yield()
            try await writer.value
        }
    }

    @Test("a full password-check queue answers 503 service_unavailable with Retry-After at once")
    func signInOverloaded() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let settings = try await SettingsLoader.load(configFile: nil, environment: ["GATEHOUSE_TWO_FACTOR": "optional"])
            let limiter = ConcurrencyLimiter(limit: 1, maxWaiting: 0)
            let hasher = Argon2PasswordHasher.forTests(limiter: limiter)
            let dependencies = try await GatehouseServer.makeDependencies(settings: settings, store: store, keys: TestStores.keys, hasher: hasher)
            let release = AsyncStream<Void>.makeStream()
            let holder = Task { try await limiter.withPermit { for await _ in release.stream { break } } }
            while await limiter.inFlight == 0 { await Task.yield() }
            try await Application(router: GatehouseHTTPServer.makeRouter(dependencies).router).test(.router) { client in
                let response = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders, body: loginBody("anyone", "some password"))
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "1")
                #expect(String(buffer: response.body).contains(#""code":"service_unavailable""#))
            }
            release.continuation.yield()
            try await holder.value
        }
    }

    @Test("/readyz is 503 while migrations are pending")
    func readinessPendingMigrations() async throws {
        try await TestStores.withStore(.sqlite, migrate: false) { store in
            let (app, _) = try await Self.application(store)
            try await app.test(.router) { client in
                try await client.execute(uri: "/readyz", method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                    #expect(String(buffer: response.body).contains("migrations are pending"))
                }
            }
        }
    }

    @Test("/metrics exposes request counts by route, latency and hashes in flight in Prometheus text")
    func metrics() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let (app, _) = try await Self.application(store)
            _ = try await Argon2PasswordHasher.forTests().hash("warm the gauge up")
            try await app.test(.router) { client in
                try await client.execute(uri: "/healthz", method: .get) { _ in }
                try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer metrics-secret"]) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                    let text = String(buffer: response.body)
                    #expect(text.contains("gatehouse_http_requests_total{"))
                    #expect(text.contains(#"http_route="/healthz""#))
                    #expect(text.contains("gatehouse_http_request_duration_seconds"))
                    #expect(text.contains("gatehouse_password_hashes_in_flight"))
                }
            }
        }
    }

    @Test("/metrics shows the check cache's hits and misses, the outbox's backlog and the age of its oldest mail, and the database connections in use, waiting and at most")
    func sampledMetrics() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: ["GATEHOUSE_METRICS_TOKEN": "metrics-secret"])
            try await app.createAccount("mia")
            try await app.createAccount("max", verified: false)  // a verification mail waits in the outbox
            let sampler = MetricsSampler(store: store, cache: app.dependencies.signIn.cache, clock: app.clock)
            try await sampler.sample()  // counts from here on
            try await Application(router: app.routes().router).test(.router) { client in
                let login = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders, body: loginBody("mia", "correct horse battery"))
                let token = json(login)["token"] as? String ?? ""
                for _ in 0..<3 { #expect(try await client.execute(uri: "/api/v1/auth/check", method: .get, headers: [.authorization: "Bearer \(token)"]).status == .ok) }
                app.clock.advance(by: .seconds(30))
                try await sampler.sample()
                let text = String(buffer: try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer metrics-secret"]).body)
                func value(_ name: String) -> Double? {
                    text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
                }
                #expect(value("gatehouse_outbox_depth") == 1, "\(text)")
                #expect(value("gatehouse_outbox_oldest_age_seconds") == 30)
                #expect(value("gatehouse_auth_check_cache_hits_total").map { $0 >= 2 } == true, "the second and third checks come from the cache")
                #expect(value("gatehouse_auth_check_cache_misses_total").map { $0 >= 1 } == true)
                #expect(value("gatehouse_database_connections_max") == 1, "SQLite's one writer")
                #expect(value("gatehouse_database_connections_in_use") == 0)
                #expect(value("gatehouse_database_connections_waiting") == 0)
            }
        }
    }

    @Test("/metrics is refused to a client that is not a direct loopback peer and has not the metrics.token secret")
    func metricsRefused() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let (app, _) = try await Self.application(store)
            try await app.test(.router) { client in
                for headers: HTTPFields in [[:], [.authorization: "Bearer wrong-secret"], [.authorization: "Bearer metrics-secre"]] {
                    let response = try await client.execute(uri: "/metrics", method: .get, headers: headers)
                    #expect(response.status == .forbidden)
                    #expect(!String(buffer: response.body).contains("gatehouse_http"))
                }
            }
            try await app.test(.live) { client in
                // A direct loopback peer: allowed. The same through a proxy (X-Forwarded-For): refused.
                let direct = try await client.execute(uri: "/metrics", method: .get)
                #expect(direct.status == .ok)
                var proxied = HTTPFields()
                proxied[HTTPField.Name("X-Forwarded-For")!] = "203.0.113.5"
                let forwarded = try await client.execute(uri: "/metrics", method: .get, headers: proxied)
                #expect(forwarded.status == .forbidden)
            }
        }
    }

    @Test("with trusted_proxies set, a loopback client needs metrics.token too (a proxy on the host would look like loopback)")
    func metricsBehindProxies() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: ["GATEHOUSE_TRUSTED_PROXIES": "10.0.0.1", "GATEHOUSE_METRICS_TOKEN": "metrics-secret"])
            try await Application(router: app.routes().router).test(.live) { client in
                let direct = try await client.execute(uri: "/metrics", method: .get)
                #expect(direct.status == .forbidden)
                let withToken = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer metrics-secret"])
                #expect(withToken.status == .ok)
            }
        }
    }

    @Test("GET /api/v1/openapi.json serves openapi.yaml as JSON: every API route is an operation with the route's policy, and every operation is routed")
    func openAPI() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let (app, routes) = try await Self.application(store)
            let registered = routes.routes.filter { !$0.path.hasPrefix("/test/") && !$0.isPage && !$0.path.hasPrefix("/static/") }
            try await app.test(.router) { client in
                try await client.execute(uri: "/api/v1/openapi.json", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                    let document = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                    #expect(document["openapi"] as? String == "3.1.0")
                    let paths = try #require(document["paths"] as? [String: [String: Any]])
                    var documented: [String: String] = [:]  // "GET /path" → policy
                    var operationIDs: Set<String> = []
                    for (path, item) in paths {
                        for (method, operation) in item {
                            guard let operation = operation as? [String: Any] else { continue }
                            documented[method.uppercased() + " " + path] = operation["x-gatehouse-policy"] as? String ?? "(none)"
                            let id = operation["operationId"] as? String ?? ""
                            #expect(!id.isEmpty && !operationIDs.contains(id), "\(method) \(path): operationId missing or repeated")
                            operationIDs.insert(id)
                        }
                    }
                    var routed: [String: String] = [:]
                    for route in registered {
                        let path = "/" + route.path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
                        routed[route.method + " " + path] = route.policy
                    }
                    #expect(routed.count > 35)
                    for (route, policy) in routed.sorted(by: { $0.key < $1.key }) {
                        #expect(documented[route] == policy, "\(route) (policy \(policy)) is documented as \(documented[route] ?? "nothing")")
                    }
                    for route in documented.keys.sorted() where routed[route] == nil {
                        Issue.record("\(route) is documented but not routed (deny by default: nothing serves it)")
                    }
                }
            }
        }
    }

    @Test("unknown routes, oversized bodies and malformed requests answer problem+json")
    func problems() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let (app, _) = try await Self.application(store, maxBody: 100)
            try await app.test(.router) { client in
                try await client.execute(uri: "/no/such/route", method: .get) { response in
                    #expect(response.status == .notFound)
                    #expect(response.headers[.contentType] == "application/problem+json")
                    #expect(String(buffer: response.body).contains(#""code":"not_found""#))
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                }
                try await client.execute(uri: "/test/echo", method: .post, body: ByteBuffer(string: String(repeating: "x", count: 101))) { response in
                    #expect(response.status == .contentTooLarge)
                    #expect(String(buffer: response.body).contains(#""code":"payload_too_large""#))
                }
                try await client.execute(uri: "/test/echo", method: .post, body: ByteBuffer(string: "small")) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body) == "small")
                }
            }
        }
    }
}

/// Enough of a JSON value to compare problem fields.
enum ProblemValue: Decodable, Equatable {
    case string(String)
    case number(Int)
    case other

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let string = try? container.decode(String.self) { self = .string(string) }
        else if let number = try? container.decode(Int.self) { self = .number(number) }
        else { self = .other }
    }
}
