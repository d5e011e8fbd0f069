import Foundation
import Synchronization

/// Last-seen writes taken off the request path. `SignInService.authenticate` notes a session that is
/// due its once-a-minute touch and answers at once; a background job writes the notes every second.
/// So `/api/v1/auth/check` never waits for a write, even while a login flood keeps the database's
/// writer busy. A note lost in a crash costs at most a second of "last active".
public final class SessionTouches: Sendable {
    private let pending = Mutex<[SessionID: Date]>([:])
    private let tokenUses = Mutex<[APITokenID: APITokenUse]>([:])

    public init() {}

    public func note(_ id: SessionID, at date: Date) {
        pending.withLock { pending in
            if let noted = pending[id], noted >= date { return }
            pending[id] = date
        }
    }

    /// Notes where an API token was used (written at most once a minute per token).
    public func note(_ id: APITokenID, _ use: APITokenUse) {
        tokenUses.withLock { uses in
            if let noted = uses[id], noted.at >= use.at { return }
            uses[id] = use
        }
    }

    public var count: Int { pending.withLock { $0.count } + tokenUses.withLock { $0.count } }

    /// Writes every note (each still only when the stored last-seen is older than `touchInterval`);
    /// returns how many there were. Notes that fail to write are dropped: the next request notes again.
    @discardableResult
    public func flush(to store: any Store, touchInterval: Duration) async throws -> Int {
        let batch = pending.withLock { pending in
            defer { pending = [:] }
            return pending
        }
        let uses = tokenUses.withLock { uses in
            defer { uses = [:] }
            return uses
        }
        for (id, date) in batch {
            try await store.sessions.touch(id, at: date, olderThan: date.addingTimeInterval(-touchInterval.timeInterval))
        }
        for (id, use) in uses {
            try await store.apiTokens.recordUse(id, use, olderThan: use.at.addingTimeInterval(-APITokens.useInterval))
        }
        return batch.count + uses.count
    }
}
