import Foundation

/// Removes sessions that are past their lifetime or idle too long, in batches, writing one audit event
/// per batch; also forgets drained rate-limit counters. Run periodically by a background service.
public struct SessionSweeper: Sendable {
    let store: any Store
    let trail: AuditTrail
    let policy: SessionPolicy
    let clock: any WallClock
    let cache: SessionCache?
    let batchSize: Int

    public init(store: any Store, trail: AuditTrail, policy: SessionPolicy, clock: any WallClock, cache: SessionCache?, batchSize: Int = 500) {
        self.store = store
        self.trail = trail
        self.policy = policy
        self.clock = clock
        self.cache = cache
        self.batchSize = batchSize
    }

    /// Sweeps until nothing is left; returns how many sessions ended.
    @discardableResult
    public func sweep() async throws -> Int {
        var total = 0
        while true {
            // Ended sessions are kept (refused) for a while so the sign-in page can say why they ended.
            let cutoff = clock.now().addingTimeInterval(-policy.endedRetention.timeInterval)
            let idleBefore = cutoff.addingTimeInterval(-policy.idleTimeout.timeInterval)
            let batchSize = self.batchSize
            let ended = try await trail.transaction(store) { tx, audit in
                let ended = try await tx.sessions.deleteExpired(now: cutoff, idleBefore: idleBefore, limit: batchSize)
                if !ended.isEmpty {
                    audit.record(AuditEvent(.sessionsExpired, details: [
                        "count": String(ended.count),
                        "accounts": String(Set(ended.map(\.1)).count),
                    ]))
                }
                return ended.map(\.0)
            }
            cache?.invalidate(sessions: ended)
            total += ended.count
            if ended.count < batchSize { break }
        }
        _ = try await store.rateLimits.purge(before: clock.now())
        return total
    }
}
