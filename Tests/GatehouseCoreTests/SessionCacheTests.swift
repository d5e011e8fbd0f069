import Foundation
import GatehouseCore
import Synchronization
import Testing

@Suite("Session cache")
struct SessionCacheTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func record(_ token: String) -> SessionRecord {
        let account = Account(id: AccountID(rawValue: "a-" + token), username: "u" + token, usernameNormalized: "u" + token, email: "\(token)@example.com",
                              emailNormalized: "\(token)@example.com", emailVerifiedAt: now, passwordHash: "x", status: .active, roles: [],
                              preferredLanguage: .en, failedAttempts: 0, lockedAt: nil,
                              createdAt: now, updatedAt: now)
        let session = Session(id: SessionID(rawValue: "s-" + token), tokenHash: "h-" + token, accountID: account.id, status: .authenticated,
                              createdAt: now, lastSeenAt: now, expiresAt: now.addingTimeInterval(3600), authenticatedAt: now, ip: nil, userAgent: nil)
        return SessionRecord(session: session, account: account)
    }

    @Test("a lookup read before an invalidation is not cached: a revocation committed meanwhile cannot be undone by it")
    func staleLookupNotCached() {
        let cache = SessionCache(ttl: .seconds(2))
        let first = record("1")
        let generation = cache.generation
        cache.invalidate(session: SessionID(rawValue: "s-other"))
        cache.store(first, at: now, readSince: generation)
        #expect(cache.record(tokenHash: "h-1", at: now) == nil)

        cache.store(first, at: now, readSince: cache.generation)
        #expect(cache.record(tokenHash: "h-1", at: now) == first)
        cache.invalidate(account: first.account.id)
        #expect(cache.record(tokenHash: "h-1", at: now) == nil)
        #expect(cache.record(tokenHash: "h-1", at: now.addingTimeInterval(3)) == nil)
    }

    /// A session `token` of account `account`, under its own token hash.
    func record(_ token: String, account: String, session: String? = nil) -> SessionRecord {
        var base = record(token)
        base.account = Account(id: AccountID(rawValue: account), username: account, usernameNormalized: account, email: "\(account)@example.com",
                               emailNormalized: "\(account)@example.com", emailVerifiedAt: now, passwordHash: "x", status: .active, roles: [],
                               preferredLanguage: .en, failedAttempts: 0, lockedAt: nil, createdAt: now, updatedAt: now)
        base.session.accountID = base.account.id
        if let session { base.session.id = SessionID(rawValue: session) }
        return base
    }

    @Test("invalidating a session or an account drops exactly its entries among many, a session's rotated token included; a full cache starts over and stays consistent")
    func indexes() {
        let cache = SessionCache(ttl: .seconds(60))
        for index in 0..<1_000 { cache.store(record("\(index)", account: "acct-\(index % 10)"), at: now, readSince: cache.generation) }
        // Session s-5 rotated its token: two hashes, one session.
        cache.store(record("5b", account: "acct-5", session: "s-5"), at: now, readSince: cache.generation)
        cache.invalidate(session: SessionID(rawValue: "s-5"))
        #expect(cache.record(tokenHash: "h-5", at: now) == nil)
        #expect(cache.record(tokenHash: "h-5b", at: now) == nil)
        #expect(cache.record(tokenHash: "h-15", at: now) != nil)

        cache.invalidate(account: AccountID(rawValue: "acct-3"))
        let left = (0..<1_000).filter { cache.record(tokenHash: "h-\($0)", at: now) != nil }
        #expect(left.count == 1_000 - 100 - 1, "account 3's hundred sessions and session 5 are gone")
        #expect(left.allSatisfy { $0 % 10 != 3 && $0 != 5 })

        cache.evict(session: SessionID(rawValue: "s-7"))
        #expect(cache.record(tokenHash: "h-7", at: now) == nil)

        let small = SessionCache(ttl: .seconds(60), maximumEntries: 3)
        for index in 0..<3 { small.store(record("\(index)", account: "a"), at: now, readSince: small.generation) }
        small.store(record("9", account: "a"), at: now, readSince: small.generation)
        #expect(small.record(tokenHash: "h-0", at: now) == nil, "full: started over")
        #expect(small.record(tokenHash: "h-9", at: now) != nil)
        small.invalidate(account: AccountID(rawValue: "a"))
        #expect(small.record(tokenHash: "h-9", at: now) == nil, "what came after the restart is indexed")
    }

    @Test("invalidations travel as s:/a:/t: payloads, comma-separated in batches under PostgreSQL's 8,000-byte limit; anything else is skipped")
    func payloads() {
        let all: [CacheInvalidation] = [.session(SessionID(rawValue: "s1")), .account(AccountID(rawValue: "a1")), .token(APITokenID(rawValue: "t1"))]
        #expect(all.map(\.payload) == ["s:s1", "a:a1", "t:t1"])
        #expect(CacheInvalidation.list("s:s1,a:a1,t:t1") == all)
        #expect(CacheInvalidation.list("x:1,s:,s,,a:a1") == [.account(AccountID(rawValue: "a1"))])
        let many = (0..<1_000).map { CacheInvalidation.session(SessionID(rawValue: String(repeating: "x", count: 30) + String($0))) }
        let batches = CacheInvalidation.batches(many)
        #expect(batches.count > 1 && batches.allSatisfy { $0.utf8.count <= 7_000 })
        #expect(batches.flatMap { CacheInvalidation.list($0) } == many)
        #expect(CacheInvalidation.batches([]) == [])
    }

    @Test("applying another instance's invalidations drops what they name; forgetting all drops everything and refuses lookups read before")
    func applied() {
        let cache = SessionCache(ttl: .seconds(60))
        let (one, two, three) = (record("1"), record("2"), record("3"))
        for entry in [one, two, three] { cache.store(entry, at: now, readSince: cache.generation) }
        cache.apply([.session(one.session.id), .account(two.account.id)])
        #expect(cache.record(tokenHash: "h-1", at: now) == nil)
        #expect(cache.record(tokenHash: "h-2", at: now) == nil)
        #expect(cache.record(tokenHash: "h-3", at: now) == three)
        let generation = cache.generation
        cache.forgetAll()
        #expect(cache.record(tokenHash: "h-3", at: now) == nil)
        cache.store(three, at: now, readSince: generation)
        #expect(cache.record(tokenHash: "h-3", at: now) == nil, "a lookup read before the reconnect is not kept")
    }

    final class Tally: Sendable {
        private let value = Mutex(0)
        func add() { value.withLock { $0 += 1 } }
        var count: Int { value.withLock { $0 } }
    }

    /// A feed that refuses its first connection, then gives `dead` connections that deliver nothing
    /// (half-open: probes vanish), then delivers what it is given, probes included.
    final class ScriptedFeed: InvalidationFeed, @unchecked Sendable {
        let connections = Mutex(0)
        let dead: Int
        let deliveries = AsyncStream<[CacheInvalidation]>.makeStream()

        init(dead: Int = 0) { self.dead = dead }

        func follow(ready: @escaping @Sendable () -> Void, receive: @escaping @Sendable ([CacheInvalidation]) -> Void) async throws {
            let attempt = connections.withLock { $0 += 1; return $0 }
            guard attempt > 1 else { throw Refused() }
            ready()
            if attempt <= 1 + dead {
                try await Task.sleep(for: .seconds(3600))
                return
            }
            for await batch in deliveries.stream { receive(batch) }
        }

        func probe(_ id: String) async throws {
            if connections.withLock({ $0 }) > 1 + dead { deliveries.continuation.yield([.probe(id)]) }
        }

        struct Refused: Error {}
    }

    @Test("a feed that goes quiet (its probes do not come back) is followed again, and what was cached meanwhile is forgotten")
    func heartbeat() async throws {
        let cache = SessionCache(ttl: .seconds(60))
        let feed = ScriptedFeed(dead: 1)
        let failures = Tally(), readies = Tally()
        let task = Task {
            await CacheInvalidationFollower(feed: feed, cache: cache, retryDelay: .milliseconds(10), heartbeat: (.milliseconds(50), .seconds(2)))
                .run(ready: { readies.add() }, failed: { _ in failures.add() })
        }
        defer { task.cancel() }
        for _ in 0..<500 where readies.count < 1 { try await Task.sleep(for: .milliseconds(10)) }
        let one = record("1")
        cache.store(one, at: now, readSince: cache.generation)
        // A probe gets 2 s to come back (generous: parallel tests load the machine), so the quiet
        // connection is given up after about 2 s.
        for _ in 0..<1500 where readies.count < 2 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(readies.count == 2, "followed again after the quiet connection")
        #expect(failures.count == 2, "the refused connection and the lost heartbeat")
        #expect(cache.record(tokenHash: "h-1", at: now) == nil, "cached while the feed was quiet: forgotten")
        // The live connection keeps passing its heartbeats (a probe every 50 ms).
        try await Task.sleep(for: .seconds(1))
        #expect(failures.count == 2)
        #expect(readies.count == 2)
    }

    @Test("the follower connects again after a failure, forgets what was cached before listening, then applies what arrives")
    func follower() async throws {
        let cache = SessionCache(ttl: .seconds(60))
        let feed = ScriptedFeed()
        let (one, two) = (record("1"), record("2"))
        cache.store(one, at: now, readSince: cache.generation)
        let failures = Tally(), readies = Tally()
        let task = Task {
            await CacheInvalidationFollower(feed: feed, cache: cache, retryDelay: .milliseconds(10))
                .run(ready: { readies.add() }, failed: { _ in failures.add() })
        }
        defer { task.cancel() }
        for _ in 0..<500 where readies.count == 0 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(failures.count == 1)
        #expect(readies.count == 1)
        #expect(cache.record(tokenHash: "h-1", at: now) == nil, "cached before following began: forgotten")
        cache.store(two, at: now, readSince: cache.generation)
        feed.deliveries.continuation.yield([.session(two.session.id)])
        for _ in 0..<500 where cache.record(tokenHash: "h-2", at: now) != nil { try await Task.sleep(for: .milliseconds(10)) }
        #expect(cache.record(tokenHash: "h-2", at: now) == nil)
    }
}
