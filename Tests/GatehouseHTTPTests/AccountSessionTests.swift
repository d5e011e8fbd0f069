import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseHTTP
import GatehouseTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Account sessions")
struct AccountSessionTests {
    static let loopbackDatabase = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("TestData/geoip/Gatehouse-Loopback-City-Test.mmdb").path

    static let firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
    static let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"

    func signIn(_ client: any TestClientProtocol, _ login: String, from address: String, agent: String) async throws -> String {
        var headers: HTTPFields = [.contentType: "application/json", .userAgent: agent]
        headers[HTTPField.Name("X-Forwarded-For")!] = address
        let response = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: headers, body: loginBody(login, "correct horse battery"))
        #expect(response.status == .ok)
        return json(response)["token"] as? String ?? ""
    }

    func list(_ client: any TestClientProtocol, _ token: String, language: String? = nil) async throws -> [[String: Any]] {
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        if let language { headers[.acceptLanguage] = language }
        let response = try await client.execute(uri: "/api/v1/account/sessions", method: .get, headers: headers)
        #expect(response.status == .ok)
        return (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]]) ?? []
    }

    @Test("sessions list their city, country, browser, OS and device, in the person's language, and mark the current one")
    func listing() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: [
                "GATEHOUSE_GEOIP_DATABASE": Self.loopbackDatabase, "GATEHOUSE_TRUSTED_PROXIES": "127.0.0.1, ::1",
            ])
            try await app.createAccount("anna")
            try await Application(router: app.routes().router).test(.live) { client in
                let first = try await signIn(client, "anna", from: "127.0.0.2", agent: Self.firefox)
                _ = try await signIn(client, "anna", from: "127.0.0.3", agent: Self.iphone)
                let sessions = try await list(client, first)
                #expect(sessions.count == 2)
                let linkoping = try #require(sessions.first { $0["ip"] as? String == "127.0.0.2" })
                #expect(linkoping["city"] as? String == "Linköping")
                #expect(linkoping["country"] as? String == "Sweden")
                #expect(linkoping["browser"] as? String == "Firefox 128")
                #expect(linkoping["os"] as? String == "Windows 10")
                #expect(linkoping["device"] as? String == "desktop")
                #expect(linkoping["current"] as? Bool == true)
                let milton = try #require(sessions.first { $0["ip"] as? String == "127.0.0.3" })
                #expect(milton["city"] as? String == "Milton")
                #expect(milton["device"] as? String == "mobile")
                #expect(milton["current"] as? Bool == false)
                #expect(milton["created_at"] as? String != nil && milton["last_seen_at"] as? String != nil)

                let russian = try await list(client, first, language: "ru")
                #expect(russian.first { $0["ip"] as? String == "127.0.0.2" }?["country"] as? String == "Швеция")
            }
        }
    }

    @Test("without a GeoIP database the location is simply unknown")
    func noDatabase() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store)
            try await app.createAccount("ben")
            try await Application(router: app.routes().router).test(.router) { client in
                let token = try await signIn(client, "ben", from: "127.0.0.2", agent: Self.firefox)
                let sessions = try await list(client, token)
                #expect(sessions.count == 1)
                #expect(sessions[0]["city"] == nil && sessions[0]["country"] == nil)
                #expect(sessions[0]["browser"] as? String == "Firefox 128")
            }
        }
    }

    @Test("revoking a session ends it at its very next request, forward auth included; others' ids answer 404")
    func revoke() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store)
            try await app.createAccount("cara")
            try await app.createAccount("dan")
            try await Application(router: app.routes().router).test(.router) { client in
                let mine = try await signIn(client, "cara", from: "127.0.0.2", agent: Self.firefox)
                let other = try await signIn(client, "cara", from: "127.0.0.3", agent: Self.iphone)
                let stranger = try await signIn(client, "dan", from: "127.0.0.4", agent: Self.firefox)
                #expect(try await client.execute(uri: "/api/v1/auth/check", method: .get, headers: [.authorization: "Bearer \(other)"]).status == .ok)

                let otherID = try #require(try await list(client, mine).first { $0["current"] as? Bool == false }?["id"] as? String)
                let strangerID = try #require(try await list(client, stranger).first?["id"] as? String)
                let foreign = try await client.execute(uri: "/api/v1/account/sessions/\(strangerID)", method: .delete, headers: [.authorization: "Bearer \(mine)"])
                #expect(foreign.status == .notFound)
                let unknown = try await client.execute(uri: "/api/v1/account/sessions/\(UUID().uuidString.lowercased())", method: .delete, headers: [.authorization: "Bearer \(mine)"])
                #expect(unknown.status == .notFound)
                #expect(String(buffer: foreign.body) == String(buffer: unknown.body), "another person's session looks like no session")
                #expect(try await client.execute(uri: "/api/v1/auth/check", method: .get, headers: [.authorization: "Bearer \(stranger)"]).status == .ok)

                let revoked = try await client.execute(uri: "/api/v1/account/sessions/\(otherID)", method: .delete, headers: [.authorization: "Bearer \(mine)"])
                #expect(revoked.status == .noContent)
                #expect(try await client.execute(uri: "/api/v1/auth/check", method: .get, headers: [.authorization: "Bearer \(other)"]).status == .unauthorized,
                        "revoked at once on this instance despite the check cache")
                #expect(try await client.execute(uri: "/api/v1/account/sessions", method: .get, headers: [.authorization: "Bearer \(other)"]).status == .unauthorized)
                let events = try await store.auditLog.records(after: 0, limit: 100).filter { $0.type == .sessionsRevoked }
                #expect(events.count == 1)
                #expect(events.first?.details.contains(otherID) == true)
            }
        }
    }

    @Test("a sign-in still waiting at a step is no signed-in device: not listed, but ended by revoke-others")
    func pendingNotListed() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store)
            let account = try await app.createAccount("gus")
            try await Application(router: app.routes().router).test(.router) { client in
                let current = try await signIn(client, "gus", from: "127.0.0.2", agent: Self.firefox)
                let pendingToken = SecretToken.generate(SystemRandomSource())
                let now = app.clock.now()
                let pending = Session(id: SessionID(rawValue: UUID().uuidString.lowercased()), tokenHash: SecretToken.hash(pendingToken),
                                      accountID: account.id, status: .secondFactorRequired, createdAt: now, lastSeenAt: now,
                                      expiresAt: now.addingTimeInterval(600), authenticatedAt: now, ip: "203.0.113.9", userAgent: nil)
                try await store.sessions.create(pending)
                let list = try await client.execute(uri: "/api/v1/account/sessions", method: .get, headers: [.authorization: "Bearer \(current)"])
                let ids = (try JSONSerialization.jsonObject(with: Data(buffer: list.body)) as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
                #expect(ids.count == 1)
                #expect(!ids.contains(pending.id.rawValue))
                let response = try await client.execute(uri: "/api/v1/account/sessions/revoke-others", method: .post, headers: [.authorization: "Bearer \(current)"])
                #expect(json(response)["revoked"] as? Int == 1)
                #expect(try await store.sessions.session(id: pending.id) == nil)
            }
        }
    }

    @Test("revoke-others ends every other session of the account and keeps the current one")
    func revokeOthers() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store)
            try await app.createAccount("eli")
            try await app.createAccount("fox")
            try await Application(router: app.routes().router).test(.router) { client in
                let current = try await signIn(client, "eli", from: "127.0.0.2", agent: Self.firefox)
                var others: [String] = []
                for _ in 0..<3 { others.append(try await signIn(client, "eli", from: "127.0.0.3", agent: Self.iphone)) }
                let bystander = try await signIn(client, "fox", from: "127.0.0.4", agent: Self.firefox)
                let response = try await client.execute(uri: "/api/v1/account/sessions/revoke-others", method: .post, headers: [.authorization: "Bearer \(current)"])
                #expect(response.status == .ok)
                #expect(json(response)["revoked"] as? Int == 3)
                for token in others {
                    #expect(try await client.execute(uri: "/api/v1/auth/check", method: .get, headers: [.authorization: "Bearer \(token)"]).status == .unauthorized)
                }
                #expect(try await client.execute(uri: "/api/v1/auth/check", method: .get, headers: [.authorization: "Bearer \(current)"]).status == .ok)
                #expect(try await client.execute(uri: "/api/v1/auth/check", method: .get, headers: [.authorization: "Bearer \(bystander)"]).status == .ok)
            }
        }
    }
}

