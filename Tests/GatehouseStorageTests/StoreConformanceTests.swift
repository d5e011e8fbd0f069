import Foundation
import GatehouseCore
import GatehouseStorage
import GatehouseTestSupport
import Testing

extension StoreBackend: CustomTestStringConvertible {
    public var testDescription: String { rawValue }
}

/// One set of behaviour tests that every Store backend must pass, run against a real SQLite file and a
/// real PostgreSQL server.
@Suite("Store conformance")
struct StoreConformanceTests {
    static let backends = StoreBackend.allCases
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let random = SystemRandomSource()

    func newAccount(_ username: String, email: String? = nil, roles: Set<Role> = []) throws -> NewAccount {
        let user = try IdentifierNormalizer.username(username)
        let mail = try IdentifierNormalizer.email(email ?? "\(user.normalized)@example.com")
        return NewAccount(
            id: random.accountID(at: now), username: user.display, usernameNormalized: user.normalized,
            email: mail.display, emailNormalized: mail.normalized, emailVerifiedAt: nil,
            passwordHash: "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$aGFzaA", roles: roles, preferredLanguage: .ru, createdAt: now)
    }

    @Test("migrations apply once, record their versions and are idempotent", arguments: backends)
    func migrations(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend, migrate: false) { store in
            #expect(try await store.pendingMigrations() == Array(1...19))
            #expect(try await store.migrate() == Array(1...19))
            #expect(try await store.pendingMigrations() == [])
            #expect(try await store.migrate() == [])
            try await store.ping()
        }
    }

    @Test("an account round-trips through the database", arguments: backends)
    func roundTrip(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let new = try newAccount("Ⅹavier", email: "Xavier@Example.com", roles: [.admin, Role("ops")])
            let created = try await store.accounts.create(new)
            let byID = try #require(try await store.accounts.account(id: new.id))
            #expect(byID == created)
            #expect(byID.username == "Ⅹavier")
            #expect(byID.usernameNormalized == "xavier")
            #expect(byID.email == "Xavier@Example.com")
            #expect(byID.roles == [.admin, Role("ops")])
            #expect(byID.preferredLanguage == .ru)
            #expect(byID.status == .active)
            #expect(byID.createdAt == now)
            #expect(try await store.accounts.account(login: "xavier")?.id == new.id)
            #expect(try await store.accounts.account(login: "xavier@example.com")?.id == new.id)
            #expect(try await store.accounts.account(login: "nobody") == nil)
            #expect(try await store.accounts.account(id: AccountID(rawValue: UUID().uuidString.lowercased())) == nil)
        }
    }

    @Test("a username that looks like a taken one (TR #39 skeleton) is refused on create and on rename", arguments: backends)
    func lookAlikeUsernames(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let alice = try await store.accounts.create(try newAccount("alice"))
            // Dotless ı, i + combining dot above, and rn for m: one script each, but they look alike.
            for lookAlike in ["al\u{0131}ce", "ali\u{0307}ce", "ALICE", "aIice", "AIice", "ALlCE"] {
                await #expect(throws: StoreError.alreadyTaken(field: "username"), "\(lookAlike)") {
                    _ = try await store.accounts.create(try newAccount(lookAlike, email: "other\(lookAlike.unicodeScalars.count)@example.com"))
                }
            }
            _ = try await store.accounts.create(try newAccount("bill"))
            await #expect(throws: StoreError.alreadyTaken(field: "username")) { _ = try await store.accounts.create(try newAccount("BiII", email: "b2@example.com")) }
            _ = try await store.accounts.create(try newAccount("modern"))
            await #expect(throws: StoreError.alreadyTaken(field: "username")) { _ = try await store.accounts.create(try newAccount("rnodern", email: "r@example.com")) }
            let bob = try await store.accounts.create(try newAccount("bob"))
            await #expect(throws: StoreError.alreadyTaken(field: "username")) {
                _ = try await store.accounts.setUsername(bob.id, username: "alıce", normalized: IdentifierNormalizer.fold("alıce"), at: now)
            }
            #expect(try await store.accounts.setUsername(alice.id, username: "alicia", normalized: "alicia", at: now))
            _ = try await store.accounts.create(try newAccount("alıce", email: "dotless@example.com"))
            #expect(try await store.accounts.list(limit: 10, after: nil).count == 5, "alice's old name is free once she renamed")
            // A rename to a capitalised form of one's own name is no look-alike of anyone else.
            #expect(try await store.accounts.setUsername(bob.id, username: "Bob", normalized: "bob", at: now))
        }
    }

    @Test("migration 8 gives existing accounts their look-alike keys; of two that already look alike the older keeps it", arguments: backends)
    func lookAlikeBackfill(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store, location in
            let older = try await store.accounts.create(try newAccount("alice"))
            // As a database written before migration 8: no keys, no index, and a look-alike next to alice.
            try await TestStores.executeDirectly("DROP INDEX accounts_username_key", at: location)
            try await TestStores.executeDirectly("DROP INDEX accounts_username_case_key", at: location)
            try await TestStores.executeDirectly("DROP INDEX accounts_username_upper_key", at: location)
            try await TestStores.executeDirectly("UPDATE accounts SET username_key = NULL, username_case_key = NULL, username_upper_key = NULL", at: location)
            var newer = try newAccount("al\u{0131}ce", email: "dotless@example.com")
            newer.createdAt = now.addingTimeInterval(60)
            _ = try await store.accounts.create(newer)
            try await TestStores.executeDirectly("UPDATE accounts SET username_key = NULL, username_case_key = NULL, username_upper_key = NULL", at: location)
            try await TestStores.executeDirectly("DELETE FROM gatehouse_migrations WHERE version = 8", at: location)
            try await TestStores.executeDirectly("ALTER TABLE accounts DROP COLUMN username_key", at: location)
            try await TestStores.executeDirectly("ALTER TABLE accounts DROP COLUMN username_case_key", at: location)
            try await TestStores.executeDirectly("ALTER TABLE accounts DROP COLUMN username_upper_key", at: location)
            #expect(try await store.migrate() == [8])
            await #expect(throws: StoreError.alreadyTaken(field: "username")) {
                _ = try await store.accounts.create(try newAccount("ALİCE", email: "third@example.com"))
            }
            #expect(try await store.accounts.account(id: older.id)?.username == "alice")
            #expect(try await store.accounts.account(login: IdentifierNormalizer.fold("alıce")) != nil, "the newer look-alike still signs in")
        }
    }

    @Test("the database refuses a second account with the same normalised username or email", arguments: backends)
    func uniqueness(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            _ = try await store.accounts.create(try newAccount("xavier", email: "x@example.com"))
            await #expect(throws: StoreError.alreadyTaken(field: "username")) {
                _ = try await store.accounts.create(try newAccount("Ⅹavier", email: "other@example.com"))
            }
            await #expect(throws: StoreError.alreadyTaken(field: "email")) {
                _ = try await store.accounts.create(try newAccount("someone", email: "X@EXAMPLE.COM"))
            }
            #expect(try await store.accounts.list(limit: 10, after: nil).count == 1)
        }
    }

    @Test("20 parallel creations of one username give exactly one account", arguments: backends)
    func parallelCreation(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let accounts = try (0..<20).map { try newAccount($0 % 2 == 0 ? "racer" : "RACER", email: "racer\($0)@example.com") }
            let results = await withTaskGroup(of: Result<Account, any Error>.self) { group in
                for account in accounts {
                    group.addTask {
                        do { return .success(try await store.accounts.create(account)) } catch { return .failure(error) }
                    }
                }
                var results: [Result<Account, any Error>] = []
                for await result in group { results.append(result) }
                return results
            }
            let successes = results.filter { if case .success = $0 { true } else { false } }
            let taken = results.filter {
                if case .failure(let error) = $0, let storeError = error as? StoreError, storeError == .alreadyTaken(field: "username") { true } else { false }
            }
            #expect(successes.count == 1)
            #expect(taken.count == 19)
            #expect(try await store.accounts.list(limit: 100, after: nil).count == 1)
        }
    }

    @Test("30 concurrent failed attempts count exactly 30", arguments: backends)
    func concurrentIncrements(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let account = try await store.accounts.create(try newAccount("counter"))
            let now = self.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<30 {
                    group.addTask { _ = try await store.accounts.recordFailedAttempt(account.id, threshold: 1000, at: now) }
                }
                try await group.waitForAll()
            }
            let after = try #require(try await store.accounts.account(id: account.id))
            #expect(after.failedAttempts == 30)
            #expect(after.lockedAt == nil)
        }
    }

    @Test("the lock is set once the threshold is reached, atomically with the count", arguments: backends)
    func lockAtThreshold(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let account = try await store.accounts.create(try newAccount("locky"))
            let now = self.now
            let all = try await withThrowingTaskGroup(of: LockoutState?.self) { group in
                for _ in 0..<30 {
                    group.addTask { try await store.accounts.recordFailedAttempt(account.id, threshold: 3, at: now) }
                }
                var states: [LockoutState] = []
                for try await state in group { if let state { states.append(state) } }
                return states
            }
            #expect(all.count == 30)
            #expect(Set(all.map(\.failedAttempts)) == Set(1...30))
            // Exactly the attempts from the third on see a lock, and it never moves afterwards.
            #expect(all.filter(\.isLocked).count == 28)
            #expect(Set(all.compactMap(\.lockedAt)).count == 1)
            #expect(try await store.accounts.account(id: account.id)?.isLocked == true)

            #expect(try await store.accounts.unlock(account.id, at: now))
            let unlocked = try #require(try await store.accounts.account(id: account.id))
            #expect(unlocked.failedAttempts == 0)
            #expect(unlocked.lockedAt == nil)
            #expect(try await store.accounts.recordFailedAttempt(AccountID(rawValue: "missing"), threshold: 3, at: now) == nil)
        }
    }

    @Test("status, password hash and roles are updated; unknown ids report false", arguments: backends)
    func updates(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let account = try await store.accounts.create(try newAccount("updatee"))
            let later = now.addingTimeInterval(60)
            #expect(try await store.accounts.setStatus(account.id, .disabled, at: later))
            #expect(try await store.accounts.setPasswordHash(account.id, "new-hash", at: later))
            #expect(try await store.accounts.setRoles(account.id, [.admin], at: later))
            let updated = try #require(try await store.accounts.account(id: account.id))
            #expect(updated.status == .disabled)
            #expect(updated.passwordHash == "new-hash")
            #expect(updated.roles == [.admin])
            #expect(updated.updatedAt == later)
            #expect(try await store.accounts.countAdministrators() == 0)  // disabled administrators do not count
            #expect(try await store.accounts.setStatus(account.id, .active, at: later))
            #expect(try await store.accounts.countAdministrators() == 1)
            #expect(try await store.transaction { tx in try await tx.accounts.lockActiveAdministrators() } == 1)
            let missing = AccountID(rawValue: "00000000-0000-7000-8000-000000000000")
            #expect(try await store.accounts.setStatus(missing, .disabled, at: later) == false)
            #expect(try await store.accounts.unlock(missing, at: later) == false)
            #expect(try await store.accounts.delete(missing) == false)
            #expect(try await store.accounts.delete(account.id))
            #expect(try await store.accounts.account(id: account.id) == nil)
            #expect(try await store.transaction { tx in try await tx.eraseAuditPersonalData(of: account.id) } == 0)
        }
    }

    @Test("a role named like admin but longer is not admin", arguments: backends)
    func roleMatching(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            _ = try await store.accounts.create(try newAccount("notadmin", roles: [Role("admins"), Role("sysadmin")]))
            #expect(try await store.accounts.countAdministrators() == 0)
            #expect(try await store.transaction { tx in try await tx.accounts.lockActiveAdministrators() } == 0)
        }
    }

    @Test("listing pages through accounts in id order", arguments: backends)
    func listing(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            for index in 0..<5 { _ = try await store.accounts.create(try newAccount("user\(index)")) }
            let first = try await store.accounts.list(limit: 3, after: nil)
            let second = try await store.accounts.list(limit: 3, after: first.last?.id)
            #expect(first.count == 3)
            #expect(second.count == 2)
            #expect(Set((first + second).map(\.username)) == Set((0..<5).map { "user\($0)" }))
            #expect(first.map(\.id.rawValue) == first.map(\.id.rawValue).sorted())
        }
    }

    @Test("a transaction that throws leaves nothing behind", arguments: backends)
    func rollback(backend: StoreBackend) async throws {
        struct Abort: Error {}
        try await TestStores.withStore(backend) { store in
            let first = try newAccount("first")
            let second = try newAccount("second")
            await #expect(throws: Abort.self) {
                try await store.transaction { tx in
                    _ = try await tx.accounts.create(first)
                    _ = try await tx.accounts.create(second)
                    throw Abort()
                }
            }
            #expect(try await store.accounts.list(limit: 10, after: nil).isEmpty)
            let committed = try await store.transaction { tx in
                try await tx.accounts.create(first)
            }
            #expect(try await store.accounts.account(id: committed.id) != nil)
        }
    }

    @Test("a unique violation inside a transaction rolls back the rest of it", arguments: backends)
    func violationInTransaction(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            _ = try await store.accounts.create(try newAccount("taken"))
            let fresh = try newAccount("fresh")
            let duplicate = try newAccount("TAKEN", email: "else@example.com")
            await #expect(throws: StoreError.alreadyTaken(field: "username")) {
                try await store.transaction { tx in
                    _ = try await tx.accounts.create(fresh)
                    _ = try await tx.accounts.create(duplicate)
                }
            }
            #expect(try await store.accounts.account(login: "fresh") == nil)
        }
    }

    @Test("concurrent transactions each see and write consistent state", arguments: backends)
    func serialisedTransactions(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let account = try await store.accounts.create(try newAccount("txcounter"))
            let now = self.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<10 {
                    group.addTask {
                        try await store.transaction { tx in
                            _ = try await tx.accounts.recordFailedAttempt(account.id, threshold: 1000, at: now)
                            _ = try await tx.accounts.recordFailedAttempt(account.id, threshold: 1000, at: now)
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await store.accounts.account(id: account.id)?.failedAttempts == 20)
        }
    }
}

