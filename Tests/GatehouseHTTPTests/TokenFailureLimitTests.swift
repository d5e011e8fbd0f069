import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseHTTP
import GatehouseTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `rate_limit.token_failures_per_ip`: presented tokens that name nothing count against the client;
/// valid ones never do.
@Suite("Token failures per IP")
struct TokenFailureLimitTests {
    @Test("unknown session tokens and invitation tokens count per IP: 429 with Retry-After once over the limit, while valid tokens still work; an unknown cookie is cleared")
    func tokenFailures() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: ["GATEHOUSE_RATE_LIMIT_TOKEN_FAILURES_PER_IP": "3/60"])
            let anna = try await app.createAccount("anna")
            let valid = try await GeneratedAPITests.session(app, anna, .authenticated)
            try await Application(router: try app.routes().router).test(.router) { client in
                func session(_ token: String) async throws -> TestResponse {
                    try await client.execute(uri: "/api/v1/auth/session", method: .get, headers: [.authorization: "Bearer \(token)"])
                }
                for _ in 0..<50 { #expect(try await session(valid).status == .ok, "valid traffic is never counted") }
                let stale = try await client.execute(uri: "/login", method: .get, headers: [.cookie: "gatehouse_session=\(SecretToken.generate(SystemRandomSource()))"])
                #expect(stale.status == .ok)
                #expect(stale.headers[values: .setCookie].contains { $0.hasPrefix("gatehouse_session=;") || $0.contains("Max-Age=0") },
                        "a cookie naming nothing is cleared: \(stale.headers[values: .setCookie])")
                #expect(try await session(SecretToken.generate(SystemRandomSource())).status == .unauthorized)
                let lookup = try await client.execute(uri: "/api/v1/invitations/lookup", method: .post, headers: [.contentType: "application/json"],
                                                      body: ByteBuffer(string: #"{"token":"\#(SecretToken.generate(SystemRandomSource()))"}"#))
                #expect(lookup.status == .notFound)
                let limited = try await session(SecretToken.generate(SystemRandomSource()))
                #expect(limited.status == .tooManyRequests)
                #expect(limited.headers[.retryAfter] != nil)
                #expect(String(buffer: limited.body).contains(#""code":"rate_limited""#))
                #expect(try await session(valid).status == .ok, "the client's valid session still works")
                app.clock.advance(by: .seconds(61))
                #expect(try await session(SecretToken.generate(SystemRandomSource())).status == .unauthorized)
            }
        }
    }

    @Test("on the forward-auth check, bearer tokens of Gatehouse's shape that name nothing count too (the check still answers 401); stale cookies and the application's own bearer tokens do not")
    func checkPath() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: ["GATEHOUSE_RATE_LIMIT_TOKEN_FAILURES_PER_IP": "3/60"])
            let anna = try await app.createAccount("anna")
            let valid = try await GeneratedAPITests.session(app, anna, .authenticated)
            try await Application(router: try app.routes().router).test(.router) { client in
                func check(_ headers: HTTPFields) async throws -> HTTPResponse.Status {
                    try await client.execute(uri: "/api/v1/auth/check", method: .get, headers: headers).status
                }
                func api(_ token: String) async throws -> TestResponse {
                    try await client.execute(uri: "/api/v1/auth/session", method: .get, headers: [.authorization: "Bearer \(token)"])
                }
                let random = { SecretToken.generate(SystemRandomSource()) }
                // Not counted: a stale cookie on every request of the application, the application's JWT.
                for _ in 0..<10 {
                    #expect(try await check([.cookie: "gatehouse_session=\(random())"]) == .unauthorized)
                    #expect(try await check([.authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig", .cookie: "gatehouse_session=\(valid)"]) == .ok)
                }
                #expect(try await api(random()).status == .unauthorized, "nothing counted so far")
                // Counted: unknown session-shaped and API-token-shaped bearer tokens.
                #expect(try await check([.authorization: "Bearer \(random())"]) == .unauthorized)
                #expect(try await check([.authorization: "Bearer \(APITokenFormat.generate(SystemRandomSource()))"]) == .unauthorized)
                for _ in 0..<5 { #expect(try await check([.authorization: "Bearer \(random())"]) == .unauthorized, "still 401 for the proxy") }
                let limited = try await api(random())
                #expect(limited.status == .tooManyRequests && limited.headers[.retryAfter] != nil)
                #expect(try await check([.authorization: "Bearer \(valid)"]) == .ok, "valid credentials are never refused")
                #expect(try await api(valid).status == .ok)
                app.clock.advance(by: .seconds(61))
                #expect(try await api(random()).status == .unauthorized, "the window passed")
            }
        }
    }
}
