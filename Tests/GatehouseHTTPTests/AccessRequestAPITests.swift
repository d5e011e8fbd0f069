import Foundation
import GatehouseApp
import GatehouseCore
@testable import GatehouseHTTP
import GatehouseTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Access requests through the real router and the real outbox worker.
@Suite("Access requests API")
struct AccessRequestAPITests {
    func json(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:]
    }

    func list(_ response: TestResponse) -> [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]]) ?? []
    }

    func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

    @Test("a request makes the same store calls whether or not the address has an account or the organisation exists")
    func sameCalls() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store)
            try await app.createAccount("alice")
            _ = try await app.dependencies.organizations.create(slug: "rail", name: "Rail")
            let recording = RecordingStore(store)
            let deps = app.dependencies
            let invitations = Invitations(store: recording, trail: deps.signIn.trail, clock: app.clock, random: SystemRandomSource(),
                                          mail: deps.invitations.mail, configuration: deps.invitations.configuration)
            let accessRequests = AccessRequests(invitations: invitations, limiter: RateLimiter(store: recording.rateLimits, keys: TestStores.keys, clock: app.clock),
                                                configuration: deps.accessRequests.configuration)
            var traces: [[String]] = []
            for (address, organization) in [("alice@example.com", "rail"), ("nobody@example.com", "ships")] {
                recording.reset()
                try await accessRequests.submit(AccessRequestSubmission(name: "Someone", email: address, organization: organization, message: "Hello"),
                                                request: RequestInfo(ip: IPAddress("192.0.2.1")))
                traces.append(recording.calls)
            }
            #expect(traces[0] == traces[1], "\(traces)")
            #expect(traces[0].contains("tx.accessRequests") && traces[0].contains("tx.outbox.enqueue(job.access_request)"))
            #expect(!traces[0].contains { $0.contains("accounts") || $0.contains("organizations") }, "the worker routes it later")
        }
    }

    @Test("""
        operators of the named organisation are mailed (administrators when it names none, or none with operators), with the requester's text escaped; \
        an address with an account is told by mail; operators see their queue only; approve sends an invitation, reject may mail politely, each once
        """)
    func queue() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store)
            let root = try await app.createAccount("root", roles: [.admin])
            let olga = try await app.createAccount("olga")
            try await app.createAccount("anna")
            let organizations = app.dependencies.organizations
            _ = try await organizations.create(slug: "rail", name: "Rail operations")
            _ = try await organizations.create(slug: "air", name: "Air")
            try await organizations.setMember(olga.id, of: "rail", role: .operator)
            let rootToken = try await GeneratedAPITests.session(app, root, .authenticated)
            let olgaToken = try await GeneratedAPITests.session(app, olga, .authenticated)
            try await Application(router: try app.routes().router).test(.router) { client in
                func send(_ method: HTTPRequest.Method, _ path: String, _ body: String? = nil, as headers: HTTPFields) async throws -> TestResponse {
                    try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
                }
                let anyone: HTTPFields = [.contentType: "application/json"]
                let vera = try await send(.post, "/api/v1/access-requests", #"""
                    {"name":"Vera <b>V</b>","email":"vera@example.com","organization":"Rail","message":"<script>x</script> Hi,\nplease let me in"}
                    """#, as: anyone)
                #expect(vera.status == .accepted)
                let toOperator = try await app.deliverMail()
                #expect(toOperator.map(\.gatehouseKind) == ["access_request"])
                #expect(toOperator.first?.to.map(\.address) == ["olga@example.com"])
                let html = try #require(toOperator.first?.htmlBody)
                #expect(html.contains("Vera &lt;b&gt;V&lt;/b&gt;") && !html.contains("<b>V</b>"))
                #expect(html.contains("&lt;script&gt;x&lt;/script&gt;") && !html.contains("<script>"))
                #expect(toOperator.first?.subject == "New access request for Rail operations — Gatehouse")
                #expect(toOperator.first?.link("/organizations/rail") != nil)

                // An address with an account, naming an organisation that does not exist: the same answer on screen.
                let anna = try await send(.post, "/api/v1/access-requests", #"{"name":"Anna","email":"anna@example.com","organization":"ships"}"#, as: anyone)
                #expect(anna.status == vera.status && String(buffer: anna.body) == String(buffer: vera.body))
                let annaMails = try await app.deliverMail()
                #expect(Set(annaMails.compactMap(\.gatehouseKind)) == ["access_request", "access_request_account_exists"])
                #expect(annaMails.first { $0.gatehouseKind == "access_request" }?.to.map(\.address) == ["root@example.com"])
                #expect(annaMails.first { $0.gatehouseKind == "access_request" }?.link("/admin/organizations") != nil, "the administrators' queue")
                let exists = try #require(annaMails.first { $0.gatehouseKind == "access_request_account_exists" })
                #expect(exists.to.map(\.address) == ["anna@example.com"] && exists.link("/password-reset") != nil && exists.link("/login") != nil)
                // An organisation without operators: the administrators.
                #expect(try await send(.post, "/api/v1/access-requests", #"{"name":"Xena","email":"xena@example.com","organization":"air"}"#,
                                       as: anyone).status == .accepted)
                #expect(try await app.deliverMail().map { $0.to.map(\.address) } == [["root@example.com"]])

                let olgaQueue = list(try await send(.get, "/api/v1/organizations/rail/access-requests", as: bearer(olgaToken)))
                #expect(olgaQueue.map { $0["email"] as? String } == ["vera@example.com"])
                #expect(olgaQueue.first?["message"] as? String == "<script>x</script> Hi,\nplease let me in")
                #expect(olgaQueue.first?["state"] as? String == "open" && olgaQueue.first?["organization"] as? String == "rail")
                #expect(try await send(.get, "/api/v1/organizations/air/access-requests", as: bearer(olgaToken)).status == .notFound)
                #expect(try await send(.get, "/api/v1/admin/access-requests", as: bearer(olgaToken)).status == .forbidden)
                let all = list(try await send(.get, "/api/v1/admin/access-requests", as: bearer(rootToken)))
                #expect(all.count == 3)
                let veraID = try #require(olgaQueue.first?["id"] as? String)
                let annaID = try #require(all.first { $0["email"] as? String == "anna@example.com" }?["id"] as? String)
                let xenaID = try #require(all.first { $0["email"] as? String == "xena@example.com" }?["id"] as? String)

                // Olga decides rail's requests only.
                #expect(try await send(.post, "/api/v1/organizations/rail/access-requests/\(xenaID)/approve", "{}", as: bearer(olgaToken)).status == .notFound)
                let approved = try await send(.post, "/api/v1/organizations/rail/access-requests/\(veraID)/approve", #"{"org_role":"member"}"#,
                                              as: bearer(olgaToken))
                #expect(approved.status == .created)
                let invitation = try await app.deliverMail()
                #expect(invitation.map(\.gatehouseKind) == ["invitation"] && invitation.first?.to.map(\.address) == ["vera@example.com"])
                #expect(invitation.first?.token("/register", parameter: "invitation") != nil)
                #expect(try await send(.post, "/api/v1/organizations/rail/access-requests/\(veraID)/approve", "{}", as: bearer(olgaToken)).status == .conflict)
                #expect(try await send(.post, "/api/v1/organizations/rail/access-requests/\(veraID)/reject", "{}", as: bearer(olgaToken)).status == .conflict)
                let decided = list(try await send(.get, "/api/v1/organizations/rail/access-requests", as: bearer(olgaToken))).first
                #expect(decided?["state"] as? String == "approved" && decided?["decided_by"] as? String == "olga" && decided?["decided_at"] != nil)

                // The administrator: a request naming no organisation needs one to approve into; reject may tell the requester.
                let noOrganization = try await send(.post, "/api/v1/admin/access-requests/\(annaID)/approve", "{}", as: bearer(rootToken))
                #expect(noOrganization.status == .badRequest && String(buffer: noOrganization.body).contains(#""field":"organization""#))
                #expect(try await send(.post, "/api/v1/admin/access-requests/\(annaID)/reject", #"{"notify":true}"#, as: bearer(rootToken)).status == .noContent)
                let rejected = try await app.deliverMail()
                #expect(rejected.map(\.gatehouseKind) == ["access_request_rejected"] && rejected.first?.to.map(\.address) == ["anna@example.com"])
                #expect(rejected.first?.textBody.hasPrefix("Hello, Anna,") == true)
                #expect(try await send(.post, "/api/v1/admin/access-requests/\(xenaID)/approve", #"{"org_role":"operator"}"#, as: bearer(rootToken))
                            .status == .created)
                let air = try #require(try await store.organizations.organization(slug: "air"))
                #expect(try await store.invitations.invitations(of: air.id).map { "\($0.emailNormalized):\($0.orgRole.rawValue)" } == ["xena@example.com:operator"])
            }
            let events = try await store.auditLog.records(after: 0, limit: 1000).filter { $0.type.rawValue.hasPrefix("access_request.") }
            #expect(events.map(\.type.rawValue) == ["access_request.received", "access_request.routed", "access_request.received",
                                                    "access_request.routed", "access_request.received", "access_request.routed",
                                                    "access_request.approved", "access_request.rejected", "access_request.approved"])
            #expect(events.map(\.personal.email) == ["vera@example.com", "vera@example.com", "anna@example.com", "anna@example.com", "xena@example.com",
                                                     "xena@example.com", "vera@example.com", "anna@example.com", "xena@example.com"])
            let routed = events.filter { $0.type == .accessRequestRouted }.map { $0.details }
            #expect(routed[0].contains(#""to":"operators""#) && routed[1].contains(#""to":"administrators""#) && routed[2].contains(#""to":"administrators""#))
            #expect(events.allSatisfy { !$0.details.contains("@") })
        }
    }

    @Test("what a stranger types is checked: name, address, slug and message; per-address and per-IP limits apply")
    func validationAndLimits() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: ["GATEHOUSE_RATE_LIMIT_ACCESS_REQUEST_PER_ADDRESS": "2/3600",
                                                                  "GATEHOUSE_RATE_LIMIT_ACCESS_REQUEST_PER_IP": "5/3600"])
            try await Application(router: try app.routes().router).test(.router) { client in
                func submit(_ body: String) async throws -> TestResponse {
                    try await client.execute(uri: "/api/v1/access-requests", method: .post, headers: [.contentType: "application/json"],
                                             body: ByteBuffer(string: body))
                }
                let long = String(repeating: "a", count: 2001)
                for (body, field) in [(#"{"name":"","email":"v@example.com"}"#, "name"), (#"{"name":"V\u202Eera","email":"v@example.com"}"#, "name"),
                                      (#"{"name":"Vera","email":"not an address"}"#, "email"),
                                      (#"{"name":"Vera","email":"v@example.com","organization":"rail ops"}"#, "organization"),
                                      (#"{"name":"Vera","email":"v@example.com","message":"\#(long)"}"#, "message"),
                                      (#"{"name":"Vera","email":"v@example.com","message":"bell \u0007"}"#, "message")] {
                    let refused = try await submit(body)
                    #expect(refused.status == .badRequest, "\(body)")
                    #expect(String(buffer: refused.body).contains(#""field":"\#(field)""#), "\(body)")
                }
                #expect(try await store.accessRequests.accessRequests(of: nil).isEmpty)
                for _ in 0..<2 { #expect(try await submit(#"{"name":"Vera","email":"vera@example.com"}"#).status == .accepted) }
                #expect(try await submit(#"{"name":"Vera","email":"VERA@example.com"}"#).status == .tooManyRequests)
                #expect(try await submit(#"{"name":"Ivan","email":"ivan@example.com"}"#).status == .accepted)
                #expect(try await submit(#"{"name":"Ivan","email":"ivan2@example.com"}"#).status == .accepted)
                #expect(try await submit(#"{"name":"Ivan","email":"ivan3@example.com"}"#).status == .tooManyRequests)
                #expect(try await store.accessRequests.accessRequests(of: nil).count == 4)
            }
        }
        // registration: closed: nobody is invited in from outside, so nobody may ask.
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: ["GATEHOUSE_REGISTRATION": "closed"])
            try await Application(router: try app.routes().router).test(.router) { client in
                let refused = try await client.execute(uri: "/api/v1/access-requests", method: .post, headers: [.contentType: "application/json"],
                                                       body: ByteBuffer(string: #"{"name":"Vera","email":"vera@example.com"}"#))
                #expect(refused.status == .forbidden)
                #expect(!String(buffer: try await client.execute(uri: "/login", method: .get).body).contains(#"href="/access-request""#))
                #expect(try await store.accessRequests.accessRequests(of: nil).isEmpty)
            }
        }
    }
}