@Suite("Database URLs")
struct DatabaseLocationTests {
    @Test("sqlite and postgres URLs parse; anything else is refused")
    func parsing() throws {
        #expect(try DatabaseLocation.parse("sqlite:./data/g.sqlite") == .sqlite(path: "./data/g.sqlite"))
        guard case .postgres(let pg) = try DatabaseLocation.parse("postgres://gh:p%40ss@db.internal:6543/gatehouse?sslmode=require") else {
            Issue.record("not postgres"); return
        }
        #expect(pg.host == "db.internal")
        #expect(pg.port == 6543)
        #expect(pg.username == "gh")
        #expect(pg.password == "p@ss")
        #expect(pg.database == "gatehouse")
        #expect(pg.sslMode == "require")
        for bad in ["mysql://x", "sqlite:", "postgres://", "postgres://h/db?sslmode=maybe", ""] {
            #expect(throws: GatehouseError.self, "\(bad)") { try DatabaseLocation.parse(bad) }
        }
    }
}

@Suite("Rate limit store")
struct RateLimitStoreTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("a limit admits its count per window, then answers when to retry", arguments: StoreBackend.allCases)
    func window(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let limit = RateLimit(count: 3, window: .seconds(60))
            for _ in 0..<3 {
                let decision = try await store.rateLimits.consume(key: "k", limit: limit, at: start)
                #expect(decision == .allowed)
            }
            #expect(try await store.rateLimits.consume(key: "k", limit: limit, at: start) == .limited(retryAfter: 20))
            #expect(try await store.rateLimits.consume(key: "other", limit: limit, at: start) == .allowed)
            // One slot frees every 20 s.
            #expect(try await store.rateLimits.consume(key: "k", limit: limit, at: start.addingTimeInterval(20)) == .allowed)
            #expect(try await store.rateLimits.consume(key: "k", limit: limit, at: start.addingTimeInterval(21)) == .limited(retryAfter: 19))
            #expect(try await store.rateLimits.consume(key: "k", limit: limit, at: start.addingTimeInterval(200)) == .allowed)
            #expect(try await store.rateLimits.purge(before: start.addingTimeInterval(1000)) == 2)
        }
    }

    @Test("a refund gives back exactly one slot; refunding an unknown key does nothing", arguments: StoreBackend.allCases)
    func refund(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let limit = RateLimit(count: 2, window: .seconds(60))
            #expect(try await store.rateLimits.consume(key: "r", limit: limit, at: start) == .allowed)
            #expect(try await store.rateLimits.consume(key: "r", limit: limit, at: start) == .allowed)
            #expect(try await store.rateLimits.consume(key: "r", limit: limit, at: start) != .allowed)
            try await store.rateLimits.refund(key: "r", limit: limit)
            #expect(try await store.rateLimits.consume(key: "r", limit: limit, at: start) == .allowed)
            #expect(try await store.rateLimits.consume(key: "r", limit: limit, at: start) != .allowed)
            // Refunds beyond what was taken leave at most a full window, never more.
            for _ in 0..<5 { try await store.rateLimits.refund(key: "r", limit: limit) }
            #expect(try await store.rateLimits.consume(key: "r", limit: limit, at: start) == .allowed)
            #expect(try await store.rateLimits.consume(key: "r", limit: limit, at: start) == .allowed)
            #expect(try await store.rateLimits.consume(key: "r", limit: limit, at: start) != .allowed)
            try await store.rateLimits.refund(key: "never-seen", limit: limit)
            #expect(try await store.rateLimits.consume(key: "never-seen", limit: limit, at: start) == .allowed)
        }
    }

    @Test("30 concurrent attempts against a limit of 10 admit exactly 10", arguments: StoreBackend.allCases)
    func concurrent(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let limit = RateLimit(count: 10, window: .seconds(60))
            let start = self.start
            let admitted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<30 { group.addTask { try await store.rateLimits.consume(key: "burst", limit: limit, at: start) == .allowed } }
                var count = 0
                for try await ok in group where ok { count += 1 }
                return count
            }
            #expect(admitted == 10)
        }
    }

    @Test("two instances on one PostgreSQL share their counters")
    func sharedAcrossInstances() async throws {
        try await TestStores.withPostgresDatabase { url in
            let location = try DatabaseLocation.parse(url)
            try await GatehouseStorage.withStore(at: location, logger: TestStores.logger) { first in
                try await first.migrate()
                try await GatehouseStorage.withStore(at: location, logger: TestStores.logger) { second in
                    let limit = RateLimit(count: 4, window: .seconds(60))
                    for instance in [first, second, first, second] {
                        let decision = try await instance.rateLimits.consume(key: "shared", limit: limit, at: start)
                        #expect(decision == .allowed)
                    }
                    #expect(try await first.rateLimits.consume(key: "shared", limit: limit, at: start) != .allowed)
                    #expect(try await second.rateLimits.consume(key: "shared", limit: limit, at: start) != .allowed)
                }
            }
        }
    }
}

