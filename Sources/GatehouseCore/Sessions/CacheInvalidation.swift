import Foundation
import Synchronization

/// What a committed change makes every instance's forward-auth cache drop. A unit of work announces
/// its invalidations inside its transaction (PostgreSQL delivers them only if it commits), and every
/// instance following the database applies them to its own `SessionCache`.
public enum CacheInvalidation: Sendable, Hashable {
    case session(SessionID)
    case account(AccountID)
    case token(APITokenID)
    /// Not an invalidation: a follower's heartbeat, sent to itself through the database to prove that
    /// its notifications still arrive.
    case probe(String)

    /// `s:<id>`, `a:<id>`, `t:<id>` or `p:<id>`; ids never contain a comma, so several travel comma-separated.
    public var payload: String {
        switch self {
        case .session(let id): "s:" + id.rawValue
        case .account(let id): "a:" + id.rawValue
        case .token(let id): "t:" + id.rawValue
        case .probe(let id): "p:" + id
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
        case "p": self = .probe(id)
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
    /// Sends `.probe(id)` to every follower (outside any transaction).
    func probe(_ id: String) async throws
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
            case .probe: break
            }
        }
        invalidate(sessions: sessions)
    }
}

/// Keeps this instance's cache in step with the other instances: follows the feed and, whenever
/// following starts again after a failure, forgets everything cached (an invalidation may have been
/// missed meanwhile). A heartbeat proves the feed alive: every `heartbeat.interval` the follower sends
/// itself a probe through the database, and a probe that does not come back within
/// `heartbeat.timeout` (a half-open connection, a pooler that drops notifications) counts as a failure.
/// While the feed is down, `auth_check.cache_ttl` still bounds how long a revoked session can be
/// answered from the cache.
public struct CacheInvalidationFollower: Sendable {
    public let feed: any InvalidationFeed
    public let cache: SessionCache
    public let retryDelay: Duration
    public let heartbeat: (interval: Duration, timeout: Duration)

    /// The probe did not come back in time.
    public struct HeartbeatLost: Error, CustomStringConvertible {
        public var description: String { "a probe sent through the database did not come back: notifications are not arriving" }
    }

    public init(feed: any InvalidationFeed, cache: SessionCache, retryDelay: Duration = .seconds(1),
                heartbeat: (interval: Duration, timeout: Duration) = (.seconds(10), .seconds(5))) {
        self.feed = feed
        self.cache = cache
        self.retryDelay = retryDelay
        self.heartbeat = heartbeat
    }

    /// Runs until the task is cancelled; `ready` is told each time following (re)starts, `failed`
    /// each time it stops.
    public func run(ready: @escaping @Sendable () -> Void = {}, failed: @escaping @Sendable (any Error) -> Void = { _ in }) async {
        let cache = self.cache, feed = self.feed, heartbeat = self.heartbeat
        while !Task.isCancelled {
            let probes = ProbeLog()
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        try await feed.follow(ready: {
                            cache.forgetAll()
                            probes.ready()
                            ready()
                        }, receive: { batch in
                            probes.saw(batch)
                            cache.apply(batch)
                        })
                    }
                    group.addTask { try await Self.beat(feed, probes, heartbeat) }
                    defer { group.cancelAll() }
                    try await group.next()
                }
            } catch {
                if Task.isCancelled { break }
                failed(error)
            }
            cache.forgetAll()
            try? await Task.sleep(for: retryDelay)
        }
    }

    /// Once following has begun: a probe every `interval`, which must come back within `timeout`.
    static func beat(_ feed: any InvalidationFeed, _ probes: ProbeLog, _ heartbeat: (interval: Duration, timeout: Duration)) async throws {
        while !probes.isReady { try await Task.sleep(for: .milliseconds(20)) }
        while true {
            try await Task.sleep(for: heartbeat.interval)
            let id = UUID().uuidString
            // Unstructured: a probe stuck on a dead connection must not hold the heartbeat up.
            let sending = Task { try await feed.probe(id) }
            defer { sending.cancel() }
            let deadline = ContinuousClock.now + heartbeat.timeout
            while !probes.hasSeen(id) {
                if ContinuousClock.now >= deadline { throw HeartbeatLost() }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    final class ProbeLog: Sendable {
        private let state = Mutex((ready: false, seen: Set<String>()))
        func ready() { state.withLock { $0.ready = true } }
        var isReady: Bool { state.withLock { $0.ready } }
        func saw(_ batch: [CacheInvalidation]) {
            for case .probe(let id) in batch { state.withLock { _ = $0.seen.insert(id) } }
        }
        func hasSeen(_ id: String) -> Bool { state.withLock { $0.seen.remove(id) != nil } }
    }
}
