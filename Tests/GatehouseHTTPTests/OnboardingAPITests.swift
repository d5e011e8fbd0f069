import Foundation
import GatehouseApp
import GatehouseCore
@testable import GatehouseHTTP
import GatehouseTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Invitations, registration with one and accepting one, through the real router, the real outbox
/// worker and the mail it composes.
@Suite("Onboarding API")
struct OnboardingAPITests {
    func json(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:]
    }

    func list(_ response: TestResponse) -> [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]]) ?? []
    }

    func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

    @Test("""
        an administrator invites into a new organisation; the mail's link registers a verified operator who goes on to consent; \
        operators invite into their own organisation only, list, resend and revoke; used, revoked, expired and unknown tokens are one invitation_invalid
        """)
    func invitations() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store)
            let admin = try await app.createAccount("root", roles: [.admin])
            let adminToken = try await GeneratedAPITests.session(app, admin, .authenticated)
            _ = try await app.dependencies.organizations.create(slug: "air", name: "Air")
            try await Application(router: try app.routes().router).test(.router) { client in
                func send(_ method: HTTPRequest.Method, _ path: String, _ body: String? = nil, as headers: HTTPFields) async throws -> TestResponse {
                    try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
                }
                let public_: HTTPFields = [.contentType: "application/json"]

                let created = try await send(.post, "/api/v1/admin/invitations", #"""
                    {"email":"Olga@Example.com","new_organization":{"slug":"rail","name":"Rail operations"},"org_role":"operator"}
                    """#, as: bearer(adminToken))
                #expect(created.status == .created)
                #expect(Set(json(created).keys) == ["id", "expires_at"])
                #expect(json(created)["expires_at"] as? String == ISO8601DateFormatter().string(from: app.clock.now().addingTimeInterval(7 * 86400)))
                let mails = try await app.deliverMail()
                #expect(mails.map(\.gatehouseKind) == ["invitation"])
                #expect(mails.first?.to.map(\.address) == ["Olga@Example.com"])
                #expect(mails.first?.subject.contains("Rail operations") == true)
                let token = try #require(mails.first?.token("/register", parameter: "invitation"))
                #expect(!String(buffer: created.body).contains(token))

                let lookup = try await send(.post, "/api/v1/invitations/lookup", #"{"token":"\#(token)"}"#, as: public_)
                #expect(lookup.status == .ok)
                #expect(json(lookup)["email"] as? String == "Olga@Example.com")
                #expect(json(lookup)["organization"] as? String == "rail" && json(lookup)["organization_name"] as? String == "Rail operations")

                let registered = try await send(.post, "/api/v1/auth/register", #"""
                    {"invitation_token":"\#(token)","username":"olga","password":"a long enough passphrase","language":"ru"}
                    """#, as: public_)
                #expect(registered.status == .created)
                #expect(json(registered)["status"] as? String == "consent_required")
                #expect(registered.headers[.setCookie]?.contains("gatehouse_session=") == true)
                let olga = try #require(try await store.accounts.account(login: "olga"))
                #expect(olga.emailVerifiedAt != nil && olga.email == "Olga@Example.com" && olga.preferredLanguage == .ru)
                let rail = try #require(try await store.organizations.organization(slug: "rail"))
                #expect(try await store.organizations.membershipRole(olga.id, in: rail.id) == .operator)

                let invalid = try await send(.post, "/api/v1/auth/register", #"""
                    {"invitation_token":"\#(token)","username":"olga2","password":"a long enough passphrase"}
                    """#, as: public_)
                #expect(invalid.status == .notFound)
                #expect(json(invalid)["code"] as? String == "invitation_invalid")
                let unknown = try await send(.post, "/api/v1/auth/register", #"""
                    {"invitation_token":"\#(SecretToken.generate(SystemRandomSource()))","username":"olga2","password":"a long enough passphrase"}
                    """#, as: public_)
                #expect(String(buffer: unknown.body) == String(buffer: invalid.body))
                #expect(String(buffer: try await send(.post, "/api/v1/invitations/lookup", #"{"token":"\#(token)"}"#, as: public_).body)
                            == String(buffer: try await send(.post, "/api/v1/invitations/lookup", #"{"token":"nonsense"}"#, as: public_).body))

                // The operator invites into rail only: air (which exists) and ships (which does not) answer alike.
                app.clock.advance(by: .seconds(1))
                let olgaToken = try await GeneratedAPITests.session(app, olga, .authenticated)
                let pavel = try await send(.post, "/api/v1/organizations/rail/invitations", #"{"email":"pavel@example.com","org_role":"member"}"#,
                                           as: bearer(olgaToken))
                #expect(pavel.status == .created)
                let pavelID = try #require(json(pavel)["id"] as? String)
                let other = try await send(.post, "/api/v1/organizations/air/invitations", #"{"email":"x@example.com","org_role":"member"}"#,
                                           as: bearer(olgaToken))
                let none = try await send(.post, "/api/v1/organizations/ships/invitations", #"{"email":"x@example.com","org_role":"member"}"#,
                                          as: bearer(olgaToken))
                #expect(other.status == .notFound && String(buffer: other.body) == String(buffer: none.body))
                #expect(try await send(.get, "/api/v1/organizations/air/invitations", as: bearer(olgaToken)).status == .notFound)
                // Creating organisations and giving platform roles are the administrator's.
                #expect(try await send(.post, "/api/v1/admin/invitations", #"{"email":"x@example.com","organization":"rail","org_role":"member"}"#,
                                       as: bearer(olgaToken)).status == .forbidden)

                let firstToken = try #require(try await app.deliverMail().first?.token("/register", parameter: "invitation"))
                let listed = list(try await send(.get, "/api/v1/organizations/rail/invitations", as: bearer(olgaToken)))
                #expect(listed.map { "\($0["email"] as? String ?? ""):\($0["state"] as? String ?? ""):\($0["invited_by"] as? String ?? "-")" }
                            == ["pavel@example.com:pending:olga", "Olga@Example.com:accepted:root"])

                let resent = try await send(.post, "/api/v1/organizations/rail/invitations/\(pavelID)/resend", as: bearer(olgaToken))
                #expect(resent.status == .accepted)
                let secondToken = try #require(try await app.deliverMail().first?.token("/register", parameter: "invitation"))
                #expect(secondToken != firstToken)
                #expect(try await send(.post, "/api/v1/invitations/lookup", #"{"token":"\#(firstToken)"}"#, as: public_).status == .notFound)
                #expect(try await send(.post, "/api/v1/invitations/lookup", #"{"token":"\#(secondToken)"}"#, as: public_).status == .ok)

                #expect(try await send(.delete, "/api/v1/organizations/rail/invitations/\(pavelID)", as: bearer(olgaToken)).status == .noContent)
                #expect(try await send(.post, "/api/v1/invitations/lookup", #"{"token":"\#(secondToken)"}"#, as: public_).status == .notFound)
                let again = try await send(.delete, "/api/v1/organizations/rail/invitations/\(pavelID)", as: bearer(olgaToken))
                #expect(again.status == .conflict)
                #expect(try await send(.post, "/api/v1/organizations/rail/invitations/\(pavelID)/resend", as: bearer(olgaToken)).status == .conflict)
                #expect(try await send(.delete, "/api/v1/organizations/air/invitations/\(pavelID)", as: bearer(adminToken)).status == .notFound)
                #expect(list(try await send(.get, "/api/v1/organizations/rail/invitations", as: bearer(adminToken))).first?["state"] as? String == "revoked")

                // An invitation past tokens.invitation_ttl is expired, and answers like any other dead one.
                app.clock.advance(by: .seconds(1))
                _ = try await send(.post, "/api/v1/organizations/rail/invitations", #"{"email":"vera@example.com","org_role":"member"}"#,
                                   as: bearer(olgaToken))
                let veraToken = try #require(try await app.deliverMail().first?.token("/register", parameter: "invitation"))
                app.clock.advance(by: .seconds(7 * 86400 + 1))
                let expired = try await send(.post, "/api/v1/auth/register", #"""
                    {"invitation_token":"\#(veraToken)","username":"vera","password":"a long enough passphrase"}
                    """#, as: public_)
                #expect(expired.status == .notFound && String(buffer: expired.body) == String(buffer: invalid.body))
                let later = try await GeneratedAPITests.session(app, olga, .authenticated)
                #expect(list(try await send(.get, "/api/v1/organizations/rail/invitations", as: bearer(later))).first?["state"] as? String == "expired")
                #expect(try await store.accounts.account(login: "vera") == nil)
            }
            let types = try await store.auditLog.records(after: 0, limit: 1000).map(\.type.rawValue)
                .filter { $0.hasPrefix("invitation.") || $0 == "account.registered" }
            #expect(types == ["invitation.created", "account.registered", "invitation.accepted", "invitation.created", "invitation.resent",
                              "invitation.revoked", "invitation.created"])
            // The invited address is personal data of the audit log: in its own column, never in the details.
            let created = try await store.auditLog.records(after: 0, limit: 1000).filter { $0.type == .invitationCreated }
            #expect(created.map(\.personal.email) == ["olga@example.com", "pavel@example.com", "vera@example.com"])
            #expect(created.allSatisfy { !$0.details.contains("@") })
            #expect(try await app.dependencies.signIn.trail.verify(store).problem == nil)
        }
    }

    @Test("an invitation to an address that has an account mails an accept link instead; its owner accepts it signed in, nobody else can; the inviter's answer is the same")
    func existingAccount() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store)
            let admin = try await app.createAccount("root", roles: [.admin])
            let anna = try await app.createAccount("anna")
            let boris = try await app.createAccount("boris")
            let adminToken = try await GeneratedAPITests.session(app, admin, .authenticated)
            _ = try await app.dependencies.organizations.create(slug: "rail", name: "Rail")
            try await Application(router: try app.routes().router).test(.router) { client in
                func send(_ method: HTTPRequest.Method, _ path: String, _ body: String? = nil, as headers: HTTPFields) async throws -> TestResponse {
                    try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
                }
                let toAnna = try await send(.post, "/api/v1/admin/invitations", #"{"email":"ANNA@example.com","organization":"rail","org_role":"member"}"#,
                                            as: bearer(adminToken))
                let toNew = try await send(.post, "/api/v1/admin/invitations", #"{"email":"new@example.com","organization":"rail","org_role":"member"}"#,
                                           as: bearer(adminToken))
                #expect(toAnna.status == toNew.status && Set(json(toAnna).keys) == Set(json(toNew).keys))
                let mails = try await app.deliverMail()
                #expect(Set(mails.compactMap(\.gatehouseKind)) == ["invitation_accept", "invitation"])
                let toHolder = try #require(mails.first { $0.gatehouseKind == "invitation_accept" })
                #expect(toHolder.to.map(\.address) == ["anna@example.com"])
                #expect(toHolder.textBody.contains("You already have an account (anna)"))
                #expect(toHolder.link("/register") == nil)
                let token = try #require(toHolder.token("/invitations/accept", parameter: "invitation"))

                // Registering with it fails: the address has an account.
                let register = try await send(.post, "/api/v1/auth/register", #"""
                    {"invitation_token":"\#(token)","username":"anna2","password":"a long enough passphrase"}
                    """#, as: [.contentType: "application/json"])
                #expect(register.status == .conflict)
                let borisToken = try await GeneratedAPITests.session(app, boris, .authenticated)
                let notHis = try await send(.post, "/api/v1/account/invitations/accept", #"{"invitation_token":"\#(token)"}"#, as: bearer(borisToken))
                #expect(notHis.status == .forbidden)
                #expect(try await send(.post, "/api/v1/account/invitations/accept", #"{"invitation_token":"\#(token)"}"#, as: [.contentType: "application/json"])
                            .status == .unauthorized)

                let annaToken = try await GeneratedAPITests.session(app, anna, .authenticated)
                let accepted = try await send(.post, "/api/v1/account/invitations/accept", #"{"invitation_token":"\#(token)"}"#, as: bearer(annaToken))
                #expect(accepted.status == .ok)
                #expect(json(accepted)["org_role"] as? String == "member")
                #expect((json(accepted)["organization"] as? [String: Any])?["slug"] as? String == "rail")
                let check = try await client.execute(uri: "/api/v1/auth/check", method: .get, headers: [.authorization: "Bearer \(annaToken)"])
                #expect(check.headers[HTTPField.Name("X-Gatehouse-Organizations")!] == "rail")
                let twice = try await send(.post, "/api/v1/account/invitations/accept", #"{"invitation_token":"\#(token)"}"#, as: bearer(annaToken))
                #expect(twice.status == .notFound && json(twice)["code"] as? String == "invitation_invalid")
            }
        }
    }

    @Test("registration: invite_only refuses sign-up without an invitation, open signs up an unverified account that must confirm its address, closed refuses all; register_per_ip applies")
    func modes() async throws {
        let body = #"{"email":"dev@example.com","username":"dev","password":"a long enough passphrase"}"#
        for (mode, status) in [("invite_only", HTTPResponse.Status.notFound), ("closed", .forbidden), ("open", .accepted)] {
            try await TestStores.withStore(.sqlite) { store in
                let app = try await TestApp.make(store, environment: ["GATEHOUSE_REGISTRATION": mode, "GATEHOUSE_RATE_LIMIT_REGISTER_PER_IP": "2/3600"])
                try await Application(router: try app.routes().router).test(.router) { client in
                    let answer = try await client.execute(uri: "/api/v1/auth/register", method: .post, headers: [.contentType: "application/json"],
                                                          body: ByteBuffer(string: body))
                    #expect(answer.status == status, "\(mode)")
                    if mode == "open" {
                        #expect(json(answer)["status"] as? String == "accepted" && answer.headers[.setCookie] == nil)
                        let account = try #require(try await store.accounts.account(login: "dev"))
                        #expect(account.emailVerifiedAt == nil)
                        #expect(try await app.deliverMail().map(\.gatehouseKind) == ["verify_email"])
                        // The same address again: nothing is created, the owner is told, and the answer is the same.
                        let again = try await client.execute(uri: "/api/v1/auth/register", method: .post, headers: [.contentType: "application/json"],
                                                             body: ByteBuffer(string: #"{"email":"DEV@example.com","username":"dev2","password":"a long enough passphrase"}"#))
                        #expect(again.status == .accepted && String(buffer: again.body) == String(buffer: answer.body))
                        #expect(try await store.accounts.account(login: "dev2") == nil)
                        #expect(try await app.deliverMail().map(\.gatehouseKind) == ["email_in_use"])
                    } else {
                        #expect(try await store.accounts.account(login: "dev") == nil)
                    }
                    // The limit counts every attempt from the address, good or bad.
                    _ = try await client.execute(uri: "/api/v1/auth/register", method: .post, headers: [.contentType: "application/json"],
                                                 body: ByteBuffer(string: #"{"username":"x","password":"a long enough passphrase"}"#))
                    let limited = try await client.execute(uri: "/api/v1/auth/register", method: .post, headers: [.contentType: "application/json"],
                                                           body: ByteBuffer(string: body))
                    #expect(limited.status == (mode == "closed" ? .forbidden : .tooManyRequests), "\(mode)")
                }
            }
        }
    }

    @Test("an inviter mails at most rate_limit.invitations_per_inviter invitations (sent or resent); then 429, and another inviter is not affected")
    func perInviter() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: ["GATEHOUSE_RATE_LIMIT_INVITATIONS_PER_INVITER": "2/3600"])
            let olga = try await app.createAccount("olga")
            let root = try await app.createAccount("root", roles: [.admin])
            _ = try await app.dependencies.organizations.create(slug: "rail", name: "Rail")
            try await app.dependencies.organizations.setMember(olga.id, of: "rail", role: .operator)
            let olgaToken = try await GeneratedAPITests.session(app, olga, .authenticated)
            let rootToken = try await GeneratedAPITests.session(app, root, .authenticated)
            try await Application(router: try app.routes().router).test(.router) { client in
                func invite(_ email: String, as token: String) async throws -> TestResponse {
                    try await client.execute(uri: "/api/v1/organizations/rail/invitations", method: .post, headers: bearer(token),
                                             body: ByteBuffer(string: #"{"email":"\#(email)","org_role":"member"}"#))
                }
                let first = try await invite("a@example.com", as: olgaToken)
                #expect(first.status == .created)
                let id = try #require(json(first)["id"] as? String)
                #expect(try await client.execute(uri: "/api/v1/organizations/rail/invitations/\(id)/resend", method: .post, headers: bearer(olgaToken))
                            .status == .accepted)
                let limited = try await invite("b@example.com", as: olgaToken)
                #expect(limited.status == .tooManyRequests && limited.headers[.retryAfter] != nil)
                #expect(try await invite("b@example.com", as: rootToken).status == .created)
            }
            let rail = try #require(try await store.organizations.organization(slug: "rail"))
            #expect(try await store.invitations.invitations(of: rail.id).map(\.emailNormalized).sorted() == ["a@example.com", "b@example.com"])
        }
    }
}