@Suite("Account sessions page")
struct AccountSessionsPageTests {
    @Test("/account lists the sessions with city, device and the current one marked, and ends another by form")
    func page() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: [
                "GATEHOUSE_GEOIP_DATABASE": AccountSessionTests.loopbackDatabase, "GATEHOUSE_TRUSTED_PROXIES": "127.0.0.1, ::1",
            ])
            try await app.createAccount("gail")
            try await Application(router: app.routes().router).test(.live) { client in
                func signIn(_ browser: inout Browser, from address: String, agent: String, language: String) async throws {
                    var headers: HTTPFields = [.userAgent: agent]
                    headers[HTTPField.Name("X-Forwarded-For")!] = address
                    let page = try await browser.get(client, "/login?lang=\(language)", headers: headers)
                    var form = browser.cookieHeader
                    form[.contentType] = "application/x-www-form-urlencoded"
                    form[.origin] = "http://127.0.0.1:8080"
                    form[.userAgent] = agent
                    form[HTTPField.Name("X-Forwarded-For")!] = address
                    let csrf = Browser.hidden("csrf_token", in: String(buffer: page.body)) ?? ""
                    let response = try await client.execute(uri: "/login", method: .post, headers: form,
                                                            body: ByteBuffer(string: "csrf_token=\(csrf)&login=gail&password=correct+horse+battery"))
                    browser.keep(response)
                    #expect(response.status == .seeOther)
                }
                var laptop = Browser(), phone = Browser()
                try await signIn(&laptop, from: "127.0.0.2", agent: AccountSessionTests.firefox, language: "en")
                try await signIn(&phone, from: "127.0.0.3", agent: AccountSessionTests.iphone, language: "ru")

                let page = try await laptop.get(client, "/account")
                let html = String(buffer: page.body)
                #expect(html.contains("Linköping, Sweden"))
                #expect(html.contains("Milton"))
                #expect(html.contains("Firefox 128 · Windows 10"))
                #expect(html.contains("This device"))
                let russian = String(buffer: try await phone.get(client, "/account").body)
                #expect(russian.contains("Линчёпинг") || russian.contains("Linköping"), "names in Russian where the database has them")
                #expect(russian.contains("Это устройство"))

                // End the phone's session from the laptop.
                let gail = try #require(try await store.accounts.account(login: "gail"))
                let sessions = try await app.dependencies.accountSessions.list(for: gail.id)
                let otherID = try #require(sessions.first { $0.ip == "127.0.0.3" }?.id.rawValue)
                let csrf = Browser.hidden("csrf_token", in: html) ?? ""
                let ended = try await laptop.post(client, "/account/sessions/revoke", form: [("csrf_token", csrf), ("session", otherID)])
                #expect(ended.status == .seeOther)
                #expect(ended.headers[.location] == "/account?ended=1")
                let after = try await phone.get(client, "/account")
                #expect(after.status == .seeOther, "the phone's session ended at its next request")
                #expect(String(buffer: try await laptop.get(client, "/account?ended=1").body).contains("The session has ended."))
            }
        }
    }
}

