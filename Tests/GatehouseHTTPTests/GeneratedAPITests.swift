import Foundation
import GatehouseApp
import GatehouseCore
@testable import GatehouseHTTP
import GatehouseTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OpenAPIRuntime
import Synchronization
import Testing

/// The JSON API as generated from openapi.yaml: policies from the document, contexts earned by policy,
/// and the glue around the OpenAPI runtime (bodies, content types, cookies, errors).
@Suite("Generated API")
struct GeneratedAPITests {
    @Test("the policies the document writes parse, and nothing else does")
    func declaredPolicies() {
        #expect(RoutePolicy(declared: "public") == .public)
        #expect(RoutePolicy(declared: "any session") == .anySession)
        #expect(RoutePolicy(declared: "caller") == .caller)
        #expect(RoutePolicy(declared: "permission:account:read") == .permission(.accountRead))
        #expect(RoutePolicy(declared: "interactive:admin:users") == .interactive(.adminUsers))
        #expect(RoutePolicy(declared: "permission:reports:export") == .permission(Permission("reports:export")!))
        #expect(RoutePolicy(declared: "pending:second_factor_required,consent_required") == .pending([.secondFactorRequired, .consentRequired]))
        for nonsense in ["", "role:", "role:admin", "authenticated", "pending:", "pending:authenticated", "pending:nonsense", "Public",
                         "permission:", "permission:account", "permission:Account:read", "interactive:account:read:x", "permission:account:read "] {
            #expect(RoutePolicy(declared: nonsense) == nil, "\(nonsense)")
        }
        // Every operation of the document has a policy that parses.
        #expect(OpenAPIDocument.declaredPolicies.count >= 40)
        for (operation, policy) in OpenAPIDocument.declaredPolicies {
            #expect(RoutePolicy(declared: policy) != nil, "\(operation): \(policy)")
        }
    }

