import Foundation
import Synchronization

/// Last-seen writes taken off the request path. `SignInService.authenticate` notes a session that is
/// due its once-a-minute touch and answers at once; a background job writes the notes every second.
/// So `/api/v1/auth/check` never waits for a write, even while a login flood keeps the database's
/// writer busy. A note lost in a crash costs at most a second of "last active".
public final class SessionTouches: Sendable {
    private let pending = Mutex<[SessionID: Date]>([:])

    public init() {}

    public func note(_ id: SessionID, at date: Date) {
        pending.withLock { pending in
            if let noted = pending[id], noted >= date { return }
            pending[id] = date
        }
    }

    public var count: Int { pending.withLock { $0.count } }

    /// Writes every note (each still only when the stored last-seen is older than `touchInterval`);
    /// returns how many there were. Notes that fail to write are dropped: the next request notes again.
    @discardableResult
    public func flush(to store: any Store, touchInterval: Duration) async throws -> Int {
        let batch = pending.withLock { pending in
            defer { pending = [:] }
            return pending
        }
        for (id, date) in batch {
            try await store.sessions.touch(id, at: date, olderThan: date.addingTimeInterval(-touchInterval.timeInterval))
        }
        return batch.count
    }
}
