import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseHTTP
import GatehouseTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Over a real socket, where the peer address is real.
@Suite("Live server")
struct LiveServerTests {
    @Test("rotating X-Forwarded-For from an untrusted peer does not escape the per-IP limit")
    func forwardedForRotation() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: ["GATEHOUSE_RATE_LIMIT_LOGIN_PER_IP": "3/60", "GATEHOUSE_RATE_LIMIT_LOGIN_PER_ACCOUNT": "100/60"])
            try await Application(router: app.routes().router).test(.live) { client in
                var statuses: [HTTPResponse.Status] = []
                for index in 0..<5 {
                    var headers: HTTPFields = [.contentType: "application/json"]
                    headers[HTTPField.Name("X-Forwarded-For")!] = "198.51.100.\(index)"
                    let response = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: headers,
                                                            body: ByteBuffer(string: #"{"login":"user\#(index)","password":"x"}"#))
                    statuses.append(response.status)
                }
                #expect(statuses == [.unauthorized, .unauthorized, .unauthorized, .tooManyRequests, .tooManyRequests])
            }
            let failures = try await store.auditLog.records(after: 0, limit: 10).filter { $0.type == .loginFailed }
            #expect(failures.allSatisfy { $0.personal.ip == "127.0.0.1" }, "the socket peer is recorded, not the forged header")
        }
    }

    @Test("behind a trusted proxy the client address comes from X-Forwarded-For")
    func trustedProxy() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: ["GATEHOUSE_TRUSTED_PROXIES": "127.0.0.1/32, ::1"])
            try await Application(router: app.routes().router).test(.live) { client in
                var headers: HTTPFields = [.contentType: "application/json"]
                headers[HTTPField.Name("X-Forwarded-For")!] = "203.0.113.50, 127.0.0.1"
                _ = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: headers, body: ByteBuffer(string: #"{"login":"x","password":"y"}"#))
            }
            let failure = try await store.auditLog.records(after: 0, limit: 10).first { $0.type == .loginFailed }
            #expect(failure?.personal.ip == "203.0.113.50")
        }
    }

    @Test("on https the cookie is __Host- and Secure, HSTS is sent; with a cookie domain it is __Secure-")
    func httpsCookies() async throws {
        try await TestStores.withStore(.sqlite) { store in
            for (domain, prefix) in [(nil, "__Host-gatehouse_session="), ("example.com", "__Secure-gatehouse_session=")] as [(String?, String)] {
                var environment = ["GATEHOUSE_PUBLIC_URL": "https://id.example.com"]
                environment["GATEHOUSE_SESSION_COOKIE_DOMAIN"] = domain
                let app = try await TestApp.make(store, environment: environment)
                _ = try? await app.createAccount("https\(domain == nil ? "a" : "b")")
                try await Application(router: app.routes().router).test(.router) { client in
                    let response = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
                                                            body: ByteBuffer(string: #"{"login":"https\#(domain == nil ? "a" : "b")","password":"correct horse battery"}"#))
                    #expect(response.status == .ok)
                    let cookie = response.headers[.setCookie] ?? ""
                    #expect(cookie.hasPrefix(prefix), "\(cookie)")
                    #expect(cookie.contains("Secure"))
                    #expect(cookie.contains("Domain=example.com") == (domain != nil))
                    #expect(response.headers[.strictTransportSecurity]?.contains("max-age=") == true)
                    let token = cookie.split(separator: ";")[0].split(separator: "=", maxSplits: 1)[1]
                    let check = try await client.execute(uri: "/api/v1/auth/check", method: .get, headers: [.cookie: "\(prefix)\(token)"])
                    #expect(check.status == .ok)
                    let plain = try await client.execute(uri: "/api/v1/auth/check", method: .get, headers: [.cookie: "gatehouse_session=\(token)"])
                    #expect(plain.status == .unauthorized, "only the configured cookie name is read")
                }
            }
        }
    }
}