@Suite("Session store")
struct SessionStoreTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("language, consent and the failure count reset write what they say; a reset fails for a locked account", arguments: StoreBackend.allCases)
    func accountSettings(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let anna = try await account(store, "anna")
            #expect(try await store.accounts.setPreferredLanguage(anna.id, .en, at: now))
            #expect(try await store.accounts.account(id: anna.id)?.preferredLanguage == .en)
            #expect(try await store.accounts.recordConsent(anna.id, version: "2026-12", ip: "192.0.2.7", at: now))
            let consented = try #require(try await store.accounts.account(id: anna.id))
            #expect(consented.consentVersion == "2026-12" && consented.consentAcceptedAt == now)
            #expect(try await store.accounts.recordConsent(AccountID(rawValue: "missing"), version: "1", ip: nil, at: now) == false)

            #expect(try await store.accounts.account(id: anna.id)?.lastSignInAt == nil, "never signed in")
            _ = try await store.accounts.recordFailedAttempt(anna.id, threshold: 5, at: now)
            #expect(try await store.accounts.resetFailedAttempts(anna.id, at: now.addingTimeInterval(5)))
            #expect(try await store.accounts.account(id: anna.id)?.failedAttempts == 0)
            #expect(try await store.accounts.account(id: anna.id)?.lastSignInAt == now.addingTimeInterval(5), "the sign-in's time")
            _ = try await store.accounts.recordFailedAttempt(anna.id, threshold: 1, at: now)
            #expect(try await store.accounts.resetFailedAttempts(anna.id, at: now) == false, "locked meanwhile: the sign-in must fail")
            #expect(try await store.accounts.account(id: anna.id)?.isLocked == true)
        }
    }

    @Test("a re-authentication moves the session's authenticated time; devices and places are remembered per account", arguments: StoreBackend.allCases)
    func reauthenticationAndKnownClients(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let anna = try await account(store, "anna")
            let boris = try await account(store, "boris")
            let created = session(anna, token: SecretToken.generate(SystemRandomSource()))
            try await store.sessions.create(created)
            let later = now.addingTimeInterval(90)
            try await store.sessions.reauthenticated(created.id, at: later)
            #expect(try await store.sessions.session(id: created.id)?.authenticatedAt == later)

            let now = self.now
            let before = try await store.transaction { tx in
                let any = try await tx.knownClients.hasAny(accountID: anna.id)
                let seen = try await tx.knownClients.lastSeen(accountID: anna.id, kind: "device", key: "k1")
                try await tx.knownClients.remember(accountID: anna.id, kind: "device", key: "k1", at: now)
                try await tx.knownClients.remember(accountID: anna.id, kind: "device", key: "k1", at: later)
                return (any, seen)
            }
            #expect(before.0 == false && before.1 == nil)
            let after = try await store.transaction { tx in
                (try await tx.knownClients.hasAny(accountID: anna.id),
                 try await tx.knownClients.lastSeen(accountID: anna.id, kind: "device", key: "k1"),
                 try await tx.knownClients.lastSeen(accountID: anna.id, kind: "place", key: "k1"),
                 try await tx.knownClients.hasAny(accountID: boris.id))
            }
            #expect(after.0 && after.1 == later && after.2 == nil && after.3 == false)
        }
    }

    @Test("an outbox row is retried later or given up only by its claim holder", arguments: StoreBackend.allCases)
    func outboxRetries(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            try await store.transaction { tx in try await tx.outbox.enqueue(NewOutboxEntry(id: "m1", kind: .passwordChanged, payload: "v1:x", createdAt: now)) }
            let claimed = try #require(try await store.outbox.claim(limit: 5, now: now, until: now.addingTimeInterval(60), claimToken: "a").first)
            #expect(try await store.outbox.reschedule(id: claimed.id, claimToken: "b", nextAttemptAt: now.addingTimeInterval(120), error: "x") == false)
            #expect(try await store.outbox.reschedule(id: claimed.id, claimToken: "a", nextAttemptAt: now.addingTimeInterval(120), error: "421 busy"))
            let retried = try #require(try await store.outbox.status(id: "m1"))
            #expect(retried.state == .pending && retried.attempts == 1 && retried.nextAttemptAt == now.addingTimeInterval(120))
            #expect(retried.lastError == "421 busy")
            #expect(try await store.outbox.claim(limit: 5, now: now.addingTimeInterval(60), until: now.addingTimeInterval(120), claimToken: "c").isEmpty,
                    "not due yet")
            let again = try #require(try await store.outbox.claim(limit: 5, now: now.addingTimeInterval(121), until: now.addingTimeInterval(200),
                                                                  claimToken: "d").first)
            #expect(try await store.outbox.markFailed(id: again.id, claimToken: "a", at: now.addingTimeInterval(122), error: "550") == false)
            #expect(try await store.outbox.markFailed(id: again.id, claimToken: "d", at: now.addingTimeInterval(122), error: "550 no such user"))
            #expect(try await store.outbox.status(id: "m1")?.state == .failed)
        }
    }

    @Test("every method of every store protocol in Core is called by a suite that runs on both backends (scan of Sources/ and Tests/)")
    func everyStoreMethodIsExercised() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        func swiftFiles(_ directory: String) -> [URL] {
            let files = FileManager.default.enumerator(at: root.appendingPathComponent(directory), includingPropertiesForKeys: nil)
            return (files?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "swift" }
        }
        // Suites whose store tests take `StoreBackend.allCases`: storage conformance and the outbox.
        let tests = try (swiftFiles("Tests/GatehouseStorageTests") + swiftFiles("Tests/GatehouseMailTests"))
            .map { try String(contentsOf: $0, encoding: .utf8) }.joined()
        var protocols: [String: [String]] = [:]
        for file in swiftFiles("Sources/GatehouseCore") {
            let text = try String(contentsOf: file, encoding: .utf8)
            var rest = Substring(text)
            while let start = rest.range(of: "public protocol ") {
                let name = String(rest[start.upperBound...].prefix { $0.isLetter })
                guard let end = rest[start.upperBound...].range(of: "\n}") else { break }
                let body = rest[start.upperBound..<end.lowerBound]
                if name.hasSuffix("Store") {
                    protocols[name] = body.components(separatedBy: "func ").dropFirst().map { String($0.prefix { $0 != "(" && $0 != "<" }) }
                }
                rest = rest[end.upperBound...]
            }
        }
        #expect(protocols.count >= 8, "\(protocols.keys.sorted())")
        for (name, methods) in protocols {
            for method in methods {
                // `close` ends every store the suites open (GatehouseStorage.withStore).
                guard method != "close" else { continue }
                #expect(tests.contains("." + method + "(") || tests.contains("." + method + " {"), "\(name).\(method) is not called by any backend suite")
            }
        }
    }

    func session(_ account: Account, token: String, status: SignInStatus = .authenticated) -> Session {
        Session(id: SessionID(rawValue: UUID().uuidString.lowercased()), tokenHash: SecretToken.hash(token), accountID: account.id, status: status,
                createdAt: now, lastSeenAt: now, expiresAt: now.addingTimeInterval(3600), authenticatedAt: now, ip: "192.0.2.1", userAgent: "ua")
    }

    func account(_ store: any Store, _ name: String) async throws -> Account {
        try await TestStores.account(in: store, name, at: now)
    }

    @Test("an administrator's access keeps who, why and whose session waits; the ones past their end are found for the sweeper",
          arguments: StoreBackend.allCases)
    func administratorAccess(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let alice = try await account(store, "alice")
            let root = try await account(store, "root")
            let own = session(root, token: "root-token")
            try await store.sessions.create(own)
            var access = session(alice, token: "access-token")
            access.expiresAt = now.addingTimeInterval(900)
            access.impersonation = SessionImpersonation(administratorID: root.id, administratorUsername: "root", administratorSessionID: own.id,
                                                        reason: "ticket 4711: «отчёты» don't load")
            try await store.sessions.create(access)
            try await store.sessions.create(session(alice, token: "her-own"))
            let found = try #require(try await store.sessions.record(tokenHash: SecretToken.hash("access-token")))
            #expect(found.session.impersonation == access.impersonation && found.account.id == alice.id)
            #expect(try await store.sessions.record(tokenHash: SecretToken.hash("her-own"))?.session.impersonation == nil)
            #expect(try await store.sessions.expiredImpersonations(now: now.addingTimeInterval(899), idleBefore: now.addingTimeInterval(-1), limit: 10).isEmpty)
            let expired = try await store.sessions.expiredImpersonations(now: now.addingTimeInterval(900), idleBefore: now.addingTimeInterval(-1), limit: 10)
            #expect(expired.map(\.id) == [access.id], "only the access, not her own session nor the administrator's")
            let idle = try await store.sessions.expiredImpersonations(now: now, idleBefore: now, limit: 10)
            #expect(idle.map(\.id) == [access.id], "an idle access counts as ended too")
        }
    }

    @Test("a session is found by its token hash together with its account, and by id", arguments: StoreBackend.allCases)
    func lookup(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let owner = try await account(store, "owner")
            let stored = session(owner, token: "token-one")
            try await store.sessions.create(stored)
            let record = try #require(try await store.sessions.record(tokenHash: SecretToken.hash("token-one")))
            #expect(record.session == stored)
            #expect(record.account.id == owner.id)
            #expect(try await store.sessions.session(id: stored.id) == stored)
            #expect(try await store.sessions.record(tokenHash: SecretToken.hash("token-two")) == nil)
        }
    }

    @Test("advancing replaces the token at once and only from the expected status", arguments: StoreBackend.allCases)
    func advance(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let owner = try await account(store, "stepper")
            let pending = session(owner, token: "old-token", status: .emailVerificationRequired)
            try await store.sessions.create(pending)
            let later = now.addingTimeInterval(5)
            #expect(try await store.sessions.advance(pending.id, from: .consentRequired, to: .authenticated, tokenHash: SecretToken.hash("x"), expiresAt: later, at: later) == false)
            // Two racing completions of one step: exactly one advances.
            let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<2 {
                    group.addTask {
                        try await store.sessions.advance(pending.id, from: .emailVerificationRequired, to: .authenticated,
                                                         tokenHash: SecretToken.hash("new-token-\(index)"), expiresAt: later.addingTimeInterval(3600), at: later)
                    }
                }
                var results: [Bool] = []
                for try await result in group { results.append(result) }
                return results
            }
            #expect(results.filter { $0 }.count == 1)
            #expect(try await store.sessions.record(tokenHash: SecretToken.hash("old-token")) == nil, "the old token stops working")
            let advanced = try #require(try await store.sessions.session(id: pending.id))
            #expect(advanced.status == .authenticated)
        }
    }

    @Test("revoking one, all but one, and sweeping expired and idle sessions", arguments: StoreBackend.allCases)
    func ending(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let owner = try await account(store, "many")
            let other = try await account(store, "other")
            let sessions = (0..<4).map { session(owner, token: "t\($0)") }
            for item in sessions { try await store.sessions.create(item) }
            try await store.sessions.create(session(other, token: "theirs"))
            #expect(try await store.sessions.revoke(sessions[0].id))
            #expect(try await store.sessions.revoke(sessions[0].id) == false)
            let ended = try await store.sessions.revokeAll(accountID: owner.id, except: sessions[1].id)
            #expect(Set(ended) == Set([sessions[2].id, sessions[3].id]))
            #expect(try await store.sessions.list(accountID: owner.id).map(\.id) == [sessions[1].id])
            #expect(try await store.sessions.list(accountID: other.id).count == 1)

            try await store.sessions.touch(sessions[1].id, at: now.addingTimeInterval(30), olderThan: now.addingTimeInterval(-30))
            #expect(try await store.sessions.session(id: sessions[1].id)?.lastSeenAt == now, "touched only when older than the cut-off")
            let swept = try await store.sessions.deleteExpired(now: now.addingTimeInterval(3600), idleBefore: now.addingTimeInterval(-1), limit: 10)
            #expect(swept.count == 2, "both remaining sessions reached their absolute end")
        }
    }

    @Test("deleting an account's row is impossible while sessions reference it only through the cascade", arguments: StoreBackend.allCases)
    func foreignKeys(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let ghost = Account(id: AccountID(rawValue: "00000000-0000-7000-8000-00000000dead"), username: "g", usernameNormalized: "g", email: "g@x.io",
                                emailNormalized: "g@x.io", emailVerifiedAt: nil, passwordHash: "x", status: .active, roles: [], preferredLanguage: .en,
                                failedAttempts: 0, lockedAt: nil, createdAt: now, updatedAt: now)
            await #expect(throws: (any Error).self, "a session for a missing account is refused by the foreign key") {
                try await store.sessions.create(session(ghost, token: "orphan"))
            }
        }
    }
}
