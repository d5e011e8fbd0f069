import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseHTTP
import GatehouseTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// An administrator's access to a standard account (#17, items 3 and 4): who may start it and on whom,
/// what it may not reach, how it ends, and its trail, over loopback HTTP on both databases.
@Suite("Administrator access")
struct AdministratorAccessTests {
    static let reason = "ticket 4711: she cannot see the reports page"

    func json(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:]
    }

    func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json", .userAgent: "AccessTests/1.0"] }

    func body(_ object: [String: Any]) -> ByteBuffer {
        ByteBuffer(data: (try? JSONSerialization.data(withJSONObject: object)) ?? Data())
    }

    func session(_ client: any TestClientProtocol, _ user: String) async throws -> String {
        let response = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json", .userAgent: "AccessTests/1.0"],
                                                body: loginBody(user, "correct horse battery"))
        #expect(response.status == .ok)
        return json(response)["token"] as? String ?? ""
    }

    func start(_ client: any TestClientProtocol, _ admin: String, _ target: AccountID, reason: String = Self.reason) async throws -> TestResponse {
        try await client.execute(uri: "/api/v1/admin/users/\(target)/impersonate", method: .post, headers: bearer(admin), body: body(["reason": reason]))
    }

    func reauthenticate(_ client: any TestClientProtocol, _ admin: String) async throws {
        let response = try await client.execute(uri: "/api/v1/account/reauthenticate", method: .post, headers: bearer(admin),
                                                body: body(["password": "correct horse battery"]))
        #expect(response.status == .noContent || response.status == .ok, "\(response.status)")
    }

    /// The session token in a response's Set-Cookie, if it sets one.
    func cookieToken(_ response: TestResponse) -> String? {
        for value in response.headers[values: .setCookie] where value.hasPrefix("gatehouse_session=") {
            let token = value.dropFirst("gatehouse_session=".count).prefix { $0 != ";" }
            return token.isEmpty ? nil : String(token)
        }
        return nil
    }

    @Test("only an administrator with a recent password, with a reason, only into a standard account; the access is refused the account's own settings and administration",
          arguments: [StoreBackend.sqlite, .postgres])
    func startAndLimits(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let app = try await TestApp.make(store, environment: AdminUsersAPITests.generous)
            let root = try await app.createAccount("root", roles: [.admin])
            let second = try await app.createAccount("second", roles: [.admin])
            let alice = try await app.createAccount("alice")
            let olga = try await app.createAccount("olga")
            let bob = try await app.createAccount("bob", roles: [Role("auditor")])
            let dora = try await app.createAccount("dora")
            _ = try await app.dependencies.organizations.create(slug: "rail", name: "Rail")
            _ = try await app.dependencies.organizations.setMember(olga.id, of: "rail", role: .operator)
            _ = try await app.dependencies.organizations.setMember(alice.id, of: "rail", role: .member)
            _ = try await app.dependencies.administration.disable(id: dora.id, actor: nil)
            try await Application(router: app.routes().router).test(.live) { client in
                let admin = try await session(client, "root")
                let helper = try await session(client, "alice")
                // A failed attempt of hers: the access must neither reset nor add to it.
                _ = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
                                             body: loginBody("alice", "not her password"))
                _ = try await app.deliverMail()
                let aliceBefore = try #require(try await store.accounts.account(id: alice.id))

                // Who may start it, with what.
                #expect(try await start(client, helper, olga.id).status == .forbidden, "a standard account holds no admin:impersonate")
                let rootToken = try #require(json(try await client.execute(uri: "/api/v1/account/tokens", method: .post, headers: bearer(admin), body: body([
                    "name": "rw", "permission_group": "read_write", "expires_at": ISO8601DateFormatter().string(from: app.clock.now().addingTimeInterval(3600))])))["token"] as? String)
                #expect(try await start(client, rootToken, alice.id).status == .forbidden, "never with an API token")
                let short = try await start(client, admin, alice.id, reason: "because")
                #expect(short.status == .badRequest && json(short)["code"] as? String == "validation_failed")
                #expect(try await start(client, admin, alice.id, reason: "line one\nline two of it").status == .badRequest)
                app.clock.advance(by: .seconds(600))
                let stale = try await start(client, admin, alice.id)
                #expect(stale.status == .forbidden && json(stale)["code"] as? String == "reauthentication_required")
                try await reauthenticate(client, admin)

                // On whom.
                for (target, why) in [(second.id, "another administrator"), (olga.id, "an operator"), (bob.id, "a platform role"),
                                      (root.id, "oneself"), (dora.id, "a disabled account")] {
                    #expect(try await start(client, admin, target).status == .forbidden, "\(why)")
                }
                #expect(try await start(client, admin, AccountID(rawValue: "01950000-0000-7000-8000-000000000000")).status == .notFound)
                #expect(try await store.sessions.list(accountID: olga.id).isEmpty)

                let started = try await start(client, admin, alice.id, reason: "  " + Self.reason + "  ")
                #expect(started.status == .ok)
                let answer = json(started)
                let access = try #require(answer["token"] as? String)
                #expect(cookieToken(started) == access, "the browser switches to the access")
                let impersonation = try #require(answer["impersonation"] as? [String: Any])
                #expect(impersonation["admin_id"] as? String == root.id.rawValue && impersonation["admin_username"] as? String == "root")
                #expect(impersonation["reason"] as? String == Self.reason)
                let until = try #require((impersonation["expires_at"] as? String).flatMap(ISO8601DateFormatter().date))
                #expect(abs(until.timeIntervalSince(app.clock.now()) - 900) < 2, "impersonation.max_duration, 15 minutes")

                let current = json(try await client.execute(uri: "/api/v1/auth/session", method: .get, headers: bearer(access)))
                #expect((current["user"] as? [String: Any])?["username"] as? String == "alice")
                #expect((current["impersonation"] as? [String: Any])?["reason"] as? String == Self.reason)
                #expect(json(try await client.execute(uri: "/api/v1/auth/session", method: .get, headers: bearer(admin)))["impersonation"] == nil)

                // What the access may not reach.
                for (method, path) in [(HTTPRequest.Method.get, "/api/v1/account"), (.get, "/api/v1/account/sessions"), (.get, "/api/v1/account/tokens"),
                                       (.get, "/api/v1/account/security-events"), (.get, "/api/v1/admin/users"), (.get, "/api/v1/admin/audit")] {
                    #expect(try await client.execute(uri: path, method: method, headers: bearer(access)).status == .forbidden, "\(path)")
                }
                let password = try await client.execute(uri: "/api/v1/account/password", method: .post, headers: bearer(access),
                                                        body: body(["current_password": "x", "new_password": "a brand new passphrase"]))
                #expect(password.status == .forbidden)
                #expect(try await client.execute(uri: "/api/v1/account/sessions/revoke-others", method: .post, headers: bearer(access)).status == .forbidden)
                #expect(try await start(client, access, olga.id).status == .forbidden, "no access from within an access")
                let authorized = json(try await client.execute(uri: "/api/v1/authorize", method: .post, headers: bearer(access), body: body(["permission": "org:read"])))
                #expect(authorized["allowed"] as? Bool == true, "the applications see the person's own permissions")

                // Forward auth tells the application who is really there, and the request joins the trail.
                var proxied = bearer(access)
                proxied[HTTPField.Name("X-Original-URI")!] = "/reports/2026?q=1"
                proxied[HTTPField.Name("X-Forwarded-Method")!] = "GET"
                let checked = try await client.execute(uri: "/api/v1/auth/check", method: .get, headers: proxied)
                #expect(checked.status == .ok)
                #expect(checked.headers[HTTPField.Name("X-Gatehouse-User-Id")!] == alice.id.rawValue)
                #expect(checked.headers[HTTPField.Name("X-Gatehouse-Impersonator-Id")!] == root.id.rawValue)
                #expect(checked.headers[HTTPField.Name("X-Gatehouse-Impersonator-Username")!] == "root")
                let own = try await client.execute(uri: "/api/v1/auth/check", method: .get, headers: bearer(helper))
                #expect(own.status == .ok && own.headers[HTTPField.Name("X-Gatehouse-Impersonator-Id")!] == nil)

                // The dedicated trail.
                let trail = try await store.auditLog.search(AuditQuery(subject: alice.id, limit: 200))
                let began = try #require(trail.first { $0.type == .impersonationStarted })
                #expect(began.actorID == root.id && began.details.contains(Self.reason) && began.personal.ip == "127.0.0.1")
                let requests = trail.filter { $0.type == .impersonationRequest }.map(\.detailsObject)
                #expect(requests.count == 12, "\(requests)")
                #expect(requests.allSatisfy { $0["session"] == (answer["session"] as? [String: Any])?["id"] as? String })
                #expect(requests.contains { $0["method"] == "GET" && $0["route"] == "/api/v1/account" && $0["status"] == "403" })
                #expect(requests.contains { $0["method"] == "GET" && $0["route"] == "/api/v1/auth/session" && $0["status"] == "200" })
                #expect(requests.contains { $0["method"] == "GET" && $0["route"] == "/reports/2026" && $0["status"] == "200" })
                #expect(trail.filter { $0.type == .impersonationRequest }.allSatisfy { $0.actorID == root.id })

                // The person is told; nothing else of theirs moves.
                let mails = try await app.deliverMail().filter { $0.to.map(\.address) == ["alice@example.com"] }
                #expect(mails.map { $0.gatehouseKind } == ["administrator_access_started"], "and no new-device alert")
                let mail = try #require(mails.first)
                #expect(mail.to.map(\.address) == ["alice@example.com"] && mail.textBody.contains("root") && mail.textBody.contains("ticket 4711"))
                let aliceAfter = try #require(try await store.accounts.account(id: alice.id))
                #expect(aliceBefore.lastSignInAt != nil && aliceAfter.lastSignInAt == aliceBefore.lastSignInAt, "no sign-in of hers")
                #expect(aliceBefore.failedAttempts == 1 && aliceAfter.failedAttempts == 1)
                #expect(!trail.contains { [.loginSucceeded, .sessionCreated].contains($0.type) && $0.sequence > began.sequence })
            }
        }
    }

    @Test("it ends on demand, on logout and on expiry, each time audited, and the administrator's own session comes back with a new token",
          arguments: [StoreBackend.sqlite, .postgres])
    func endings(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let app = try await TestApp.make(store, environment: AdminUsersAPITests.generous)
            let root = try await app.createAccount("root", roles: [.admin])
            let alice = try await app.createAccount("alice")
            try await Application(router: app.routes().router).test(.live) { client in
                var admin = try await session(client, "root")

                // On demand, with the access's own token.
                let access = try #require(json(try await start(client, admin, alice.id))["token"] as? String)
                #expect(try await client.execute(uri: "/api/v1/admin/impersonation/end", method: .post, headers: bearer(admin)).status == .forbidden,
                        "only the access itself ends itself")
                let ended = try await client.execute(uri: "/api/v1/admin/impersonation/end", method: .post, headers: bearer(access))
                #expect(ended.status == .ok)
                let back = try #require(json(ended)["token"] as? String)
                #expect(json(ended)["impersonation"] == nil && cookieToken(ended) == back)
                #expect(try await client.execute(uri: "/api/v1/auth/session", method: .get, headers: bearer(access)).status == .unauthorized)
                #expect(try await client.execute(uri: "/api/v1/auth/session", method: .get, headers: bearer(admin)).status == .unauthorized,
                        "the administrator's old token is dead")
                #expect(try await client.execute(uri: "/api/v1/admin/users", method: .get, headers: bearer(back)).status == .ok)
                admin = back

                // On logout, in the browser: the cookie goes back to the administrator's session.
                let second = try await start(client, admin, alice.id)
                let cookieAccess = try #require(cookieToken(second))
                let browser: HTTPFields = [.cookie: "gatehouse_session=\(cookieAccess)", .userAgent: "AccessTests/1.0"]
                let state = json(try await client.execute(uri: "/api/v1/auth/session", method: .get, headers: browser))
                let csrf = try #require(state["csrf_token"] as? String)
                var logout = browser
                logout[HTTPField.Name("X-CSRF-Token")!] = csrf
                logout[.origin] = origin
                let out = try await client.execute(uri: "/api/v1/auth/logout", method: .post, headers: logout)
                #expect(out.status == .noContent, "\(String(buffer: out.body))")
                let restored = try #require(cookieToken(out))
                let mine = json(try await client.execute(uri: "/api/v1/auth/session", method: .get, headers: [.cookie: "gatehouse_session=\(restored)"]))
                #expect((mine["user"] as? [String: Any])?["username"] as? String == "root" && mine["impersonation"] == nil)
                admin = restored

                // On expiry, in the browser: the next request ends it and carries on as the administrator.
                try await reauthenticate(client, admin)
                let third = try #require(cookieToken(try await start(client, admin, alice.id)))
                app.clock.advance(by: .seconds(901))
                let expired = try await client.execute(uri: "/api/v1/auth/session", method: .get, headers: [.cookie: "gatehouse_session=\(third)"])
                #expect(expired.status == .ok)
                #expect((json(expired)["user"] as? [String: Any])?["username"] as? String == "root", "the administrator's own session again")
                let fromExpiry = try #require(cookieToken(expired))
                admin = fromExpiry

                // On expiry, with an API client: 401; the end is recorded, and the administrator's own token is left alone.
                try await reauthenticate(client, admin)
                let fourth = try #require(json(try await start(client, admin, alice.id))["token"] as? String)
                app.clock.advance(by: .seconds(901))
                let late = try await client.execute(uri: "/api/v1/auth/session", method: .get, headers: bearer(fourth))
                #expect(late.status == .unauthorized)
                #expect(json(late)["code"] as? String == "session_expired")
                #expect(try await client.execute(uri: "/api/v1/auth/session", method: .get, headers: [.cookie: "gatehouse_session=\(admin)"]).status == .ok,
                        "an expired access token cannot sign the administrator out")

                let endings = try await store.auditLog.search(AuditQuery(subject: alice.id, types: [.impersonationEnded], limit: 20))
                #expect(endings.map { $0.detailsObject["how"] ?? "" } == ["expired", "expired", "logout", "manual"])
                #expect(endings.allSatisfy { $0.actorID == root.id })
                #expect(try await store.sessions.list(accountID: alice.id).filter { $0.impersonation != nil }.isEmpty)

                // The person sees all of it among their own security events, the administrator named.
                let person = try await session(client, "alice")
                let events = (json(try await client.execute(uri: "/api/v1/account/security-events?limit=200", method: .get, headers: bearer(person)))["events"]
                    as? [[String: Any]]) ?? []
                let kinds = Set(events.compactMap { $0["type"] as? String })
                #expect(kinds.isSuperset(of: ["impersonation.started", "impersonation.request", "impersonation.ended"]))
                #expect(events.filter { ($0["type"] as? String)?.hasPrefix("impersonation.") == true }
                    .allSatisfy { $0["actor_id"] as? String == root.id.rawValue && $0["ip"] == nil })
            }
        }
    }

    @Test("in the browser every page carries the banner (administrator, reason, until when) in English and Russian, and its button ends the access")
    func banner() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: AdminUsersAPITests.generous)
            try await app.createAccount("root", roles: [.admin])
            let alice = try await app.createAccount("alice")
            try await Application(router: app.routes().router).test(.router) { client in
                let admin = try await session(client, "root")
                let started = try await start(client, admin, alice.id)
                var browser = Browser()
                browser.keep(started)
                #expect(browser.cookies["gatehouse_session"] != nil)

                let refused = try await browser.get(client, "/account")
                #expect(refused.status == .forbidden, "the account page stays closed")
                let html = String(buffer: refused.body)
                #expect(html.contains("class=\"access-banner\""))
                #expect(html.contains("Administrator access: root is using this account until "))
                #expect(html.contains("Reason: " + Self.reason))
                #expect(html.contains("action=\"/admin/impersonation/end\""))
                let russian = String(buffer: try await browser.get(client, "/account?lang=ru").body)
                #expect(russian.contains("Доступ администратора: root работает в этой учётной записи до "))
                #expect(russian.contains("Завершить доступ администратора"))

                let csrf = try #require(Browser.hidden("csrf_token", in: html))
                let ended = try await browser.post(client, "/admin/impersonation/end", form: [("csrf_token", csrf)])
                #expect(ended.status == .seeOther)
                #expect(ended.headers[.location] == "/account")
                let own = try await browser.get(client, "/account")
                #expect(own.status == .ok)
                let mine = String(buffer: own.body)
                #expect(!mine.contains("access-banner") && mine.contains("root"))
                let kinds = try await store.auditLog.search(AuditQuery(subject: alice.id, types: [.impersonationEnded], limit: 5)).map { $0.detailsObject["how"] }
                #expect(kinds == ["manual"])

                // The person sees it on their account page, the administrator and the reason named.
                var her = Browser()
                her.keep(try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
                                                  body: loginBody("alice", "correct horse battery")))
                let account = String(buffer: try await her.get(client, "/account").body)
                #expect(account.contains("id=\"security\"") && account.contains("Security events"))
                #expect(account.contains("Administrator access started") && account.contains("Administrator access ended"))
                #expect(account.contains("by root") && account.contains("Reason: " + Self.reason))
                #expect(!account.contains("Request during administrator access"), "the requests are in the trail, not on the page")
                let russianAccount = String(buffer: try await her.get(client, "/account?lang=ru").body)
                #expect(russianAccount.contains("События безопасности") && russianAccount.contains("Начат доступ администратора"))
            }
        }
    }

    @Test("an access ends at its next request once the person gains a platform role or an operator membership, or the administrator's session ends")
    func conditionsChange() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: AdminUsersAPITests.generous)
            let root = try await app.createAccount("root", roles: [.admin])
            let alice = try await app.createAccount("alice")
            _ = try await app.dependencies.organizations.create(slug: "rail", name: "Rail")
            try await Application(router: app.routes().router).test(.router) { client in
                let admin = try await session(client, "root")
                let first = try #require(json(try await start(client, admin, alice.id))["token"] as? String)
                #expect(try await client.execute(uri: "/api/v1/auth/session", method: .get, headers: bearer(first)).status == .ok)
                _ = try await app.dependencies.organizations.setMember(alice.id, of: "rail", role: .operator, actor: root.id)
                #expect(try await client.execute(uri: "/api/v1/auth/session", method: .get, headers: bearer(first)).status == .unauthorized,
                        "an operator is no standard account")
                _ = try await app.dependencies.organizations.removeMember(alice.id, of: "rail", actor: root.id)

                let second = try #require(json(try await start(client, admin, alice.id))["token"] as? String)
                _ = try await app.dependencies.administration.setRoles(id: alice.id, roles: ["auditor"], actor: root.id)
                #expect(try await client.execute(uri: "/api/v1/auth/check", method: .get, headers: bearer(second)).status == .unauthorized)
                _ = try await app.dependencies.administration.setRoles(id: alice.id, roles: [], actor: root.id)

                let third = try #require(json(try await start(client, admin, alice.id))["token"] as? String)
                #expect(try await client.execute(uri: "/api/v1/auth/logout", method: .post, headers: bearer(admin)).status == .noContent)
                #expect(try await client.execute(uri: "/api/v1/auth/session", method: .get, headers: bearer(third)).status == .unauthorized,
                        "the administrator signed out")

                // Ended by something that ends the person's sessions (here: disabling the account), or by the
                // person, who sees the access among their sessions and ends it: recorded as well.
                let again = try await session(client, "root")
                _ = try #require(json(try await start(client, again, alice.id))["token"] as? String)
                _ = try await app.dependencies.administration.disable(id: alice.id, actor: root.id)
                _ = try await app.dependencies.administration.enable(id: alice.id, actor: root.id)
                let fifth = try await start(client, again, alice.id)
                let accessID = try #require((json(fifth)["session"] as? [String: Any])?["id"] as? String)
                let her = try await session(client, "alice")
                #expect(try await client.execute(uri: "/api/v1/account/sessions/\(accessID)", method: .delete, headers: bearer(her)).status == .noContent)

                let endings = try await store.auditLog.search(AuditQuery(subject: alice.id, types: [.impersonationEnded], limit: 10))
                #expect(endings.map { $0.detailsObject["how"] ?? "" } == ["revoked", "revoked", "revoked", "revoked", "revoked"])
                #expect(try await store.sessions.list(accountID: alice.id).allSatisfy { $0.impersonation == nil })
            }
        }
    }

    @Test("an ended access in the browser: its forms lead to the administrator's account page with their own cookie; its page is refused, never a redirect loop")
    func endedInTheBrowser() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: AdminUsersAPITests.generous)
            try await app.createAccount("root", roles: [.admin])
            let alice = try await app.createAccount("alice")
            try await Application(router: app.routes().router).test(.router) { client in
                var browser = Browser()
                let admin = try await session(client, "root")
                browser.keep(try await start(client, admin, alice.id))
                let page = String(buffer: try await browser.get(client, "/admin/impersonation").body)
                let csrf = try #require(Browser.hidden("csrf_token", in: page))
                app.clock.advance(by: .seconds(901))
                let late = try await browser.post(client, "/admin/impersonation/end", form: [("csrf_token", csrf)])
                #expect(late.status == .seeOther && late.headers[.location] == "/account")
                let own = try await browser.get(client, "/account")
                #expect(own.status == .ok && String(buffer: own.body).contains("root"))
                let refused = try await browser.get(client, "/admin/impersonation")
                #expect(refused.status == .forbidden, "a signed-in session that is no access is refused, not sent to sign in")
                let endings = try await store.auditLog.search(AuditQuery(subject: alice.id, types: [.impersonationEnded], limit: 5))
                #expect(endings.map { $0.detailsObject["how"] ?? "" } == ["expired"])
            }
        }
    }

    @Test("the sweeper ends an access nobody came back to, a few minutes after its end")
    func sweeper() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: AdminUsersAPITests.generous)
            let root = try await app.createAccount("root", roles: [.admin])
            let alice = try await app.createAccount("alice")
            try await Application(router: app.routes().router).test(.router) { client in
                let admin = try await session(client, "root")
                #expect(try await start(client, admin, alice.id).status == .ok)
            }
            let sweeper = SessionSweeper(store: store, trail: app.dependencies.signIn.trail, policy: app.dependencies.signIn.configuration.sessions,
                                         clock: app.clock, cache: nil)
            app.clock.advance(by: .seconds(901))
            try await sweeper.sweep()
            #expect(try await store.auditLog.search(AuditQuery(types: [.impersonationEnded], limit: 10)).isEmpty, "the browser's grace first")
            app.clock.advance(by: .seconds(300))
            try await sweeper.sweep()
            let ended = try await store.auditLog.search(AuditQuery(types: [.impersonationEnded], limit: 10))
            #expect(ended.count == 1 && ended.first?.actorID == root.id && ended.first?.subjectID == alice.id)
            #expect(ended.first?.detailsObject["how"] == "expired")
            #expect(try await store.sessions.list(accountID: alice.id).isEmpty)
        }
    }
}

extension AuditRecord {
    var detailsObject: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(details.utf8))) ?? [:]
    }
}