@Suite("Revocation across instances")
struct RevocationAcrossInstancesTests {
    @Test("another instance honours a revocation within auth_check.cache_ttl", arguments: StoreBackend.allCases)
    func otherInstance(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            // Two Gatehouse instances on one database, each with its own forward-auth cache and clock.
            let first = try await TestApp.make(store, environment: ["GATEHOUSE_AUTH_CHECK_CACHE_TTL": "2s"])
            let second = try await TestApp.make(store, environment: ["GATEHOUSE_AUTH_CHECK_CACHE_TTL": "2s"])
            try await first.createAccount("hal")
            try await Application(router: first.routes().router).test(.router) { a in
                try await Application(router: second.routes().router).test(.router) { b in
                    let keep = json(try await a.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders, body: loginBody("hal", "correct horse battery")))["token"] as? String ?? ""
                    let doomed = json(try await a.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders, body: loginBody("hal", "correct horse battery")))["token"] as? String ?? ""
                    // Instance A answers (and caches) the check for the doomed session.
                    #expect(try await a.execute(uri: "/api/v1/auth/check", method: .get, headers: [.authorization: "Bearer \(doomed)"]).status == .ok)
                    // Instance B ends it.
                    let others = try await b.execute(uri: "/api/v1/account/sessions/revoke-others", method: .post, headers: [.authorization: "Bearer \(keep)"])
                    #expect(json(others)["revoked"] as? Int == 1)
                    #expect(try await b.execute(uri: "/api/v1/auth/check", method: .get, headers: [.authorization: "Bearer \(doomed)"]).status == .unauthorized,
                            "immediately on the instance that revoked")
                    // A may still answer from its cache, but no longer than the TTL.
                    first.clock.advance(by: .seconds(2))
                    #expect(try await a.execute(uri: "/api/v1/auth/check", method: .get, headers: [.authorization: "Bearer \(doomed)"]).status == .unauthorized,
                            "within auth_check.cache_ttl on the other instance")
                    #expect(try await a.execute(uri: "/api/v1/auth/check", method: .get, headers: [.authorization: "Bearer \(keep)"]).status == .ok)
                }
            }
        }
    }
}

