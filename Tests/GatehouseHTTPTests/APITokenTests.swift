import Foundation
import GatehouseApp
import GatehouseCore
@testable import GatehouseHTTP
import GatehouseTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// API tokens through the real router on real SQLite (and PostgreSQL where the store is involved):
/// created and rotated only from a recent interactive session, scoped to a permission group, never
/// more than the owner may do, refused everywhere a token must not go.
@Suite("API tokens")
struct APITokenTests {
    static let generous = ["GATEHOUSE_RATE_LIMIT_LOGIN_PER_IP": "1000/60", "GATEHOUSE_RATE_LIMIT_LOGIN_PER_ACCOUNT": "1000/60"]

    func withApp(_ environment: [String: String] = [:], backend: StoreBackend = .sqlite,
                 _ body: @Sendable (TestApp, any TestClientProtocol) async throws -> Void) async throws {
        try await TestStores.withStore(backend) { store in
            let app = try await TestApp.make(store, environment: Self.generous.merging(environment) { $1 })
            try await Application(router: app.routes().router).test(.router) { client in
                try await body(app, client)
            }
        }
    }

    func session(_ client: any TestClientProtocol, _ user: String) async throws -> String {
        let response = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders,
                                                body: loginBody(user, "correct horse battery"))
        #expect(response.status == .ok)
        return json(response)["token"] as? String ?? ""
    }

    func create(_ client: any TestClientProtocol, _ credential: String, name: String = "ci", group: String = "read_only",
                expires: Date, extra: [String: Any] = [:]) async throws -> TestResponse {
        var object: [String: Any] = ["name": name, "permission_group": group, "expires_at": ISO8601DateFormatter().string(from: expires)]
        object.merge(extra) { $1 }
        return try await client.execute(uri: "/api/v1/account/tokens", method: .post, headers: bearer(credential), body: body(object))
    }

    func get(_ client: any TestClientProtocol, _ path: String, _ credential: String) async throws -> TestResponse {
        try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer \(credential)"])
    }

    @Test("the token format: gth_, 256 random bits, a CRC32 checksum that refuses a typo before any lookup")
    func format() {
        let token = APITokenFormat.generate(SystemRandomSource())
        #expect(token.hasPrefix("gth_") && token.count == 4 + 43 + 6)
        #expect(APITokenFormat.isWellFormed(token))
        var typo = Array(token)
        typo[10] = typo[10] == "A" ? "B" : "A"
        #expect(!APITokenFormat.isWellFormed(String(typo)))
        #expect(!APITokenFormat.isWellFormed(String(token.dropLast())))
        #expect(!APITokenFormat.isWellFormed("gth_" + String(repeating: "A", count: 49)))
        #expect(APITokenFormat.generate(SystemRandomSource()) != token)
        // zlib's CRC32 of "123456789" is CBF43926.
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test("permissions: roles, organisation roles and groups from the built-in sets and the configuration; unknown names refused")
    func accessModel() throws {
        let model = try AccessModel(permissions: ["reports:read", "reports:export"], roles: ["analyst": ["reports:read", "reports:export"], "member": ["reports:read"]],
                                    groups: ["reporting": ["reports:read", "account:read"]])
        let now = Date()
        var account = Account(id: AccountID(rawValue: "a"), username: "a", usernameNormalized: "a", email: "a@example.com", emailNormalized: "a@example.com",
                              emailVerifiedAt: now, passwordHash: "", status: .active, roles: [], preferredLanguage: .en, failedAttempts: 0, lockedAt: nil,
                              createdAt: now, updatedAt: now)
        #expect(model.permissions(of: account) == [.accountRead, .accountWrite, .sessionsRead, .sessionsManage])
        account.organizations = ["rail": .operator, "ships": .member]
        #expect(model.permissions(of: account).isSuperset(of: [.orgInvite, Permission("reports:read")!]))
        #expect(!model.permissions(of: account, in: "ships").contains(.orgInvite), "operator of rail, only a member of ships")
        #expect(model.permissions(of: account, in: "rail").contains(.orgInvite))
        #expect(!model.permissions(of: account, in: "elsewhere").contains(.orgRead))
        account.roles = [Role("analyst")]
        #expect(model.permissions(of: account).contains(Permission("reports:export")!))
        #expect(model.permissions(ofToken: "reporting", owner: account) == [.accountRead, Permission("reports:read")!])
        #expect(model.permissions(ofToken: "read_only", owner: account).allSatisfy { $0.action == "read" })
        #expect(model.groups["read_only"]?.contains(Permission("reports:read")!) == true)
        #expect(model.permissions(ofToken: "gone", owner: account).isEmpty)
        account.status = .disabled
        #expect(model.permissions(of: account).isEmpty)
        #expect(AccessModel.builtIn.roles["admin"] == Set(Permission.builtIn))

        #expect(throws: AccessModelError.self) { try AccessModel(permissions: [], roles: ["x": ["reports:read"]], groups: [:]) }
        #expect(throws: AccessModelError.self) { try AccessModel(permissions: [], roles: [:], groups: ["g": ["nope"]]) }
        #expect(throws: AccessModelError.self) { try AccessModel(permissions: ["Bad Name"], roles: [:], groups: [:]) }
        #expect(throws: AccessModelError.self) { try AccessModel(permissions: [], roles: [:], groups: ["read_only": ["account:read"]]) }
        #expect(throws: AccessModelError.self) { try AccessModel(permissions: [], roles: ["Bad-Role": []], groups: [:]) }
    }

    @Test("create, list, use, rotate and delete: the secret once, only its hash stored, the old secret dead at once", arguments: [StoreBackend.sqlite, .postgres])
    func lifecycle(backend: StoreBackend) async throws {
        try await withApp(["GATEHOUSE_TOKENS_MAX_PER_USER": "2"], backend: backend) { app, client in
            let alice = try await app.createAccount("alice")
            let session = try await session(client, "alice")
            let expires = app.clock.now().addingTimeInterval(30 * 86400)
            let created = try await create(client, session, name: "deploy bot", expires: expires)
            #expect(created.status == .created, "\(String(buffer: created.body))")
            let secret = try #require(json(created)["token"] as? String)
            let id = try #require(json(created)["id"] as? String)
            #expect(APITokenFormat.isWellFormed(secret))

            // Only the SHA-256 is stored.
            let stored = try #require(try await app.dependencies.store.apiTokens.record(tokenHash: SecretToken.hash(secret)))
            #expect(stored.token.id.rawValue == id && stored.account.id == alice.id && stored.token.permissionGroup == "read_only")

            // Listed without the secret.
            let listed = try await get(client, "/api/v1/account/tokens", session)
            let list = try JSONSerialization.jsonObject(with: Data(buffer: listed.body)) as? [[String: Any]] ?? []
            #expect(list.count == 1 && list.first?["name"] as? String == "deploy bot" && list.first?["permission_group"] as? String == "read_only")
            #expect(!String(buffer: listed.body).contains(secret))

            // The token reads the account, and where it was used is recorded.
            let profile = try await get(client, "/api/v1/account", secret)
            #expect(profile.status == .ok && json(profile)["username"] as? String == "alice", "\(String(buffer: profile.body))")
            try await app.dependencies.signIn.touches?.flush(to: app.dependencies.store, touchInterval: .seconds(60))
            let used = try await app.dependencies.store.apiTokens.list(accountID: alice.id).first
            #expect(used?.lastUsedAt != nil)

            // Bad input.
            #expect(try await create(client, session, expires: app.clock.now().addingTimeInterval(-60)).status == .badRequest)
            #expect(try await create(client, session, expires: app.clock.now().addingTimeInterval(366 * 86400)).status == .badRequest)
            #expect(try await create(client, session, group: "nope", expires: expires).status == .badRequest)
            #expect(try await create(client, session, name: " ", expires: expires).status == .badRequest)
            let other = try await app.createAccount("bob")
            let forOther = try await create(client, session, expires: expires, extra: ["user_id": other.id.rawValue])
            #expect(forOther.status == .forbidden)
            // A token cannot mint a token.
            #expect(try await create(client, secret, expires: expires).status == .forbidden)
            // At most tokens.max_per_user.
            #expect(try await create(client, session, name: "second", expires: expires).status == .created)
            let third = try await create(client, session, name: "third", expires: expires)
            #expect(third.status == .conflict && json(third)["code"] as? String == "limit_reached")

            // Rotate: the old secret is dead at once, the new one works.
            #expect(try await client.execute(uri: "/api/v1/account/tokens/\(id)/rotate", method: .post, headers: bearer(secret)).status == .forbidden)
            let rotated = try await client.execute(uri: "/api/v1/account/tokens/\(id)/rotate", method: .post, headers: bearer(session))
            #expect(rotated.status == .ok)
            let fresh = try #require(json(rotated)["token"] as? String)
            #expect(fresh != secret)
            #expect(try await get(client, "/api/v1/account", secret).status == .unauthorized)
            #expect(try await get(client, "/api/v1/auth/check", secret).status == .unauthorized)
            #expect(try await get(client, "/api/v1/account", fresh).status == .ok)
            // Someone else's token is not found.
            let bobSession = try await self.session(client, "bob")
            #expect(try await client.execute(uri: "/api/v1/account/tokens/\(id)/rotate", method: .post, headers: bearer(bobSession)).status == .notFound)
            #expect(try await client.execute(uri: "/api/v1/account/tokens/\(id)", method: .delete, headers: bearer(bobSession)).status == .notFound)

            // Delete: gone at once.
            #expect(try await client.execute(uri: "/api/v1/account/tokens/\(id)", method: .delete, headers: bearer(session)).status == .noContent)
            #expect(try await get(client, "/api/v1/account", fresh).status == .unauthorized)

            // Expired tokens stop working.
            let short = try await create(client, session, name: "short", expires: app.clock.now().addingTimeInterval(120))
            let shortSecret = try #require(json(short)["token"] as? String)
            #expect(try await get(client, "/api/v1/account", shortSecret).status == .ok)
            app.clock.advance(by: .seconds(121))
            #expect(try await get(client, "/api/v1/account", shortSecret).status == .unauthorized)

            // Creating and rotating need a recent password confirmation.
            app.clock.advance(by: .seconds(600))
            let late = try await create(client, session, name: "late", expires: app.clock.now().addingTimeInterval(86400))
            #expect(late.status == .forbidden && json(late)["code"] as? String == "reauthentication_required")

            // Audited, and the secrets never reach the audit log.
            let events = try await app.dependencies.store.auditLog.records(after: 0, limit: 1000)
            let types = events.map(\.type.rawValue)
            #expect(types.filter { $0 == "api_token.created" }.count == 3)
            #expect(types.contains("api_token.rotated") && types.contains("api_token.deleted"))
            #expect(types.contains("api_token.refused"), "the token that tried to mint or rotate a token")
            let everything = events.map { "\($0)" }.joined()
            for leaked in [secret, fresh, shortSecret] { #expect(!everything.contains(leaked)) }

            // The owner is told of every token created or given a new secret, never of the secret.
            let mails = try await app.deliverMail().filter { $0.gatehouseKind == "api_token_issued" }
            #expect(mails.count == 4, "three created, one rotated")
            #expect(mails.filter { $0.subject.hasPrefix("New API token created") }.count == 3)
            #expect(mails.filter { $0.subject.hasPrefix("API token given a new secret") }.count == 1)
            #expect(mails.allSatisfy { $0.to.map(\.address) == ["alice@example.com"] && $0.textBody.contains("/account#tokens") })
            #expect(mails.contains { $0.textBody.contains("deploy bot") && $0.textBody.contains("read_only") })
            for mail in mails {
                for leaked in [secret, fresh, shortSecret] { #expect(!mail.textBody.contains(leaked) && !(mail.htmlBody ?? "").contains(leaked)) }
            }
        }
    }

    @Test("a token's access is its group ∩ its owner's permissions now: demote the owner and it shrinks, disable the owner and it dies")
    func effectiveAccess() async throws {
        try await withApp(["GATEHOUSE_PERMISSIONS": "reports:read", "GATEHOUSE_PERMISSION_GROUPS_REPORTING": "reports:read"]) { app, client in
            let root = try await app.createAccount("root", roles: [.admin])
            let target = try await app.createAccount("target")
            let session = try await session(client, "root")
            let expires = app.clock.now().addingTimeInterval(86400)
            let writer = try #require(json(try await create(client, session, name: "rw", group: "read_write", expires: expires))["token"] as? String)
            let reader = try #require(json(try await create(client, session, name: "ro", group: "read_only", expires: expires))["token"] as? String)
            let unlock = "/api/v1/admin/users/\(target.id)/unlock"
            #expect(try await client.execute(uri: unlock, method: .post, headers: bearer(writer)).status == .ok)
            let readOnly = try await client.execute(uri: unlock, method: .post, headers: bearer(reader))
            #expect(readOnly.status == .forbidden && json(readOnly)["code"] as? String == "forbidden")
            #expect(try await get(client, "/api/v1/admin/organizations", reader).status == .forbidden, "admin:organizations is not a read")

            // The forward-auth check reports what the token may do and its group.
            let check = try await get(client, "/api/v1/auth/check", reader)
            #expect(check.status == .ok)
            #expect(check.headers[HTTPField.Name("X-Gatehouse-Token-Group")!] == "read_only")
            #expect(check.headers[HTTPField.Name("X-Gatehouse-Permissions")!] == "account:read,org:read,reports:read,sessions:read"
                    || check.headers[HTTPField.Name("X-Gatehouse-Permissions")!] == "account:read,org:read,sessions:read")
            // A read-only token of an administrator does not pass for one: only roles within its permissions.
            #expect(check.headers[HTTPField.Name("X-Gatehouse-Roles")!] ?? "" == "")
            #expect(try await get(client, "/api/v1/auth/check", writer).headers[HTTPField.Name("X-Gatehouse-Roles")!] == "admin")
            // A token whose group its owner holds nothing of is no credential (root holds no reports:read).
            let useless = try #require(json(try await create(client, session, name: "reports", group: "reporting", expires: expires))["token"] as? String)
            #expect(try await get(client, "/api/v1/auth/check", useless).status == .unauthorized)
            #expect(try await get(client, "/api/v1/auth/check/account:read", reader).status == .ok)
            #expect(try await get(client, "/api/v1/auth/check/admin:users", reader).status == .forbidden)
            #expect(try await get(client, "/api/v1/auth/check/admin:users", writer).status == .ok)
            #expect(try await get(client, "/api/v1/auth/check/admin:users", "gth_nothing").status == .unauthorized)

            // Demoted: the read_write token loses the admin permissions at once.
            _ = try await app.dependencies.store.accounts.setRoles(root.id, [], at: app.clock.now())
            #expect(try await client.execute(uri: unlock, method: .post, headers: bearer(writer)).status == .forbidden)
            #expect(try await get(client, "/api/v1/account", writer).status == .ok)
            // Disabled: every token fails with 401, on the check path too.
            _ = try await app.dependencies.administration.disable(id: root.id, actor: nil)
            #expect(try await get(client, "/api/v1/account", writer).status == .unauthorized)
            #expect(try await get(client, "/api/v1/auth/check", reader).status == .unauthorized)
        }
    }

    @Test("a password reset, support's two-factor reset and disabling the account delete its tokens at once; enabling it brings none back")
    func recoveryDeletesTokens() async throws {
        try await withApp { app, client in
            let anna = try await app.createAccount("anna")
            let expires = app.clock.now().addingTimeInterval(86400)
            func fresh() async throws -> String {
                let signedIn = try await session(client, "anna")
                let created = try await create(client, signedIn, expires: expires)
                let token = json(created)["token"] as? String
                #expect(token != nil, "a token was created")
                return token ?? ""
            }
            func deleted(_ type: AuditEventType) async throws -> Bool {
                let details = try await app.dependencies.store.auditLog.recent(subject: anna.id, limit: 20).first { $0.type == type }?.details ?? ""
                return details.contains("\"tokens_deleted\":\"1\"")
            }

            // A password reset: the token dies with the sessions, here and on the check path; and a
            // creation that read its session just before the reset committed creates nothing after it.
            var token = try await fresh()
            let racing = try await session(client, "anna")
            guard case .valid(let staleRecord) = try await app.dependencies.signIn.authenticate(token: racing) else {
                Issue.record("the racing session is signed in")
                return
            }
            #expect(try await get(client, "/api/v1/auth/check", token).status == .ok)
            _ = try await client.execute(uri: "/api/v1/auth/password-reset", method: .post, headers: jsonHeaders, body: body(["email": "anna@example.com"]))
            let link = try #require(try await app.deliverMail().last { $0.gatehouseKind == "password_reset" }?.token("/password-reset/complete"))
            let reset = try await client.execute(uri: "/api/v1/auth/password-reset/complete", method: .post, headers: jsonHeaders,
                                                 body: body(["token": link, "new_password": "correct horse battery"]))
            #expect(reset.status == .ok)
            #expect(try await get(client, "/api/v1/auth/check", token).status == .unauthorized)
            #expect(try await get(client, "/api/v1/account", token).status == .unauthorized)
            #expect(try await app.dependencies.store.apiTokens.count(accountID: anna.id) == 0)
            #expect(try await deleted(.passwordResetCompleted))
            await #expect(throws: GatehouseError.self) {
                _ = try await app.dependencies.tokens.create(name: "late", group: "read_only", expiresAt: expires, by: staleRecord, request: RequestInfo())
            }
            #expect(try await app.dependencies.store.apiTokens.count(accountID: anna.id) == 0, "no token outlives the reset")

            // Support resets two-factor.
            token = try await fresh()
            _ = try await app.dependencies.administration.resetTwoFactor(id: anna.id, actor: nil)
            #expect(try await get(client, "/api/v1/auth/check", token).status == .unauthorized)
            #expect(try await deleted(.twoFactorReset))

            // Disabled, then enabled: the token stays dead.
            token = try await fresh()
            _ = try await app.dependencies.administration.disable(id: anna.id, actor: nil)
            _ = try await app.dependencies.administration.enable(id: anna.id, actor: nil)
            #expect(try await get(client, "/api/v1/auth/check", token).status == .unauthorized)
            #expect(try await app.dependencies.store.apiTokens.count(accountID: anna.id) == 0)
            #expect(try await deleted(.accountDisabled))
        }
    }

    @Test("POST /api/v1/authorize answers for the caller, in an organisation when asked; a malformed permission is 400")
    func authorize() async throws {
        try await withApp { app, client in
            let anna = try await app.createAccount("anna")
            let rail = try await app.dependencies.organizations.create(slug: "rail", name: "Rail")
            _ = try await app.dependencies.organizations.create(slug: "ships", name: "Ships")
            try await app.dependencies.organizations.setMember(anna.id, of: rail.slug, role: .operator)
            let session = try await session(client, "anna")
            func ask(_ credential: String, _ object: [String: Any]) async throws -> TestResponse {
                try await client.execute(uri: "/api/v1/authorize", method: .post, headers: bearer(credential), body: body(object))
            }
            #expect(json(try await ask(session, ["permission": "org:invite", "organization": "rail"]))["allowed"] as? Bool == true)
            #expect(json(try await ask(session, ["permission": "org:invite", "organization": "ships"]))["allowed"] as? Bool == false)
            #expect(json(try await ask(session, ["permission": "org:invite"]))["allowed"] as? Bool == true)
            #expect(json(try await ask(session, ["permission": "admin:users"]))["allowed"] as? Bool == false)
            #expect(json(try await ask(session, ["permission": "reports:read"]))["allowed"] as? Bool == false)
            #expect(try await ask(session, ["permission": "not a permission"]).status == .badRequest)
            let reader = try #require(json(try await create(client, session, expires: app.clock.now().addingTimeInterval(3600)))["token"] as? String)
            #expect(json(try await ask(reader, ["permission": "org:read", "organization": "rail"]))["allowed"] as? Bool == true)
            #expect(json(try await ask(reader, ["permission": "org:invite", "organization": "rail"]))["allowed"] as? Bool == false)
            #expect(try await client.execute(uri: "/api/v1/authorize", method: .post, headers: jsonHeaders, body: body(["permission": "org:read"])).status == .unauthorized)
        }
    }

    @Test("a token reaches only the routes for tokens whose permission it holds; every other route, page or API, answers 403")
    func everyRouteWithATokens() async throws {
        try await withApp { app, client in
            try await app.createAccount("root", roles: [.admin])
            let target = try await app.createAccount("target")
            let session = try await session(client, "root")
            let expires = app.clock.now().addingTimeInterval(86400)
            let tokens = [
                ("read_write", try #require(json(try await create(client, session, name: "rw", group: "read_write", expires: expires))["token"] as? String)),
                ("read_only", try #require(json(try await create(client, session, name: "ro", group: "read_only", expires: expires))["token"] as? String)),
            ]
            let routes = try app.routes().routes.filter { $0.policy != "public" }
            #expect(routes.count > 50)
            for (group, token) in tokens {
                let held = AccessModel.builtIn.groups[group] ?? []
                for route in routes {
                    let answer = try await RoutePolicyTests.call(client, route, token: token, accountID: target.id)
                    let policy = RoutePolicy(declared: route.policy)
                    let admitted = policy == .caller || (policy?.admitsTokens == true && policy?.permission.map(held.contains) == true)
                    if admitted {
                        #expect(answer != .forbidden && answer != .unauthorized, "\(group) token refused \(route.method) \(route.path) (\(route.policy))")
                    } else {
                        #expect(answer == .forbidden, "\(group) token on \(route.method) \(route.path) (\(route.policy)): \(answer)")
                    }
                }
            }
            // Never a password, username, email, two-factor, session, token or consent route.
            let forTokens = routes.filter { RoutePolicy(declared: $0.policy)?.admitsTokens == true }.map(\.path)
            for path in forTokens {
                for forbidden in ["password", "username", "email", "two-factor", "sessions", "tokens", "consent", "reauthenticate", "logout"] {
                    #expect(!path.contains(forbidden), "\(path) admits tokens")
                }
            }
        }
    }

    @Test("where a token was last used: time, IP and place from the GeoIP database, written at most once a minute")
    func lastUse() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: Self.generous.merging([
                "GATEHOUSE_GEOIP_DATABASE": AccountSessionTests.loopbackDatabase, "GATEHOUSE_TRUSTED_PROXIES": "127.0.0.1, ::1",
            ]) { $1 })
            let anna = try await app.createAccount("anna")
            try await Application(router: app.routes().router).test(.live) { client in
                let session = try await session(client, "anna")
                let secret = try #require(json(try await create(client, session, expires: app.clock.now().addingTimeInterval(3600)))["token"] as? String)
                func use(from address: String) async throws {
                    var headers: HTTPFields = [.authorization: "Bearer \(secret)"]
                    headers[HTTPField.Name("X-Forwarded-For")!] = address
                    #expect(try await client.execute(uri: "/api/v1/account", method: .get, headers: headers).status == .ok)
                    try await app.dependencies.signIn.touches?.flush(to: store, touchInterval: .seconds(60))
                }
                try await use(from: "127.0.0.2")
                var token = try #require(try await store.apiTokens.list(accountID: anna.id).first)
                #expect(token.lastUsedIP == "127.0.0.2" && token.lastUsedCity == "Linköping" && token.lastUsedCountry == "Sweden")
                #expect(token.lastUsedAt == app.clock.now())
                // Within the minute another place is not written.
                app.clock.advance(by: .seconds(30))
                try await use(from: "127.0.0.3")
                token = try #require(try await store.apiTokens.list(accountID: anna.id).first)
                #expect(token.lastUsedIP == "127.0.0.2")
                app.clock.advance(by: .seconds(31))
                try await use(from: "127.0.0.3")
                token = try #require(try await store.apiTokens.list(accountID: anna.id).first)
                #expect(token.lastUsedIP == "127.0.0.3" && token.lastUsedCity == "Milton")
                let listed = try JSONSerialization.jsonObject(with: Data(buffer: try await get(client, "/api/v1/account/tokens", session).body)) as? [[String: Any]]
                #expect(listed?.first?["last_used_city"] as? String == "Milton" && listed?.first?["last_used_ip"] as? String == "127.0.0.3")
            }
        }
    }

    @Test("parallel creations never exceed tokens.max_per_user", arguments: [StoreBackend.sqlite, .postgres])
    func parallelLimit(backend: StoreBackend) async throws {
        try await withApp(["GATEHOUSE_TOKENS_MAX_PER_USER": "3"], backend: backend) { app, client in
            let anna = try await app.createAccount("anna")
            let session = try await session(client, "anna")
            let expires = app.clock.now().addingTimeInterval(3600)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<8 {
                    group.addTask { try await create(client, session, name: "t\(index)", expires: expires).status }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 3)
            #expect(statuses.filter { $0 == .conflict }.count == 5)
            #expect(try await app.dependencies.store.apiTokens.count(accountID: anna.id) == 3)
        }
    }

    @Test("rotated on one instance: another instance's forward-auth check stops accepting the old secret within auth_check.cache_ttl", arguments: [StoreBackend.sqlite, .postgres])
    func rotationReachesOtherInstances(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            // Two instances on one database, each with its own cache, as behind a load balancer.
            let first = try await TestApp.make(store, environment: Self.generous)
            let second = try await TestApp.make(store, environment: Self.generous)
            try await first.createAccount("anna")
            try await Application(router: first.routes().router).test(.router) { one in
                try await Application(router: second.routes().router).test(.router) { other in
                    let session = try await session(one, "anna")
                    let created = try await create(one, session, expires: first.clock.now().addingTimeInterval(3600))
                    let secret = try #require(json(created)["token"] as? String)
                    let id = try #require(json(created)["id"] as? String)
                    #expect(try await get(other, "/api/v1/auth/check", secret).status == .ok, "cached on the other instance now")
                    #expect(try await one.execute(uri: "/api/v1/account/tokens/\(id)/rotate", method: .post, headers: bearer(session)).status == .ok)
                    #expect(try await get(one, "/api/v1/auth/check", secret).status == .unauthorized, "this instance: at once")
                    #expect(try await get(other, "/api/v1/account", secret).status == .unauthorized, "the API path never caches")
                    #expect(try await get(other, "/api/v1/auth/check", secret).status == .ok, "within auth_check.cache_ttl the other instance's cache may answer")
                    second.clock.advance(by: .seconds(2))
                    #expect(try await get(other, "/api/v1/auth/check", secret).status == .unauthorized, "the other instance: after the cache's 2 s")
                }
            }
        }
    }

    @Test("presented API tokens that name nothing count against the client: 429 with Retry-After once over the limit")
    func failuresPerIP() async throws {
        try await withApp(["GATEHOUSE_RATE_LIMIT_TOKEN_FAILURES_PER_IP": "3/60"]) { app, client in
            try await app.createAccount("alice")
            let session = try await session(client, "alice")
            let valid = try #require(json(try await create(client, session, expires: app.clock.now().addingTimeInterval(3600)))["token"] as? String)
            for _ in 0..<3 {
                #expect(try await get(client, "/api/v1/account", APITokenFormat.generate(SystemRandomSource())).status == .unauthorized)
            }
            let limited = try await get(client, "/api/v1/account", APITokenFormat.generate(SystemRandomSource()))
            #expect(limited.status == .tooManyRequests && limited.headers[.retryAfter] != nil)
            // Valid tokens are never throttled.
            #expect(try await get(client, "/api/v1/account", valid).status == .ok)
        }
    }
}
