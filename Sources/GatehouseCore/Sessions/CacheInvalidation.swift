import Foundation

/// What a committed change makes every instance's forward-auth cache drop. A unit of work announces
/// its invalidations inside its transaction (PostgreSQL delivers them only if it commits), and every
/// instance following the database applies them to its own `SessionCache`.
public enum CacheInvalidation: Sendable, Hashable {
    case session(SessionID)
    case account(AccountID)
    case token(APITokenID)

    /// `s:<id>`, `a:<id>` or `t:<id>`; ids never contain a comma, so several travel comma-separated.
    public var payload: String {
        switch self {
        case .session(let id): "s:" + id.rawValue
        case .account(let id): "a:" + id.rawValue
        case .token(let id): "t:" + id.rawValue
        }
    }

    public init?(payload: Substring) {
        guard payload.count > 2, payload.dropFirst().first == ":" else { return nil }
        let id = String(payload.dropFirst(2))
        guard !id.contains(",") else { return nil }
        switch payload.first {
        case "s": self = .session(SessionID(rawValue: id))
        case "a": self = .account(AccountID(rawValue: id))
        case "t": self = .token(APITokenID(rawValue: id))
        default: return nil
        }
    }

    /// Parses a comma-separated list, skipping what it does not understand.
    public static func list(_ payload: String) -> [CacheInvalidation] {
        payload.split(separator: ",").compactMap { CacheInvalidation(payload: $0) }
    }

    /// Joins payloads into lists of at most `limit` bytes (PostgreSQL's notification payload must stay
    /// under 8,000 bytes).
    public static func batches(_ invalidations: [CacheInvalidation], limit: Int = 7_000) -> [String] {
        var batches: [String] = []
        var current = ""
        for payload in invalidations.map(\.payload) {
            if !current.isEmpty, current.utf8.count + 1 + payload.utf8.count > limit {
                batches.append(current)
                current = ""
            }
            current += current.isEmpty ? payload : "," + payload
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }
}

/// Invalidations committed by every instance on the same database, as they commit (PostgreSQL:
/// `LISTEN`). SQLite serves one instance and has none.
public protocol InvalidationFeed: Sendable {
    /// Listens until the task is cancelled or the connection fails (then it throws). `ready` is called
    /// once listening has begun: anything cached before then may have missed an invalidation.
    func follow(ready: @escaping @Sendable () -> Void, receive: @escaping @Sendable ([CacheInvalidation]) -> Void) async throws
}

extension SessionCache {
    /// Drops what `invalidations` name, as if this instance had made the change.
    public func apply(_ invalidations: [CacheInvalidation]) {
        var sessions: [SessionID] = []
        for invalidation in invalidations {
            switch invalidation {
            case .session(let id): sessions.append(id)
            case .account(let id): invalidate(account: id)
            case .token(let id): invalidate(token: id)
            }
        }
        invalidate(sessions: sessions)
    }
}

/// Keeps this instance's cache in step with the other instances: follows the feed and, whenever
/// following starts again after a failure, forgets everything cached (an invalidation may have been
/// missed meanwhile). While the feed is down, `auth_check.cache_ttl` still bounds how long a revoked
/// session can be answered from the cache.
public struct CacheInvalidationFollower: Sendable {
    public let feed: any InvalidationFeed
    public let cache: SessionCache
    public let retryDelay: Duration

    public init(feed: any InvalidationFeed, cache: SessionCache, retryDelay: Duration = .seconds(1)) {
        self.feed = feed
        self.cache = cache
        self.retryDelay = retryDelay
    }

    /// Runs until the task is cancelled; `ready` is told each time following (re)starts, `failed`
    /// each time it stops.
    public func run(ready: @escaping @Sendable () -> Void = {}, failed: @escaping @Sendable (any Error) -> Void = { _ in }) async {
        let cache = self.cache
        while !Task.isCancelled {
            do {
                try await feed.follow(ready: {
                    cache.forgetAll()
                    ready()
                }, receive: { cache.apply($0) })
            } catch is CancellationError {
                break
            } catch {
                if Task.isCancelled { break }
                failed(error)
            }
            cache.forgetAll()
            try? await Task.sleep(for: retryDelay)
        }
    }
}
