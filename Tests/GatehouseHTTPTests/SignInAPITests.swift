import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseHTTP
import GatehouseTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

let jsonHeaders: HTTPFields = [.contentType: "application/json"]
let origin = "http://127.0.0.1:8080"

func loginBody(_ login: String, _ password: String) -> ByteBuffer {
    let json = try! JSONSerialization.data(withJSONObject: ["login": login, "password": password])
    return ByteBuffer(bytes: json)
}

func json(_ response: TestResponse) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:]
}

func header(_ name: String) -> HTTPField.Name { HTTPField.Name(name)! }

@Suite("Sign-in API")
struct SignInAPITests {
    func withApp(_ environment: [String: String] = [:], _ body: @Sendable (TestApp, any TestClientProtocol) async throws -> Void) async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: environment)
            try await Application(router: app.routes().router).test(.router) { client in
                try await body(app, client)
            }
        }
    }

    /// Signs in and returns the token.
    func signIn(_ client: any TestClientProtocol, _ login: String, _ password: String = "correct horse battery") async throws -> String {
        let response = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders, body: loginBody(login, password))
        #expect(response.status == .ok, "\(String(buffer: response.body))")
        return json(response)["token"] as? String ?? ""
    }

    @Test("login answers the status, a token shown once and an HttpOnly SameSite=Lax session cookie")
    func login() async throws {
        try await withApp { app, client in
            try await app.createAccount("alice")
            let response = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders, body: loginBody("Alice@Example.com", "correct horse battery"))
            #expect(response.status == .ok)
            let body = json(response)
            #expect(body["status"] as? String == "authenticated")
            let token = try #require(body["token"] as? String)
            #expect(token.count == 43)
            #expect((body["session"] as? [String: Any])?["id"] as? String != nil)
            #expect(body["expires_at"] as? String != nil)
            #expect(response.headers[.cacheControl] == "no-store")
            let cookie = try #require(response.headers[.setCookie])
            #expect(cookie.hasPrefix("gatehouse_session=\(token)"))
            for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] { #expect(cookie.contains(attribute), "\(attribute)") }
            #expect(!cookie.contains("Secure"), "plain http in development")

            let session = try await client.execute(uri: "/api/v1/auth/session", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(session.status == .ok)
            let state = json(session)
            #expect(state["status"] as? String == "authenticated")
            #expect((state["user"] as? [String: Any])?["username"] as? String == "alice")
            #expect((state["csrf_token"] as? String)?.count == 64)
        }
    }

    @Test("unknown, wrong, locked and disabled give byte-identical 401 answers after one verification each")
    func identicalFailures() async throws {
        try await withApp(["GATEHOUSE_LOCKOUT_THRESHOLD": "1", "GATEHOUSE_RATE_LIMIT_LOGIN_PER_ACCOUNT": "100/60", "GATEHOUSE_RATE_LIMIT_LOGIN_PER_IP": "100/60"]) { app, client in
            try await app.createAccount("bob")
            try await app.createAccount("carol")
            try await app.createAccount("dave")
            _ = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders, body: loginBody("carol", "wrong"))
            _ = try await app.dependencies.administration.disable("dave")
            var bodies: [String] = []
            for (login, password) in [("nobody", "correct horse battery"), ("bob", "wrong"), ("carol", "correct horse battery"), ("dave", "correct horse battery")] {
                app.hasher.reset()
                let response = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders, body: loginBody(login, password))
                #expect(response.status == .unauthorized)
                #expect(response.headers[.setCookie] == nil)
                #expect(app.hasher.verifications == 1, "\(login)")
                bodies.append(String(buffer: response.body))
            }
            #expect(Set(bodies).count == 1, "\(bodies)")
            #expect(bodies[0].contains(#""code":"invalid_credentials""#))
        }
    }

    @Test("wrong content type, malformed JSON, missing fields and oversized bodies get problem+json")
    func badRequests() async throws {
        try await withApp(["GATEHOUSE_HTTP_MAX_BODY": "1KiB"]) { _, client in
            let cases: [(HTTPFields, String, HTTPResponse.Status, String)] = [
                ([.contentType: "text/plain"], #"{"login":"a","password":"b"}"#, .unsupportedMediaType, "unsupported_media_type"),
                (jsonHeaders, #"{"login": "a", "password": "#, .badRequest, "bad_request"),
                (jsonHeaders, #"{"login": "a"}"#, .badRequest, "validation_failed"),
                (jsonHeaders, #"{"login": 5, "password": "x"}"#, .badRequest, "validation_failed"),
                (jsonHeaders, #"{"login": "a", "password": ""#  + String(repeating: "x", count: 2000) + #""}"#, .contentTooLarge, "payload_too_large"),
            ]
            for (headers, body, status, code) in cases {
                let response = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: headers, body: ByteBuffer(string: body))
                #expect(response.status == status, "\(code)")
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(String(buffer: response.body).contains(#""code":"\#(code)""#))
            }
        }
    }

    @Test("forward auth answers 200 with the five identity headers, ASCII only, and sets no cookie")
    func forwardAuth() async throws {
        try await withApp { app, client in
            let account = try await app.createAccount("Иван", roles: [.admin, Role("ops")])
            let token = try await signIn(client, "иван")
            let response = try await client.execute(uri: "/api/v1/auth/check?anything=ignored", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(response.status == .ok)
            #expect(response.headers[header("X-Gatehouse-User-Id")] == account.id.rawValue)
            #expect(response.headers[header("X-Gatehouse-Username")] == "%D0%98%D0%B2%D0%B0%D0%BD")
            #expect(response.headers[header("X-Gatehouse-Email")] == "%D0%98%D0%B2%D0%B0%D0%BD@example.com")
            #expect(response.headers[header("X-Gatehouse-Roles")] == "admin,ops")
            #expect(response.headers[header("X-Gatehouse-Organizations")] == "", "no organisation: present and empty")
            #expect(response.headers[.setCookie] == nil)
            let viaCookie = try await client.execute(uri: "/api/v1/auth/check", method: .get, headers: [.cookie: "gatehouse_session=\(token)"])
            #expect(viaCookie.status == .ok)

            // A membership change shows at once on this instance: the cached check forgets the account.
            let organizations = OrganizationAdministration(store: app.dependencies.store, trail: app.dependencies.signIn.trail,
                                                           cache: app.dependencies.signIn.cache)
            _ = try await organizations.create(slug: "rail", name: "Rail")
            _ = try await organizations.create(slug: "air", name: "Air")
            try await organizations.setMember(account.id, of: "rail", role: .operator)
            try await organizations.setMember(account.id, of: "air", role: .member)
            let member = try await client.execute(uri: "/api/v1/auth/check", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(member.headers[header("X-Gatehouse-Organizations")] == "air,rail")
            try await organizations.removeMember(account.id, of: "air")
            let left = try await client.execute(uri: "/api/v1/auth/check", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(left.headers[header("X-Gatehouse-Organizations")] == "rail")
        }
    }

    @Test("forward auth answers 401 for no, bad, revoked, pending and disabled sessions; never 403")
    func forwardAuthRefusals() async throws {
        try await withApp { app, client in
            try await app.createAccount("erin")
            try await app.createAccount("pending", verified: false)
            let check = { (headers: HTTPFields) in try await client.execute(uri: "/api/v1/auth/check", method: .get, headers: headers).status }
            #expect(try await check([:]) == .unauthorized)
            #expect(try await check([.authorization: "Bearer nonsense"]) == .unauthorized)
            #expect(try await check([.authorization: "Bearer \(SecretToken.generate(SystemRandomSource()))"]) == .unauthorized)

            let pending = try await signIn(client, "pending")
            #expect(try await check([.authorization: "Bearer \(pending)"]) == .unauthorized)

            let token = try await signIn(client, "erin")
            #expect(try await check([.authorization: "Bearer \(token)"]) == .ok)  // now cached
            let logout = try await client.execute(uri: "/api/v1/auth/logout", method: .post, headers: [.authorization: "Bearer \(token)"])
            #expect(logout.status == .noContent)
            #expect(try await check([.authorization: "Bearer \(token)"]) == .unauthorized, "revoked at once despite the cache")

            let second = try await signIn(client, "erin")
            #expect(try await check([.authorization: "Bearer \(second)"]) == .ok)
            _ = try await app.dependencies.administration.disable("erin")
            #expect(try await check([.authorization: "Bearer \(second)"]) == .unauthorized, "disabled at once despite the cache")
        }
    }

    @Test("a cookie-authenticated POST needs the CSRF token and a same-origin header; bearer requests do not")
    func csrf() async throws {
        try await withApp { app, client in
            try await app.createAccount("fay")
            let token = try await signIn(client, "fay")
            let cookie: HTTPFields = [.cookie: "gatehouse_session=\(token)"]
            let csrf = json(try await client.execute(uri: "/api/v1/auth/session", method: .get, headers: cookie))["csrf_token"] as? String ?? ""

            var noHeaders = cookie
            noHeaders[header("X-CSRF-Token")] = csrf
            var response = try await client.execute(uri: "/api/v1/auth/logout", method: .post, headers: noHeaders)
            #expect(response.status == .forbidden, "token without Origin or Sec-Fetch-Site")
            #expect(String(buffer: response.body).contains("csrf_failed"))

            var noToken = cookie
            noToken[.origin] = origin
            response = try await client.execute(uri: "/api/v1/auth/logout", method: .post, headers: noToken)
            #expect(response.status == .forbidden, "Origin without token")

            var wrongToken = noToken
            wrongToken[header("X-CSRF-Token")] = String(repeating: "0", count: 64)
            response = try await client.execute(uri: "/api/v1/auth/logout", method: .post, headers: wrongToken)
            #expect(response.status == .forbidden, "wrong token")

            var crossSite = cookie
            crossSite[header("Sec-Fetch-Site")] = "cross-site"
            crossSite[header("X-CSRF-Token")] = csrf
            response = try await client.execute(uri: "/api/v1/auth/logout", method: .post, headers: crossSite)
            #expect(response.status == .forbidden, "cross-site")

            var good = cookie
            good[header("Sec-Fetch-Site")] = "same-origin"
            good[header("X-CSRF-Token")] = csrf
            response = try await client.execute(uri: "/api/v1/auth/logout", method: .post, headers: good)
            #expect(response.status == .noContent)
            #expect(response.headers[.setCookie]?.contains("Max-Age=0") == true)

            let bearer = try await signIn(client, "fay")
            response = try await client.execute(uri: "/api/v1/auth/logout", method: .post,
                                                headers: [.authorization: "Bearer \(bearer)", .origin: "https://another-app.example"])
            #expect(response.status == .noContent, "bearer requests are exempt, whatever their origin")

            var loginCSRF = jsonHeaders
            loginCSRF[.origin] = "https://evil.example"
            response = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: loginCSRF, body: loginBody("fay", "correct horse battery"))
            #expect(response.status == .forbidden, "a cross-origin sign-in (login CSRF) is refused")
        }
    }

    @Test("administrators unlock, disable and enable accounts; others are refused")
    func adminActions() async throws {
        try await withApp(["GATEHOUSE_LOCKOUT_THRESHOLD": "1"]) { app, client in
            try await app.createAccount("root", roles: [.admin])
            let user = try await app.createAccount("gus")
            let admin = try await signIn(client, "root")
            let plain = try await signIn(client, "gus")
            _ = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders, body: loginBody("gus", "wrong"))
            #expect(try await app.dependencies.store.accounts.account(id: user.id)?.isLocked == true)

            let forbidden = try await client.execute(uri: "/api/v1/admin/users/\(user.id)/unlock", method: .post, headers: [.authorization: "Bearer \(plain)"])
            #expect(forbidden.status == .forbidden)
            let anonymous = try await client.execute(uri: "/api/v1/admin/users/\(user.id)/unlock", method: .post)
            #expect(anonymous.status == .unauthorized)

            let unlocked = try await client.execute(uri: "/api/v1/admin/users/\(user.id)/unlock", method: .post, headers: [.authorization: "Bearer \(admin)"])
            #expect(unlocked.status == .ok)
            #expect(json(unlocked)["locked"] as? Bool == false)
            let disabled = try await client.execute(uri: "/api/v1/admin/users/\(user.id)/disable", method: .post, headers: [.authorization: "Bearer \(admin)"])
            #expect(json(disabled)["status"] as? String == "disabled")
            #expect(try await client.execute(uri: "/api/v1/auth/session", method: .get, headers: [.authorization: "Bearer \(plain)"]).status == .unauthorized,
                    "disabling ended the user's session")
            let missing = try await client.execute(uri: "/api/v1/admin/users/\(UUID().uuidString.lowercased())/enable", method: .post, headers: [.authorization: "Bearer \(admin)"])
            #expect(missing.status == .notFound)

            let log = try await app.dependencies.store.auditLog.records(after: 0, limit: 100).map(\.type.rawValue)
            #expect(log.contains("account.unlocked") && log.contains("account.disabled") && log.contains("account.locked"))
        }
    }

    @Test("an administrator cannot disable their own account or the last active administrator through the API; the CLI's path can")
    func adminCannotDisableLastAdmin() async throws {
        try await withApp { app, client in
            let root = try await app.createAccount("root", roles: [.admin])
            let second = try await app.createAccount("ops", roles: [.admin])
            let rootToken = try await signIn(client, "root")
            let own = try await client.execute(uri: "/api/v1/admin/users/\(root.id)/disable", method: .post, headers: [.authorization: "Bearer \(rootToken)"])
            #expect(own.status == .forbidden)
            let other = try await client.execute(uri: "/api/v1/admin/users/\(second.id)/disable", method: .post, headers: [.authorization: "Bearer \(rootToken)"])
            #expect(json(other)["status"] as? String == "disabled", "another administrator, while one stays active")
            _ = try await app.dependencies.administration.enable("ops")
            _ = try await app.dependencies.administration.disable("ops")  // the CLI (no actor)
            let opsAgain = try await app.dependencies.administration.enable("ops")
            // With root disabled by the operator, ops is the last active administrator.
            _ = try await app.dependencies.administration.disable("root")
            let opsToken = try await signIn(client, "ops")
            let last = try await client.execute(uri: "/api/v1/admin/users/\(opsAgain.id)/disable", method: .post, headers: [.authorization: "Bearer \(opsToken)"])
            #expect(last.status == .forbidden)
            #expect(try await app.dependencies.store.accounts.account(id: second.id)?.status == .active)
        }
    }

    @Test("the login limiter answers 429 with Retry-After")
    func rateLimited() async throws {
        try await withApp(["GATEHOUSE_RATE_LIMIT_LOGIN_PER_ACCOUNT": "2/300"]) { _, client in
            for _ in 0..<2 {
                let response = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders, body: loginBody("someone", "x"))
                #expect(response.status == .unauthorized)
            }
            let limited = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders, body: loginBody("SOMEONE", "x"))
            #expect(limited.status == .tooManyRequests)
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(String(buffer: limited.body).contains(#""code":"rate_limited""#))
        }
    }
}

@Suite("Forward auth details")
struct ForwardAuthDetailTests {
    @Test("an unknown bearer token does not hide a valid session cookie; HEAD is answered like GET")
    func bearerFallsBackToCookie() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store)
            try await app.createAccount("zoe")
            try await Application(router: app.routes().router).test(.router) { client in
                let login = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders, body: loginBody("zoe", "correct horse battery"))
                let token = json(login)["token"] as? String ?? ""
                let both = try await client.execute(uri: "/api/v1/auth/check", method: .get,
                                                    headers: [.authorization: "Bearer the-apps-own-token", .cookie: "gatehouse_session=\(token)"])
                #expect(both.status == .ok)
                let head = try await client.execute(uri: "/api/v1/auth/check", method: .head, headers: [.cookie: "gatehouse_session=\(token)"])
                #expect(head.status == .ok)
                #expect(head.headers[header("X-Gatehouse-Username")] == "zoe")
            }
        }
    }
}
