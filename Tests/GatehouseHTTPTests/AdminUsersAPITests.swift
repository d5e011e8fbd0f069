import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseHTTP
import GatehouseTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Finding accounts and setting their roles through `/api/v1/admin/users` (#17, user administration).
@Suite("Admin API: users")
struct AdminUsersAPITests {
    static let generous = ["GATEHOUSE_RATE_LIMIT_LOGIN_PER_IP": "1000/60", "GATEHOUSE_RATE_LIMIT_LOGIN_PER_ACCOUNT": "1000/60"]

    func session(_ client: any TestClientProtocol, _ user: String) async throws -> String {
        let response = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders, body: loginBody(user, "correct horse battery"))
        #expect(response.status == .ok)
        return json(response)["token"] as? String ?? ""
    }

    func page(_ client: any TestClientProtocol, _ token: String, _ query: String) async throws -> (users: [[String: Any]], next: String?, status: HTTPResponse.Status) {
        let response = try await client.execute(uri: "/api/v1/admin/users?" + query, method: .get, headers: [.authorization: "Bearer \(token)"])
        let object = json(response)
        return ((object["users"] as? [[String: Any]]) ?? [], object["next_cursor"] as? String, response.status)
    }

    @Test("10,000 accounts page by username with a cursor: stable order, no duplicates or gaps while accounts are added; prefixes of username and email match literally",
          arguments: [StoreBackend.sqlite, .postgres])
    func search(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let app = try await TestApp.make(store, environment: Self.generous)
            try await app.createAccount("root", roles: [.admin])
            let now = app.clock.now()
            @Sendable func new(_ username: String, _ email: String) throws -> NewAccount {
                let user = try IdentifierNormalizer.username(username)
                let mail = try IdentifierNormalizer.email(email)
                return NewAccount(id: SystemRandomSource().accountID(at: now), username: user.display, usernameNormalized: user.normalized,
                                  email: mail.display, emailNormalized: mail.normalized, emailVerifiedAt: now, passwordHash: "x", roles: [],
                                  preferredLanguage: .en, createdAt: now)
            }
            try await store.transaction { tx in
                for index in 0..<10_000 {
                    _ = try await tx.accounts.create(try new(String(format: "user%05d", index), String(format: "p%05d@mail.example", index)))
                }
                _ = try await tx.accounts.create(try new("a_b", "first@example.com"))
                _ = try await tx.accounts.create(try new("axb", "second@example.com"))
            }
            try await Application(router: app.routes().router).test(.router) { client in
                let token = try await session(client, "root")
                var seen: [String] = []
                var cursor: String?
                var pages = 0
                repeat {
                    let answer = try await page(client, token, "query=user&limit=200" + (cursor.map { "&cursor=" + $0 } ?? ""))
                    #expect(answer.status == .ok)
                    seen += answer.users.compactMap { $0["username"] as? String }
                    cursor = answer.next
                    pages += 1
                    if pages == 10 {
                        // Accounts created meanwhile: one sorting before the cursor, one after.
                        _ = try await store.accounts.create(try new("user00000a", "late1@example.com"))
                        _ = try await store.accounts.create(try new("user09999z", "late2@example.com"))
                    }
                } while cursor != nil && pages < 100
                #expect(pages == 51)
                let expected = (0..<10_000).map { String(format: "user%05d", $0) }
                #expect(Set(seen).count == seen.count, "no duplicates")
                #expect(seen.filter { $0 != "user09999z" } == expected, "every account once, in order")
                #expect(seen.contains("user09999z") && !seen.contains("user00000a"))

                let byEmail = try await page(client, token, "query=P0000&limit=50")
                #expect(byEmail.users.count == 10 && byEmail.next == nil)
                let first = try #require(byEmail.users.first)
                #expect(first["email"] as? String == "p00000@mail.example" && first["state"] as? String == "active")
                #expect(first["two_factor"] as? Bool == false && first["email_verified"] as? Bool == true && (first["organizations"] as? [String]) == [])
                let literal = try await page(client, token, "query=a_&limit=50")
                #expect(literal.users.compactMap { $0["username"] as? String } == ["a_b"], "an underscore is not a wildcard")
                #expect(try await page(client, token, "query=%25&limit=50").users.isEmpty, "nor is a percent sign")
                #expect(try await page(client, token, "limit=0").status == .badRequest)
                #expect(try await page(client, token, "cursor=nonsense").status == .badRequest)
            }
        }
    }

    @Test("create: no password travels; the person is mailed a set-your-password link, which verifies the address; roles only from a session; nothing half-made",
          arguments: [StoreBackend.sqlite, .postgres])
    func create(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let app = try await TestApp.make(store, environment: Self.generous)
            try await app.createAccount("root", roles: [.admin])
            _ = try await app.dependencies.organizations.create(slug: "rail", name: "Rail")
            try await Application(router: app.routes().router).test(.router) { client in
                let rootSession = try await session(client, "root")
                func create(_ object: [String: Any], _ credential: String) async throws -> TestResponse {
                    try await client.execute(uri: "/api/v1/admin/users", method: .post, headers: bearer(credential), body: body(object))
                }
                let created = try await create(["username": "Newbie", "email": "Newbie@Example.com", "organization": "rail", "org_role": "operator"], rootSession)
                #expect(created.status == .created, "\(String(buffer: created.body))")
                let user = try #require(json(created)["user"] as? [String: Any])
                #expect(user["username"] as? String == "Newbie" && user["email_verified"] as? Bool == false)
                let newbie = try #require(try await store.accounts.account(login: "newbie"))
                #expect(newbie.organizations["rail"] == .operator)

                // The mail: a link to set the password; nobody can sign in before.
                let mail = try #require(try await app.deliverMail().first { $0.gatehouseKind == "account_created" })
                #expect(mail.to.map(\.address) == ["Newbie@Example.com"] && mail.subject.contains("set your password"))
                let link = try #require(mail.token("/password-reset/complete"))
                #expect(try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders,
                                                 body: loginBody("newbie", "correct horse battery")).status == .unauthorized)
                let set = try await client.execute(uri: "/api/v1/auth/password-reset/complete", method: .post, headers: jsonHeaders,
                                                   body: body(["token": link, "new_password": "correct horse battery"]))
                #expect(set.status == .ok)
                #expect(try await store.accounts.account(id: newbie.id)?.emailVerifiedAt != nil, "setting the password verified the address")
                let listed = try await page(client, rootSession, "query=newbie")
                #expect(listed.users.first?["last_sign_in_at"] == nil, "never signed in")
                // (The consent step is another feature's; taken as given here.)
                _ = try await store.accounts.recordConsent(newbie.id, version: app.settings.consentVersion, ip: nil, at: app.clock.now())
                let login = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders,
                                                     body: loginBody("newbie", "correct horse battery"))
                #expect(login.status == .ok && json(login)["status"] as? String == "authenticated", "\(String(buffer: login.body))")
                let signedIn = try await page(client, rootSession, "query=newbie")
                #expect(signedIn.users.first?["last_sign_in_at"] as? String == ISO8601DateFormatter().string(from: app.clock.now()))
                let events = try await store.auditLog.recent(subject: newbie.id, limit: 20).map(\.type)
                #expect(events.contains(.accountCreated) && events.contains(.organizationMemberAdded) && events.contains(.emailVerified))

                // Taken names, unknown organisations: 409 / 404, and nothing is left behind.
                let taken = try await create(["username": "newbie", "email": "other@example.com"], rootSession)
                #expect(taken.status == .conflict && json(taken)["code"] as? String == "already_taken")
                let nowhere = try await create(["username": "lost", "email": "lost@example.com", "organization": "ships"], rootSession)
                #expect(nowhere.status == .notFound)
                #expect(try await store.accounts.account(login: "lost") == nil)
                #expect(try await create(["username": "bad name!", "email": "x@example.com"], rootSession).status == .badRequest)

                // A token with admin:users may create, but grants no role.
                let rootToken = try #require(json(try await client.execute(uri: "/api/v1/account/tokens", method: .post, headers: bearer(rootSession), body: body([
                    "name": "rw", "permission_group": "read_write", "expires_at": ISO8601DateFormatter().string(from: app.clock.now().addingTimeInterval(3600))])))["token"] as? String)
                #expect(try await create(["username": "robot", "email": "robot@example.com"], rootToken).status == .created)
                #expect(try await create(["username": "boss", "email": "boss@example.com", "roles": ["admin"]], rootToken).status == .forbidden)
                #expect(try await store.accounts.account(login: "boss") == nil)
                #expect(try await create(["username": "boss", "email": "boss@example.com", "roles": ["admin"]], rootSession).status == .created)
            }
        }
    }

    @Test("erase: the account and all hanging off it go, its personal data leaves the audit log, and the chain still verifies",
          arguments: [StoreBackend.sqlite, .postgres])
    func erase(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let app = try await TestApp.make(store, environment: Self.generous)
            let root = try await app.createAccount("root", roles: [.admin])
            let gone = try await app.createAccount("gone")
            let stays = try await app.createAccount("stays")
            try await Application(router: app.routes().router).test(.router) { client in
                let rootSession = try await session(client, "root")
                // Audit records carrying gone's user agent: a failed and a good sign-in, a token.
                var headers = jsonHeaders
                headers[.userAgent] = "GoneBrowser/1.0"
                _ = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: headers, body: loginBody("gone", "wrong password"))
                let goneSession = json(try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: headers,
                                                                body: loginBody("gone", "correct horse battery")))["token"] as? String ?? ""
                let token = try #require(json(try await client.execute(uri: "/api/v1/account/tokens", method: .post, headers: bearer(goneSession), body: body([
                    "name": "ci", "permission_group": "read_only", "expires_at": ISO8601DateFormatter().string(from: app.clock.now().addingTimeInterval(3600))])))["token"] as? String)
                _ = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: headers, body: loginBody("stays", "correct horse battery"))
                // Their address elsewhere: an access request typed with it, an invitation to it, mail queued for it.
                #expect(try await client.execute(uri: "/api/v1/access-requests", method: .post, headers: jsonHeaders,
                                                 body: body(["name": "Gone again", "email": "GONE@example.com"])).status == .accepted)
                #expect(try await client.execute(uri: "/api/v1/admin/invitations", method: .post, headers: bearer(rootSession), body: body([
                    "email": "gone@example.com", "new_organization": ["slug": "gone-org", "name": "Gone Org"], "org_role": "member"])).status == .created)
                let before = try await store.auditLog.recent(subject: gone.id, limit: 50)
                #expect(before.contains { $0.personal.userAgent == "GoneBrowser/1.0" })

                func erase(_ id: AccountID, _ reason: String, _ credential: String) async throws -> TestResponse {
                    try await client.execute(uri: "/api/v1/admin/users/\(id)/erase", method: .post, headers: bearer(credential), body: body(["reason": reason]))
                }
                #expect(try await erase(gone.id, "too short", rootSession).status == .badRequest)
                #expect(try await erase(root.id, "asked to be forgotten by mail", rootSession).status == .forbidden, "not oneself")
                let adminToken = try #require(json(try await client.execute(uri: "/api/v1/account/tokens", method: .post, headers: bearer(rootSession), body: body([
                    "name": "rw", "permission_group": "read_write", "expires_at": ISO8601DateFormatter().string(from: app.clock.now().addingTimeInterval(3600))])))["token"] as? String)
                #expect(try await erase(gone.id, "asked to be forgotten by mail", adminToken).status == .forbidden, "never with a token")

                #expect(try await erase(gone.id, "asked to be forgotten by mail", rootSession).status == .noContent)
                #expect(try await store.accounts.account(id: gone.id) == nil)
                #expect(try await client.execute(uri: "/api/v1/auth/session", method: .get, headers: bearer(goneSession)).status == .unauthorized)
                #expect(try await client.execute(uri: "/api/v1/auth/check", method: .get, headers: [.authorization: "Bearer \(token)"]).status == .unauthorized)
                #expect(try await store.apiTokens.count(accountID: gone.id) == 0)
                let after = try await store.auditLog.recent(subject: gone.id, limit: 50)
                #expect(after.count == before.count + 1, "the records stay")
                #expect(after.filter { $0.type != .accountErased }.allSatisfy { $0.personal.isEmpty }, "their personal data does not")
                #expect(after.first?.type == .accountErased && after.first?.details.contains("asked to be forgotten") == true)
                #expect(try await store.auditLog.recent(subject: stays.id, limit: 50).contains { $0.personal.userAgent == "GoneBrowser/1.0" },
                        "another account's records keep theirs")
                let erasedDetails = after.first?.details ?? ""
                #expect(erasedDetails.contains(#""access_requests_erased":"1""#) && erasedDetails.contains(#""invitations_erased":"1""#), "\(erasedDetails)")
                #expect(!erasedDetails.contains(#""mails_withdrawn":"0""#), "the token mail and the invitation were still queued")
                let everything = try await store.auditLog.search(AuditQuery(limit: 1000))
                #expect(!everything.contains { $0.personal.email?.lowercased() == "gone@example.com" }, "no audit record keeps the address")
                let requests = json(try await client.execute(uri: "/api/v1/admin/access-requests", method: .get, headers: bearer(rootSession)))
                #expect(!"\(requests)".lowercased().contains("gone@example.com"))
                let invitations = try await client.execute(uri: "/api/v1/organizations/gone-org/invitations", method: .get, headers: bearer(rootSession))
                #expect(invitations.status == .ok && !String(buffer: invitations.body).lowercased().contains("gone@example.com"))
                #expect(try await app.deliverMail().allSatisfy { !$0.to.map(\.address).contains { $0.lowercased() == "gone@example.com" } },
                        "nothing queued for the address goes out")
                let verified = try await app.dependencies.administration.trail.verify(store)
                #expect(verified.problem == nil && verified.checked > 0)
                #expect(try await erase(gone.id, "asked to be forgotten by mail", rootSession).status == .notFound)
            }
        }
    }

    @Test("disable and enable: from a session only, never beyond the administrator's own access; two administrators disabling each other at once leave one",
          arguments: [StoreBackend.sqlite, .postgres])
    func disableEnable(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let app = try await TestApp.make(store, environment: Self.generous.merging(["GATEHOUSE_ROLES_SUPPORT": "admin:users"]) { $1 })
            let root = try await app.createAccount("root", roles: [.admin])
            let second = try await app.createAccount("second", roles: [.admin])
            let target = try await app.createAccount("target")
            try await app.createAccount("helper", roles: [Role("support")])
            try await Application(router: app.routes().router).test(.router) { client in
                let rootSession = try await session(client, "root")
                func post(_ id: AccountID, _ action: String, _ credential: String) async throws -> HTTPResponse.Status {
                    try await client.execute(uri: "/api/v1/admin/users/\(id)/\(action)", method: .post, headers: bearer(credential)).status
                }
                let rootToken = try #require(json(try await client.execute(uri: "/api/v1/account/tokens", method: .post, headers: bearer(rootSession), body: body([
                    "name": "rw", "permission_group": "read_write", "expires_at": ISO8601DateFormatter().string(from: app.clock.now().addingTimeInterval(3600))])))["token"] as? String)
                #expect(try await post(second.id, "disable", rootToken) == .forbidden, "a token disables nobody, an administrator least of all")
                #expect(try await post(target.id, "disable", rootToken) == .forbidden)
                #expect(try await post(target.id, "unlock", rootToken) == .ok, "unlocking stays open to tokens with admin:users")
                let helperSession = try await session(client, "helper")
                #expect(try await post(second.id, "disable", helperSession) == .forbidden, "admin:users alone cannot disable an administrator")
                #expect(try await post(target.id, "disable", helperSession) == .ok, "but can disable a standard account")
                #expect(try await post(target.id, "enable", helperSession) == .ok)
                #expect(try await store.accounts.account(id: second.id)?.status == .active)
                // Unlock, disable and enable events name the administrator and the request.
                let helper = try #require(try await store.accounts.account(login: "helper"))
                let acts = try await store.auditLog.recent(subject: target.id, limit: 20)
                    .filter { [.accountUnlocked, .accountDisabled, .accountEnabled].contains($0.type) }
                #expect(acts.count == 3 && acts.allSatisfy { $0.requestID?.isEmpty == false })
                #expect(acts.first { $0.type == .accountDisabled }?.actorID == helper.id && acts.first { $0.type == .accountUnlocked }?.actorID == root.id)

                // Two administrators disable each other at the same moment: one of them stays.
                let secondSession = try await session(client, "second")
                async let first = post(second.id, "disable", rootSession)
                async let other = post(root.id, "disable", secondSession)
                let answers = try await [first, other]
                #expect(answers.filter { $0 == .ok }.count == 1 && answers.filter { $0 == .forbidden }.count == 1, "\(answers)")
                #expect(try await store.accounts.countAdministrators() == 1)
            }
        }
    }

    @Test("roles: replaced and audited, the account's tokens and cached checks follow at once, the last active administrator keeps admin")
    func roles() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: Self.generous.merging(["GATEHOUSE_ROLES_SUPPORT": "admin:users"]) { $1 })
            let root = try await app.createAccount("root", roles: [.admin])
            let second = try await app.createAccount("second", roles: [.admin])
            let target = try await app.createAccount("target")
            try await Application(router: app.routes().router).test(.router) { client in
                let token = try await session(client, "root")
                func put(_ id: AccountID, _ roles: [String]) async throws -> TestResponse {
                    try await client.execute(uri: "/api/v1/admin/users/\(id)/roles", method: .put, headers: bearer(token), body: body(["roles": roles]))
                }
                let changed = try await put(target.id, ["auditor", "Editor"])
                #expect(changed.status == .ok)
                #expect(((json(changed)["user"] as? [String: Any])?["roles"] as? [String]) == ["auditor", "editor"])
                #expect(try await put(target.id, ["not a role"]).status == .badRequest)
                #expect(try await put(target.id, ["member"]).status == .badRequest, "an organisation role is no platform role")

                // Roles are granted from a session only, and never beyond the granter's own access.
                let rootToken = try #require(json(try await client.execute(uri: "/api/v1/account/tokens", method: .post, headers: bearer(token), body: body([
                    "name": "rw", "permission_group": "read_write", "expires_at": ISO8601DateFormatter().string(from: app.clock.now().addingTimeInterval(3600))])))["token"] as? String)
                let byToken = try await client.execute(uri: "/api/v1/admin/users/\(target.id)/roles", method: .put, headers: bearer(rootToken),
                                                       body: body(["roles": ["admin"]]))
                #expect(byToken.status == .forbidden)
                _ = try await app.dependencies.organizations.create(slug: "rail", name: "Rail")
                let invitedAdmin = try await client.execute(uri: "/api/v1/admin/invitations", method: .post, headers: bearer(rootToken), body: body([
                    "email": "mallory@example.com", "organization": "rail", "org_role": "member", "roles": ["admin"]]))
                #expect(invitedAdmin.status == .forbidden, "a token cannot invite an administrator")
                let helper = try await app.createAccount("helper", roles: [Role("support")])
                let helperSession = try await session(client, "helper")
                let escalate = try await client.execute(uri: "/api/v1/admin/users/\(helper.id)/roles", method: .put, headers: bearer(helperSession),
                                                        body: body(["roles": ["support", "admin"]]))
                #expect(escalate.status == .forbidden, "admin:users alone cannot grant admin")
                #expect(try await client.execute(uri: "/api/v1/admin/users/\(target.id)/roles", method: .put, headers: bearer(helperSession),
                                                 body: body(["roles": ["auditor", "editor", "support"]])).status == .ok, "but it can grant support")
                #expect(try await client.execute(uri: "/api/v1/admin/users/\(second.id)/roles", method: .put, headers: bearer(helperSession),
                                                 body: body(["roles": []])).status == .forbidden, "nor take admin away")
                #expect(try await put(target.id, ["auditor", "editor"]).status == .ok)
                #expect(try await put(AccountID(rawValue: UUID().uuidString.lowercased()), []).status == .notFound)

                // The second administrator's token and cached check lose admin:users the moment the role goes.
                let secondSession = try await session(client, "second")
                let created = try await client.execute(uri: "/api/v1/account/tokens", method: .post, headers: bearer(secondSession), body: body([
                    "name": "rw", "permission_group": "read_write", "expires_at": ISO8601DateFormatter().string(from: app.clock.now().addingTimeInterval(3600))]))
                let secondToken = try #require(json(created)["token"] as? String)
                let check = "/api/v1/auth/check/admin:users"
                #expect(try await client.execute(uri: check, method: .get, headers: [.authorization: "Bearer \(secondToken)"]).status == .ok)
                #expect(try await client.execute(uri: check, method: .get, headers: [.authorization: "Bearer \(secondSession)"]).status == .ok)
                #expect(try await put(second.id, []).status == .ok)
                #expect(try await client.execute(uri: check, method: .get, headers: [.authorization: "Bearer \(secondToken)"]).status == .forbidden)
                #expect(try await client.execute(uri: check, method: .get, headers: [.authorization: "Bearer \(secondSession)"]).status == .forbidden)

                // Root is now the last active administrator.
                let last = try await put(root.id, ["auditor"])
                #expect(last.status == .forbidden && (json(last)["detail"] as? String)?.contains("last active administrator") == true)
                #expect(try await store.accounts.account(id: root.id)?.roles == [.admin])

                let events = try await store.auditLog.records(after: 0, limit: 1000).filter { $0.type == .rolesChanged }
                #expect(events.count == 4)

                // The account as support sees it: state, sessions, its newest events with who acted.
                _ = try await session(client, "target")
                let detail = try await client.execute(uri: "/api/v1/admin/users/\(target.id)", method: .get, headers: [.authorization: "Bearer \(token)"])
                #expect(detail.status == .ok)
                let answer = json(detail)
                #expect((answer["user"] as? [String: Any])?["username"] as? String == "target")
                #expect((answer["sessions"] as? [[String: Any]])?.count == 1)
                let newest = (answer["events"] as? [[String: Any]]) ?? []
                let rolesEvent = try #require(newest.first { $0["type"] as? String == "account.roles_changed" })
                #expect(rolesEvent["actor_id"] as? String == root.id.rawValue && (rolesEvent["details"] as? [String: String])?["to"] == "auditor,editor")
                #expect(newest.contains { $0["type"] as? String == "login.succeeded" && $0["actor_id"] == nil })
                #expect(try await client.execute(uri: "/api/v1/admin/users/\(UUID().uuidString.lowercased())", method: .get,
                                                 headers: [.authorization: "Bearer \(token)"]).status == .notFound)
                #expect(events.first?.details.contains(#""to":"auditor,editor""#) == true && events.first?.actorID == root.id)
            }
        }
    }
}
