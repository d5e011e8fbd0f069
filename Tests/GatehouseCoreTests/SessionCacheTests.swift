import Foundation
import GatehouseCore
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
}