/// Instances on one PostgreSQL follow each other's invalidations (`LISTEN`/`NOTIFY`): a revocation on
/// one reaches the other's forward-auth cache as it commits, long before `auth_check.cache_ttl`.
@Suite("Invalidations across instances")
struct InvalidationAcrossInstancesTests {
    /// Follows the store's invalidations into `app`'s cache until the returned task is cancelled.
    static func follow(_ app: TestApp, _ store: any Store, readiness: Counter) throws -> Task<Void, Never> {
        let feed = try #require(store.invalidations)
        let follower = CacheInvalidationFollower(feed: feed, cache: app.dependencies.signIn.cache, retryDelay: .milliseconds(100))
        return Task { await follower.run(ready: { readiness.increment() }) }
    }

    static func waitUntil(_ condition: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<200 {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    @Test("on PostgreSQL, revoking a session, disabling an account or deleting a token on one instance is refused by the other at once, while cached lookups would not expire; a lost notification connection is followed again and forgets what was cached")
    func notified() async throws {
        try await TestStores.withStore(.postgres) { store, location in
            // The apps' clocks stand still, so their cached lookups never expire by themselves here.
            let ttl = ["GATEHOUSE_AUTH_CHECK_CACHE_TTL": "2s"]
            let first = try await TestApp.make(store, environment: ttl)
            let second = try await TestApp.make(store, environment: ttl)
            let ivy = try await first.createAccount("ivy")
            try await first.createAccount("root", roles: [.admin])
            let readiness = Counter()
            let followers = [try Self.follow(first, store, readiness: readiness), try Self.follow(second, store, readiness: readiness)]
            defer { for follower in followers { follower.cancel() } }
            #expect(try await Self.waitUntil { readiness.value == 2 })

            try await Application(router: first.routes().router).test(.router) { a in
                try await Application(router: second.routes().router).test(.router) { b in
                    func login(_ name: String, _ password: String) async throws -> String {
                        json(try await a.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders, body: loginBody(name, password)))["token"] as? String ?? ""
                    }
                    func check(_ client: any TestClientProtocol, _ token: String) async throws -> HTTPResponse.Status {
                        try await client.execute(uri: "/api/v1/auth/check", method: .get, headers: [.authorization: "Bearer \(token)"]).status
                    }
                    let keep = try await login("ivy", "correct horse battery")
                    let doomed = try await login("ivy", "correct horse battery")
                    let admin = try await login("root", "correct horse battery")

                    // A answers the check for the doomed session and caches it; B ends the session.
                    #expect(try await check(a, doomed) == .ok)
                    let others = try await b.execute(uri: "/api/v1/account/sessions/revoke-others", method: .post, headers: [.authorization: "Bearer \(keep)"])
                    #expect(json(others)["revoked"] as? Int == 1)
                    #expect(try await Self.waitUntil { try await check(a, doomed) == .unauthorized }, "A refuses the session B revoked, without its cache expiring")
                    #expect(try await check(a, keep) == .ok)

                    // An API token cached on A, deleted on B.
                    var headers = jsonHeaders
                    headers[.authorization] = "Bearer \(keep)"
                    let expires = ISO8601DateFormatter().string(from: first.clock.now().addingTimeInterval(86_400))
                    let created = try await a.execute(uri: "/api/v1/account/tokens", method: .post, headers: headers,
                                                      body: ByteBuffer(string: #"{"name":"ci","permission_group":"read_only","expires_at":"\#(expires)"}"#))
                    let token = json(created)["token"] as? String ?? ""
                    let tokenID = json(created)["id"] as? String ?? ""
                    #expect(created.status == .created, "\(String(buffer: created.body))")
                    #expect(try await check(a, token) == .ok)
                    let deleted = try await b.execute(uri: "/api/v1/account/tokens/\(tokenID)", method: .delete, headers: [.authorization: "Bearer \(keep)"])
                    #expect(deleted.status == .noContent)
                    #expect(try await Self.waitUntil { try await check(a, token) == .unauthorized }, "A refuses the token B deleted")

                    // The account disabled on B: A refuses its remaining session.
                    #expect(try await check(a, keep) == .ok)
                    let accountID = ivy.id
                    let disabled = try await b.execute(uri: "/api/v1/admin/users/\(accountID.rawValue)/disable", method: .post, headers: [.authorization: "Bearer \(admin)"])
                    #expect(disabled.status == .ok || disabled.status == .noContent, "\(String(buffer: disabled.body))")
                    #expect(try await Self.waitUntil { try await check(a, keep) == .unauthorized }, "A refuses the session of the account B disabled")

                    // The notification connection is cut: the followers connect again (each forgetting
                    // its cache, since an invalidation may have been missed) and go on working.
                    #expect(try await check(a, admin) == .ok)
                    try await TestStores.executeDirectly("""
                        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                        WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()
                        """, at: location)
                    #expect(try await Self.waitUntil { readiness.value >= 4 }, "both followers listen again")
                    let again = try await login("root", "correct horse battery")
                    #expect(try await check(a, again) == .ok)
                    _ = try await b.execute(uri: "/api/v1/auth/logout", method: .post, headers: [.authorization: "Bearer \(again)"])
                    #expect(try await Self.waitUntil { try await check(a, again) == .unauthorized }, "notifications reach A again after it reconnected")
                    #expect(try await check(a, admin) == .ok)
                }
            }
        }
    }

    @Test("SQLite has no other instances to follow")
    func sqliteHasNone() async throws {
        try await TestStores.withStore(.sqlite) { store in
            #expect(store.invalidations == nil)
        }
    }
}
