import Foundation

/// A person's view of their own sessions: list them, end one, end all others. Another person's session
/// id is answered exactly like an unknown one.
public struct AccountSessions: Sendable {
    let store: any Store
    public let units: UnitOfWork
    let policy: SessionPolicy
    let clock: any WallClock

    public init(store: any Store, trail: AuditTrail, cache: SessionCache, policy: SessionPolicy, clock: any WallClock) {
        self.store = store
        self.units = UnitOfWork(store: store, trail: trail, cache: cache, outbox: nil)
        self.policy = policy
        self.clock = clock
    }

    /// Signed-in devices: active sessions that finished every sign-in step, oldest first. Ended ones
    /// (kept for the sign-in notice) and sign-ins still waiting at a step are left out; "end all other
    /// sessions" ends those waiting too.
    public func list(for account: AccountID) async throws -> [Session] {
        let now = clock.now()
        return try await store.sessions.list(accountID: account).filter { session in
            session.status == .authenticated && now < session.expiresAt
                && now.timeIntervalSince(session.lastSeenAt) < policy.idleTimeout.timeInterval
        }
    }

    /// Ends one of the caller's sessions; it fails on its very next request on this instance.
    public func revoke(_ id: SessionID, by caller: SessionRecord, request: RequestInfo) async throws {
        let owner = caller.account.id
        let revoked = try await units.run { work in
            guard let session = try await work.sessions.session(id: id), session.accountID == owner else { return false }
            _ = try await work.revokeSession(session, request: request)
            work.record(AuditEvent(.sessionsRevoked, actor: owner, subject: owner, requestID: request.requestID,
                                   details: ["session": id.rawValue, "by_session": caller.session.id.rawValue, "count": "1"],
                                   personal: request.personal))
            work.forget(session: id)
            return true
        }
        guard revoked else { throw GatehouseError(.notFound, detail: "No such session.") }
    }

    /// Ends every session of the caller's account except the one making the request.
    public func revokeOthers(by caller: SessionRecord, request: RequestInfo) async throws -> Int {
        let owner = caller.account.id
        let ended = try await units.run { work in
            let ended = try await work.revokeAllSessions(of: owner, except: caller.session.id, request: request)
            if !ended.isEmpty {
                work.record(AuditEvent(.sessionsRevoked, actor: owner, subject: owner, requestID: request.requestID,
                                       details: ["by_session": caller.session.id.rawValue, "count": String(ended.count), "others": "true"],
                                       personal: request.personal))
            }
            work.forget(sessions: ended)
            return ended
        }
        return ended.count
    }
}
