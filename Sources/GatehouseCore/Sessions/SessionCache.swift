import Foundation
import Synchronization

/// A short-lived cache of session lookups for the forward-auth hot path. Entries live at most `ttl`;
/// logout, revocation and disabling drop them at once on this instance (other instances within `ttl`).
public final class SessionCache: Sendable {
    struct Entry {
        var record: SessionRecord
        var storedAt: Date
    }

    private let entries = Mutex<[String: Entry]>([:])
    public let ttl: Duration
    private let maximumEntries: Int

    public init(ttl: Duration, maximumEntries: Int = 100_000) {
        self.ttl = ttl
        self.maximumEntries = maximumEntries
    }

    public func record(tokenHash: String, at now: Date) -> SessionRecord? {
        guard ttl > .zero else { return nil }
        return entries.withLock { entries in
            guard let entry = entries[tokenHash] else { return nil }
            if now.timeIntervalSince(entry.storedAt) >= ttl.timeInterval || now < entry.storedAt {
                entries[tokenHash] = nil
                return nil
            }
            return entry.record
        }
    }

    public func store(_ record: SessionRecord, at now: Date) {
        guard ttl > .zero else { return }
        entries.withLock { entries in
            if entries.count >= maximumEntries {
                // Crude but bounded: a full cache starts over rather than growing without limit.
                entries.removeAll(keepingCapacity: true)
            }
            entries[record.session.tokenHash] = Entry(record: record, storedAt: now)
        }
    }

    public func invalidate(session id: SessionID) {
        entries.withLock { entries in entries = entries.filter { $0.value.record.session.id != id } }
    }

    public func invalidate(sessions ids: [SessionID]) {
        guard !ids.isEmpty else { return }
        let set = Set(ids)
        entries.withLock { entries in entries = entries.filter { !set.contains($0.value.record.session.id) } }
    }

    public func invalidate(account id: AccountID) {
        entries.withLock { entries in entries = entries.filter { $0.value.record.account.id != id } }
    }
}
