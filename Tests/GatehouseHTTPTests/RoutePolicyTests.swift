import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseHTTP
import GatehouseTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Walks every registered route with every kind of caller.
@Suite("Route policies")
struct RoutePolicyTests {
    @Test("every route the router knows was registered with a declared policy")
    func everyRouteHasAPolicy() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let routes = try await TestApp.make(store).routes()
            let declared = Set(routes.routes.map { "\($0.method) \($0.path)" })
            let known = routes.router.routes.map { "\($0.method.rawValue) \($0.path.description)" }
            #expect(!known.isEmpty)
            for route in known {
                #expect(declared.contains(route), "\(route) has no declared policy")
                let method = HTTPRequest.Method(String(route.split(separator: " ")[0]))!
                #expect(routes.policies.policy(method: method, path: String(route.split(separator: " ")[1])) != nil)
            }
        }
    }

    /// Sends `method path` as the given caller and returns the status; path parameters get a real id.
    static func call(_ client: any TestClientProtocol, _ route: RegisteredRoute, token: String?, accountID: AccountID) async throws -> HTTPResponse.Status {
        let path = route.path.replacingOccurrences(of: "{id}", with: accountID.rawValue).replacingOccurrences(of: ":id", with: accountID.rawValue)
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: path, method: HTTPRequest.Method(route.method)!, headers: headers, body: ByteBuffer(string: "{}")).status
    }

    /// Whether a caller with this status (nil: no session, "admin": signed-in administrator) may pass
    /// the policy check of a route, by CONTRACT.md's table.
    static func admitted(_ policy: String, status: SignInStatus?, admin: Bool) -> Bool {
        switch policy {
        case "public": return true
        case "any session": return status != nil
        case "caller": return status == .authenticated
        case let needs where needs.hasPrefix("permission:") || needs.hasPrefix("interactive:"):
            // An account without roles or organisations holds the role `user`'s permissions; an administrator all built-in ones.
            let permission = Permission(String(needs.split(separator: ":", maxSplits: 1)[1]))!
            return status == .authenticated && (admin || AccessModel.builtInRoles[AccessModel.everyoneRole]!.contains(permission))
        case let pending where pending.hasPrefix("pending:"):
            guard let status else { return false }
            return pending.dropFirst("pending:".count).split(separator: ",").map(String.init).contains(status.rawValue)
        default: return false
        }
    }

    @Test("each caller reaches exactly the routes its status allows; the rest answer 401 or 403 with the status as code")
    func statusAgainstEveryRoute() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: ["GATEHOUSE_RATE_LIMIT_LOGIN_PER_IP": "1000/60", "GATEHOUSE_RATE_LIMIT_LOGIN_PER_ACCOUNT": "1000/60"])
            let routes = try app.routes()
            // Signing out would end the caller's session for the rest of the walk.
            let registered = routes.routes.filter { $0.path != "/api/v1/auth/logout" && $0.path != "/logout" }
            let target = try await app.createAccount("target")
            try await app.createAccount("admin", roles: [.admin])
            try await app.createAccount("member")
            try await app.createAccount("unverified", verified: false)
            try await Application(router: routes.router).test(.router) { client in
                func token(_ login: String) async throws -> String {
                    let response = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
                                                            body: ByteBuffer(string: #"{"login":"\#(login)","password":"correct horse battery"}"#))
                    return (try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])?["token"] as? String ?? ""
                }
                // Sessions at every pending status, as the later sign-in steps will leave them.
                var pendingCallers: [(String, String?, SignInStatus?, Bool)] = []
                // On an account of their own: a walk through revoke-others must not end them.
                let member = try await app.createAccount("stepper")
                for status in SignInStatus.allCases where status != .authenticated {
                    let token = SecretToken.generate(SystemRandomSource())
                    let now = app.clock.now()
                    try await store.sessions.create(Session(
                        id: SessionID(rawValue: UUID().uuidString.lowercased()), tokenHash: SecretToken.hash(token), accountID: member.id,
                        status: status, createdAt: now, lastSeenAt: now, expiresAt: now.addingTimeInterval(600), authenticatedAt: now,
                        ip: nil, userAgent: nil))
                    pendingCallers.append((status.rawValue, token, status, false))
                }
                let callers: [(String, String?, SignInStatus?, Bool)] = [
                    ("anonymous", nil, nil, false),
                    ("email_verification_required (signed in)", try await token("unverified"), .emailVerificationRequired, false),
                    ("member", try await token("member"), .authenticated, false),
                    ("admin", try await token("admin"), .authenticated, true),
                ] + pendingCallers
                for (name, token, status, admin) in callers {
                    for route in registered {
                        let answer = try await Self.call(client, route, token: token, accountID: target.id)
                        // Pages send refused browsers to sign in instead of answering 401/403.
                        // A signed-in browser opening a step page it is past is sent on the same way.
                        let refused = answer == .unauthorized || answer == .forbidden
                            || (route.isPage && answer == .seeOther && (status != .authenticated || route.policy.hasPrefix("pending:")))
                        if Self.admitted(route.policy, status: status, admin: admin) {
                            // Admitted callers may still be refused by the handler itself (the check endpoint
                            // answers 401 to pending sessions, login answers 401 to a bad body), never by policy.
                            // Forms refuse an empty post themselves (CSRF token, current password) and a
                            // redirect is the success answer of some, so only the API answers count there.
                            let handlerRefuses = ["/api/v1/auth/check", "/api/v1/auth/check/{permission}", "/api/v1/auth/login", "/login", "/password-reset", "/password-reset/complete",
                                                  "/verify-email", "/verify-email/resend", "/unlock", "/account/password",
                                                  "/account/two-factor/setup", "/account/two-factor/confirm", "/account/two-factor/backup-code",
                                                  "/account/two-factor/disable", "/login/second-factor", "/login/recovery", "/two-factor/setup",
                                                  "/two-factor/reissue/cancel", "/metrics", "/access-request", "/register", "/account/tokens", "/account/tokens/rotate",
                                                  // Signed out or part-way through signing in: sent to sign in, then back.
                                                  "/invitations/accept",
                                                  // Without a backup code waiting for it, the page sends the browser on.
                                                  "/two-factor/backup-code"]
                            if !handlerRefuses.contains(route.path) {
                                #expect(!refused, "\(name) was refused \(route.method) \(route.path): \(answer)")
                            }
                        } else {
                            #expect(refused, "\(name) reached \(route.method) \(route.path) (\(route.policy)): \(answer)")
                            // Pages send browsers to sign in; form posts without a session get 401.
                            if status == nil { #expect(answer == (route.isPage && route.method == "GET" ? .seeOther : .unauthorized), "\(route.method) \(route.path)") }
                            if let status, status != .authenticated, !route.isPage, !route.path.hasPrefix("/api/v1/auth/check") {
                                #expect(answer == .forbidden, "\(name) on \(route.path)")
                            }
                        }
                    }
                }
                // A pending session's refusal names its status.
                let pending = callers[1].1 ?? ""
                let refusal = try await client.execute(uri: "/api/v1/admin/users/\(target.id)/unlock", method: .post, headers: [.authorization: "Bearer \(pending)"])
                #expect(refusal.status == .forbidden)
                #expect(String(buffer: refusal.body).contains(#""code":"email_verification_required""#))
                let check = try await client.execute(uri: "/api/v1/auth/check", method: .get, headers: [.authorization: "Bearer \(pending)"])
                #expect(check.status == .unauthorized)
            }
        }
    }
}
