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

    @Test("an administrator's unlock, disable and enable are audited with their IP, user agent and request id")
    func administratorActions() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store)
            try await app.createAccount("root", roles: [.admin])
            let target = try await app.createAccount("target")
            try await Application(router: app.routes().router).test(.live) { client in
                let login = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
                                                     body: ByteBuffer(string: #"{"login":"root","password":"correct horse battery"}"#))
                let token = (try JSONSerialization.jsonObject(with: Data(buffer: login.body)) as? [String: Any])?["token"] as? String ?? ""
                for action in ["unlock", "disable", "enable"] {
                    let answer = try await client.execute(uri: "/api/v1/admin/users/\(target.id)/\(action)", method: .post,
                                                          headers: [.authorization: "Bearer \(token)", .userAgent: "SupportDesk/2.0"])
                    #expect(answer.status == .ok, "\(action)")
                }
            }
            let acts = try await store.auditLog.recent(subject: target.id, limit: 20)
                .filter { [.accountUnlocked, .accountDisabled, .accountEnabled].contains($0.type) }
            #expect(acts.count == 3)
            #expect(acts.allSatisfy { $0.personal.ip == "127.0.0.1" && $0.personal.userAgent == "SupportDesk/2.0" && $0.requestID?.isEmpty == false })
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

/// Slow clients and oversized bodies over a real socket, with the server configured as `serve` does.
@Suite("Connection limits")
struct ConnectionLimitTests {
    func withServer(_ environment: [String: String], _ body: @Sendable (TestApp, any TestClientProtocol, Int) async throws -> Void) async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: environment)
            let limits = app.settings.connectionLimits
            let application = Application(router: try app.routes().router, server: limits.server,
                                          configuration: limits.configuration(address: .hostname("127.0.0.1", port: 0), serverName: "Gatehouse"))
            try await application.test(.live) { client in
                try await body(app, client, try #require(client.port))
            }
        }
    }

    @Test("sockets that never finish their request head are closed after http.header_timeout, and /healthz keeps answering past the connection limit")
    func slowHeaders() async throws {
        try await withServer(["GATEHOUSE_HTTP_HEADER_TIMEOUT": "1s", "GATEHOUSE_HTTP_MAX_CONNECTIONS": "32"]) { _, client, port in
            var slow: [RawSocket] = []
            for _ in 0..<60 {
                let socket = try RawSocket(port: port)
                try socket.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                slow.append(socket)
            }
            let started = Date()
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            #expect(Date().timeIntervalSince(started) < 10)
            for socket in slow {
                let (text, closed) = await socket.readUntilClosed(timeout: 8)
                #expect(closed, "a slow socket stayed open")
                #expect(!text.contains("200 OK"), "no answer to a request that never ended")
            }
            #expect(Date().timeIntervalSince(started) < 15)
            let again = try RawSocket(port: port)
            try again.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            let answer = await again.readUntilClosed(timeout: 5)
            #expect(answer.text.hasPrefix("HTTP/1.1 200"))
        }
    }

    @Test("a body framed wrongly or broken off is the client's 400, never a 500")
    func brokenBodies() async throws {
        try await withServer([:]) { _, _, port in
            let requests = [
                // A chunk size that is not hexadecimal.
                "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                // A chunk shorter than its size says.
                "PUT /api/v1/account/language HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\n{\"language\":\"en\"}\r\n0\r\n\r\n",
            ]
            for request in requests {
                let socket = try RawSocket(port: port)
                try socket.send(request)
                let answer = await socket.readUntilClosed(timeout: 5)
                #expect(!answer.text.hasPrefix("HTTP/1.1 500"), "\(answer.text.prefix(200))")
            }
            let first = try RawSocket(port: port)
            try first.send("POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")
            let answer = await first.readUntilClosed(timeout: 5)
            #expect(answer.text.hasPrefix("HTTP/1.1 400"), "\(answer.text.prefix(200))")
            #expect(answer.text.contains(#""code":"bad_request""#))
        }
    }

    @Test("once half of http.max_connections are open, one client holds at most http.max_connections_per_client; more are closed at once")
    func perClientCap() async throws {
        try await withServer(["GATEHOUSE_HTTP_MAX_CONNECTIONS_PER_CLIENT": "5", "GATEHOUSE_HTTP_MAX_CONNECTIONS": "16",
                              "GATEHOUSE_HTTP_HEADER_TIMEOUT": "30s"]) { _, _, port in
            // Below half of the 16 (no pressure) one client may open more than 5.
            var held: [RawSocket] = []
            for _ in 0..<8 {
                let socket = try RawSocket(port: port)
                try socket.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                held.append(socket)
            }
            try await Task.sleep(for: .milliseconds(300))
            let ninth = try RawSocket(port: port)
            try? ninth.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            let refused = await ninth.readUntilClosed(timeout: 5)
            #expect(refused.closed && refused.text.isEmpty, "\(refused.text.prefix(100))")
            held.removeAll()
            try await Task.sleep(for: .milliseconds(300))
            let later = try RawSocket(port: port)
            try later.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            let answer = await later.readUntilClosed(timeout: 5)
            #expect(answer.text.hasPrefix("HTTP/1.1 200"), "the slots are free again once those connections closed")
        }
    }

    @Test("a keep-alive connection idle past http.idle_timeout is closed; a trickled body past http.body_timeout too")
    func idleAndBody() async throws {
        try await withServer(["GATEHOUSE_HTTP_IDLE_TIMEOUT": "1s", "GATEHOUSE_HTTP_BODY_TIMEOUT": "1s"]) { _, _, port in
            let idle = try RawSocket(port: port)
            try idle.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            let (text, closed) = await idle.readUntilClosed(timeout: 6)
            #expect(text.hasPrefix("HTTP/1.1 200"))
            #expect(closed)
            let trickle = try RawSocket(port: port)
            try trickle.send("POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nlogin=")
            let trickled = await trickle.readUntilClosed(timeout: 6)
            #expect(trickled.closed)
        }
    }

    @Test("an oversized chunked body on a page form answers 413 like the API, never 500",
          arguments: ["/login", "/password-reset", "/password-reset/complete", "/unlock", "/api/v1/auth/login"])
    func chunkedTooLarge(path: String) async throws {
        try await withServer(["GATEHOUSE_HTTP_MAX_BODY": "1KiB"]) { _, _, port in
            let socket = try RawSocket(port: port)
            let chunk = String(repeating: "a", count: 4096)
            let type = path.hasPrefix("/api/") ? "application/json" : "application/x-www-form-urlencoded"
            try socket.send("POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: \(type)\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                            + String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n0\r\n\r\n")
            let (text, _) = await socket.readUntilClosed(timeout: 10)
            #expect(text.hasPrefix("HTTP/1.1 413"), "\(text.prefix(200))")
            #expect(text.contains("payload_too_large"))
        }
    }
}
