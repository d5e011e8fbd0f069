import Foundation

/// Removes sessions that are past their lifetime or idle too long, in batches, writing one audit event
/// per batch; also forgets drained rate-limit counters. Run periodically by a background service.
public struct SessionSweeper: Sendable {
    let store: any Store
    public let units: UnitOfWork
    let policy: SessionPolicy
    let clock: any WallClock
    let batchSize: Int

    public init(store: any Store, trail: AuditTrail, policy: SessionPolicy, clock: any WallClock, cache: SessionCache?, batchSize: Int = 500) {
        self.store = store
        self.units = UnitOfWork(store: store, trail: trail, cache: cache, outbox: nil)
        self.policy = policy
        self.clock = clock
        self.batchSize = batchSize
    }

    /// Ends administrators' accesses whose time is up, each with `impersonation.ended` (how: expired),
    /// soon rather than after the ended-session retention. The first `impersonationGrace` after the end
    /// is left to the administrator's browser: its next request ends the access itself and gets the
    /// administrator's own session back. Returns how many.
    func endExpiredImpersonations() async throws -> Int {
        var ended = 0
        let before = clock.now().addingTimeInterval(-Self.impersonationGrace.timeInterval)
        let idleBefore = before.addingTimeInterval(-policy.idleTimeout.timeInterval)
        for session in try await store.sessions.expiredImpersonations(now: before, idleBefore: idleBefore, limit: batchSize) {
            let now = clock.now()
            ended += try await units.run { work in
                guard try await work.sessions.revoke(session.id) else { return 0 }
                work.forget(session: session.id)
                work.recordAccessEnded(session, how: AdministratorAccess.Ending.expired.rawValue, at: now, request: RequestInfo())
                return 1
            }
        }
        return ended
    }

    static let impersonationGrace = Duration.seconds(300)

    /// Sweeps until nothing is left; returns how many sessions ended.
    @discardableResult
    public func sweep() async throws -> Int {
        var total = 0
        while true {
            // Ended sessions are kept (refused) for a while so the sign-in page can say why they ended.
            let cutoff = clock.now().addingTimeInterval(-policy.endedRetention.timeInterval)
            let idleBefore = cutoff.addingTimeInterval(-policy.idleTimeout.timeInterval)
            let batchSize = self.batchSize
            let ended = try await units.run { work in
                let ended = try await work.sessions.deleteExpired(now: cutoff, idleBefore: idleBefore, limit: batchSize)
                if !ended.isEmpty {
                    work.record(AuditEvent(.sessionsExpired, details: [
                       "count": String(ended.count),
                       "accounts": String(Set(ended.map(\.1)).count),
                   ]))
                }
                work.forget(sessions: ended.map(\.0))
                return ended.map(\.0)
            }
            total += ended.count
            if ended.count < batchSize { break }
        }
        total += try await endExpiredImpersonations()
        _ = try await store.rateLimits.purge(before: clock.now())
        return total
    }
}
