import Foundation
import Synchronization

/// A short-lived cache of session lookups for the forward-auth hot path. Entries live at most `ttl`;
/// logout, revocation and disabling drop them at once on this instance (other instances within `ttl`).
public final class SessionCache: Sendable {
    struct Entry {
        var record: SessionRecord
        var storedAt: Date
    }

    struct TokenEntry {
        var record: APITokenRecord
        var storedAt: Date
    }

    struct State {
        var entries: [String: Entry] = [:]
        /// API token lookups by token hash, invalidated with their owner's sessions.
        var tokens: [String: TokenEntry] = [:]
        /// Moves on at every invalidation; a lookup that began before a move is not cached, so a
        /// revocation that commits while a lookup is in flight cannot be undone by that lookup.
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())
    public let ttl: Duration
    private let maximumEntries: Int

    public init(ttl: Duration, maximumEntries: Int = 100_000) {
        self.ttl = ttl
        self.maximumEntries = maximumEntries
    }

    /// Taken before reading a session from the store; passed to `store(_:at:readSince:)`.
    public var generation: UInt64 { state.withLock { $0.generation } }

    public func record(tokenHash: String, at now: Date) -> SessionRecord? {
        guard ttl > .zero else { return nil }
        return state.withLock { state in
            guard let entry = state.entries[tokenHash] else { return nil }
            if now.timeIntervalSince(entry.storedAt) >= ttl.timeInterval || now < entry.storedAt {
                state.entries[tokenHash] = nil
                return nil
            }
            return entry.record
        }
    }

    /// Keeps `record`, read from the store after `generation` was taken, unless something was
    /// invalidated since.
    public func store(_ record: SessionRecord, at now: Date, readSince generation: UInt64) {
        guard ttl > .zero else { return }
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= maximumEntries {
                // Crude but bounded: a full cache starts over rather than growing without limit.
                state.entries.removeAll(keepingCapacity: true)
            }
            state.entries[record.session.tokenHash] = Entry(record: record, storedAt: now)
        }
    }

    /// Drops the entries of a session found ended at a lookup (nothing was written, so no generation
    /// moves). Changes that end or alter sessions go through a unit of work's `forget` instead.
    public func evict(session id: SessionID) {
        state.withLock { state in
            state.entries = state.entries.filter { $0.value.record.session.id != id }
        }
    }

    public func invalidate(session id: SessionID) {
        state.withLock { state in
            state.generation &+= 1
            state.entries = state.entries.filter { $0.value.record.session.id != id }
        }
    }

    public func invalidate(sessions ids: [SessionID]) {
        guard !ids.isEmpty else { return }
        let set = Set(ids)
        state.withLock { state in
            state.generation &+= 1
            state.entries = state.entries.filter { !set.contains($0.value.record.session.id) }
        }
    }

    public func invalidate(account id: AccountID) {
        state.withLock { state in
            state.generation &+= 1
            state.entries = state.entries.filter { $0.value.record.account.id != id }
            state.tokens = state.tokens.filter { $0.value.record.account.id != id }
        }
    }

    // MARK: API tokens

    public func tokenRecord(tokenHash: String, at now: Date) -> APITokenRecord? {
        guard ttl > .zero else { return nil }
        return state.withLock { state in
            guard let entry = state.tokens[tokenHash] else { return nil }
            if now.timeIntervalSince(entry.storedAt) >= ttl.timeInterval || now < entry.storedAt {
                state.tokens[tokenHash] = nil
                return nil
            }
            return entry.record
        }
    }

    /// Keeps a token lookup read after `generation` was taken, unless something was invalidated since.
    public func store(_ record: APITokenRecord, tokenHash: String, at now: Date, readSince generation: UInt64) {
        guard ttl > .zero else { return }
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.tokens.count >= maximumEntries { state.tokens.removeAll(keepingCapacity: true) }
            state.tokens[tokenHash] = TokenEntry(record: record, storedAt: now)
        }
    }

    /// A token rotated or deleted: its old lookups go at once.
    public func invalidate(token id: APITokenID) {
        state.withLock { state in
            state.generation &+= 1
            state.tokens = state.tokens.filter { $0.value.record.token.id != id }
        }
    }
}