    @Test("an operation the document declares no policy for is routed but refused to everyone (deny by default)")
    func undeclaredOperationIsRefused() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store)
            let routes = try app.routes()
            let ran = Counter()
            try OperationTransport(routes: routes).register({ _, _, _ in
                ran.increment()
                return (HTTPResponse(status: .ok), nil)
            }, method: .get, path: "/api/v1/not-in-the-document")
            #expect(routes.routes.contains { $0.path == "/api/v1/not-in-the-document" && $0.policy == "undeclared" })
            let alice = try await app.createAccount("alice", roles: [.admin])
            let token = try await Self.session(app, alice, .authenticated)
            try await Application(router: routes.router).test(.router) { client in
                let anonymous = try await client.execute(uri: "/api/v1/not-in-the-document", method: .get)
                #expect(anonymous.status == .forbidden)
                let admin = try await client.execute(uri: "/api/v1/not-in-the-document", method: .get, headers: [.authorization: "Bearer \(token)"])
                #expect(admin.status == .forbidden)
            }
            #expect(ran.value == 0)
        }
    }

    @Test("a route registered with an earned context cannot run without what it earns, whatever its policy says")
    func earnedContexts() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store)
            let routes = try app.routes()
            // Deliberately mismatched: a public policy with contexts that need a session.
            routes.page(.get, "/test/signed-in", policy: .public, context: SignedInContext.self) { _, context in
                HTMLPage(html: context.account.username)
            }
            routes.page(.get, "/test/session", policy: .public, context: SessionContext.self) { _, context in
                HTMLPage(html: context.record.session.status.rawValue)
            }
            let alice = try await app.createAccount("alice")
            let signedIn = try await Self.session(app, alice, .authenticated)
            let pending = (token: try await Self.session(app, alice, .secondFactorRequired), status: SignInStatus.secondFactorRequired)
            try await Application(router: routes.router).test(.router) { client in
                #expect(try await client.execute(uri: "/test/signed-in", method: .get).status == .unauthorized)
                #expect(try await client.execute(uri: "/test/session", method: .get).status == .unauthorized)
                let early = try await client.execute(uri: "/test/signed-in", method: .get, headers: [.authorization: "Bearer \(pending.token)"])
                #expect(early.status == .forbidden)
                #expect(String(buffer: early.body).contains(pending.status.rawValue))
                let session = try await client.execute(uri: "/test/session", method: .get, headers: [.authorization: "Bearer \(pending.token)"])
                #expect(String(buffer: session.body) == pending.status.rawValue)
                let done = try await client.execute(uri: "/test/signed-in", method: .get, headers: [.authorization: "Bearer \(signedIn)"])
                #expect(String(buffer: done.body) == "alice")
            }
        }
    }

    @Test("every value Core can answer is one the document lists")
    func coreValuesAreDocumented() {
        for status in SignInStatus.allCases { #expect(Components.Schemas.SignInStatus(rawValue: status.rawValue) != nil, "\(status)") }
        for language in Language.allCases { #expect(Components.Schemas.Language(rawValue: language.rawValue) != nil, "\(language)") }
        for status in AccountStatus.allCases { #expect(Components.Schemas.AccountStatus(rawValue: status.rawValue) != nil, "\(status)") }
        for code in ErrorCode.allCases { #expect(Components.Schemas.ErrorCode(rawValue: code.rawValue) != nil, "\(code)") }
        for role in OrgRole.allCases { #expect(Components.Schemas.OrgRole(rawValue: role.rawValue) != nil, "\(role)") }
        for state in InvitationState.allCases { #expect(Components.Schemas.InvitationState(rawValue: state.rawValue) != nil, "\(state)") }
        for state in AccessRequestState.allCases { #expect(Components.Schemas.AccessRequestState(rawValue: state.rawValue) != nil, "\(state)") }
    }

    @Test("operations answer compact JSON marked no-store, refuse other content types before any work, and ignore Accept")
    func operationGlue() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store)
            let alice = try await app.createAccount("alice")
            try await Application(router: try app.routes().router).test(.router) { client in
                let login = ByteBuffer(string: #"{"login":"alice","password":"correct horse battery"}"#)
                let plain = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "text/plain"], body: login)
                #expect(plain.status == .unsupportedMediaType)
                #expect(String(buffer: plain.body).contains(#""code":"unsupported_media_type""#))
                let none = try await client.execute(uri: "/api/v1/auth/login", method: .post, body: login)
                #expect(none.status == .unsupportedMediaType, "a body without a content type is not taken for JSON")
                let sessions = try await app.dependencies.accountSessions.list(for: alice.id)
                #expect(sessions.isEmpty, "no sign-in happened")

                let answer = try await client.execute(uri: "/api/v1/auth/login", method: .post,
                                                      headers: [.contentType: "application/json", .accept: "text/html"], body: login)
                #expect(answer.status == .ok, "Accept does not refuse an answer whose work is done")
                #expect(answer.headers[.cacheControl] == "no-store")
                #expect(answer.headers[.contentType]?.hasPrefix("application/json") == true)
                #expect(answer.headers[.setCookie]?.hasPrefix("gatehouse_session=") == true, "the cookie is set as written, not percent-encoded")
                let text = String(buffer: answer.body)
                #expect(!text.contains("\n") && !text.contains(#"\/"#), "compact, slashes as they are: \(text)")
                let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: answer.body)) as? [String: Any])
                #expect((object["expires_at"] as? String)?.hasSuffix("Z") == true)
                #expect(object["new_backup_code"] == nil, "optional fields are left out, never null")

                let missing = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
                                                       body: ByteBuffer(string: #"{"login":"alice"}"#))
                #expect(missing.status == .badRequest)
                #expect(String(buffer: missing.body).contains(#""field":"password""#))
                let mistyped = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
                                                        body: ByteBuffer(string: #"{"login":"alice","password":7}"#))
                #expect(String(buffer: mistyped.body).contains(#""code":"invalid_type""#))
                let broken = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
                                                      body: ByteBuffer(string: "{"))
                #expect(broken.status == .badRequest)
                for notJSON in ["text/plain; x=+json", "application/jsonx", "application/json-patch", "multipart/form-data; boundary=+json"] {
                    let refused = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: notJSON], body: login)
                    #expect(refused.status == .unsupportedMediaType, "\(notJSON)")
                }
                let withCharset = try await client.execute(uri: "/api/v1/auth/login", method: .post,
                                                           headers: [.contentType: "Application/JSON; charset=utf-8"], body: login)
                #expect(withCharset.status == .ok)
                let vendor = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/vnd.gatehouse+json"],
                                                      body: login)
                #expect(vendor.status == .ok, "any +json type is JSON, as it always was")
                let token = try #require(try JSONSerialization.jsonObject(with: Data(buffer: vendor.body)) as? [String: Any])["token"] as? String
                let bearer: HTTPFields = [.authorization: "Bearer \(try #require(token))"]
                // A query the form encoding cannot read is the client's mistake, never a server error.
                for query in ["?x", "?&lang=en", "?1234", "?lang=en&&"] {
                    let answer = try await client.execute(uri: "/api/v1/account/sessions" + query, method: .get, headers: bearer)
                    #expect(answer.status.code < 500, "\(query): \(answer.status)")
                }
                let listed = try await client.execute(uri: "/api/v1/account/sessions?lang=de", method: .get, headers: bearer)
                #expect(listed.status == .ok, "a language the server does not speak is ignored")
            }
        }
    }
}

extension GeneratedAPITests {
    /// A session of `account` at `status`, written directly; its bearer token.
    static func session(_ app: TestApp, _ account: Account, _ status: SignInStatus) async throws -> String {
        let token = SecretToken.generate(SystemRandomSource())
        let now = app.clock.now()
        try await app.dependencies.store.sessions.create(Session(
            id: SessionID(rawValue: UUID().uuidString.lowercased()), tokenHash: SecretToken.hash(token), accountID: account.id,
            status: status, createdAt: now, lastSeenAt: now, expiresAt: now.addingTimeInterval(600), authenticatedAt: now,
            ip: nil, userAgent: nil))
        return token
    }
}

/// Counts calls from concurrent handlers.
final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
