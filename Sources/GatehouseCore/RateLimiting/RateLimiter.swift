import Foundation

public enum RateLimitDecision: Sendable, Equatable {
    case allowed
    /// Refused; try again after this many seconds (at least 1).
    case limited(retryAfter: Int)
}

/// Shared counters (in the database, so all instances on one PostgreSQL see the same numbers).
public protocol RateLimitStore: Sendable {
    /// Generic cell rate algorithm: records one event under `key` if `limit` allows it. One atomic
    /// statement; refused attempts record nothing.
    func consume(key: String, limit: RateLimit, at: Date) async throws -> RateLimitDecision
    /// Gives back one event recorded under `key` by `consume` (an attempt that turned out not to count).
    func refund(key: String, limit: RateLimit) async throws
    /// Forgets counters whose windows ended before `date`.
    func purge(before date: Date) async throws -> Int
}

/// Applies named limits (CONTRACT.md's `rate_limit.*`) to values such as an IP or a typed identifier.
/// Keys are HMACs, so the table holds neither addresses nor what people typed.
public struct RateLimiter: Sendable {
    let store: any RateLimitStore
    let keys: KeyRing
    let clock: any WallClock

    public init(store: any RateLimitStore, keys: KeyRing, clock: any WallClock) {
        self.store = store
        self.keys = keys
        self.clock = clock
    }

    /// Checks every (name, value, limit) in order and stops at the first refusal.
    public func check(_ checks: [(name: String, value: String, limit: RateLimit?)]) async throws -> RateLimitDecision {
        let now = clock.now()
        for check in checks {
            guard let limit = check.limit else { continue }
            let key = keys.mac(.rateLimitKey, check.name + "\u{0}" + check.value)
            let decision = try await store.consume(key: key, limit: limit, at: now)
            if case .limited = decision { return decision }
        }
        return .allowed
    }

    /// Gives back one event of each check, for attempts admitted by `check` that turned out not to
    /// count (a correct code under a limit on wrong codes). Taking the slot first and returning it
    /// afterwards keeps the limit exact under parallel requests, which a look-then-record could not.
    public func refund(_ checks: [(name: String, value: String, limit: RateLimit?)]) async throws {
        for check in checks {
            guard let limit = check.limit else { continue }
            try await store.refund(key: keys.mac(.rateLimitKey, check.name + "\u{0}" + check.value), limit: limit)
        }
    }

    /// Throws `rate_limited` with the retry delay when any check refuses.
    public func enforce(_ checks: [(name: String, value: String, limit: RateLimit?)]) async throws {
        if case .limited(let retryAfter) = try await check(checks) {
            throw RateLimited(retryAfter: retryAfter)
        }
    }
}

/// Thrown when a rate limit refuses; HTTP answers 429 with `Retry-After`.
public struct RateLimited: Error, Sendable, Equatable {
    public let retryAfter: Int
    public init(retryAfter: Int) { self.retryAfter = retryAfter }
}
