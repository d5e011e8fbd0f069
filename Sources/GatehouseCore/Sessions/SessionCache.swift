import Foundation
import Synchronization

/// A short-lived cache of session lookups for the forward-auth hot path. Entries live at most `ttl`;
/// logout, revocation and disabling drop them at once on this instance (other instances within `ttl`).
public final class SessionCache: Sendable {
    struct Entry<Record: Sendable>: Sendable {
        var record: Record
        var storedAt: Date
    }

    struct State {
        var entries: [String: Entry<SessionRecord>] = [:]
        /// API token lookups by token hash, invalidated with their owner's sessions.
        var tokens: [String: Entry<APITokenRecord>] = [:]
        /// Moves on at every invalidation; a lookup that began before a move is not cached, so a
        /// revocation that commits while a lookup is in flight cannot be undone by that lookup.
        var generation: UInt64 = 0
        /// Lookups answered from the cache, and those that had to go to the store (for /metrics).
        var hits = 0
        var misses = 0
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
        lookup(tokenHash, in: \.entries, at: now)
    }

    /// Keeps `record`, read from the store after `generation` was taken, unless something was
    /// invalidated since.
    public func store(_ record: SessionRecord, at now: Date, readSince generation: UInt64) {
        keep(record, as: record.session.tokenHash, in: \.entries, at: now, readSince: generation)
    }

    /// The entry under `key` unless it is older than `ttl` (or from the future), which it drops.
    private func lookup<Record: Sendable>(_ key: String, in entries: WritableKeyPath<State, [String: Entry<Record>]>, at now: Date) -> Record? {
        guard ttl > .zero else { return nil }
        return state.withLock { state in
            guard let entry = state[keyPath: entries][key] else {
                state.misses += 1
                return nil
            }
            if now.timeIntervalSince(entry.storedAt) >= ttl.timeInterval || now < entry.storedAt {
                state[keyPath: entries][key] = nil
                state.misses += 1
                return nil
            }
            state.hits += 1
            return entry.record
        }
    }

    /// How many lookups (sessions and API tokens) were answered from the cache and how many were not,
    /// since the start.
    public var statistics: (hits: Int, misses: Int) { state.withLock { ($0.hits, $0.misses) } }

    private func keep<Record: Sendable>(_ record: Record, as key: String, in entries: WritableKeyPath<State, [String: Entry<Record>]>, at now: Date,
                              readSince generation: UInt64) {
        guard ttl > .zero else { return }
        state.withLock { state in
            guard state.generation == generation else { return }
            if state[keyPath: entries].count >= maximumEntries {
                // Crude but bounded: a full cache starts over rather than growing without limit.
                state[keyPath: entries].removeAll(keepingCapacity: true)
            }
            state[keyPath: entries][key] = Entry(record: record, storedAt: now)
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

    /// Drops every entry: following other instances' invalidations (re)started, and one may have been missed.
    public func forgetAll() {
        state.withLock { state in
            state.generation &+= 1
            state.entries.removeAll()
            state.tokens.removeAll()
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
        lookup(tokenHash, in: \.tokens, at: now)
    }

    /// Keeps a token lookup read after `generation` was taken, unless something was invalidated since.
    public func store(_ record: APITokenRecord, tokenHash: String, at now: Date, readSince generation: UInt64) {
        keep(record, as: tokenHash, in: \.tokens, at: now, readSince: generation)
    }

    /// A token rotated or deleted: its old lookups go at once.
    public func invalidate(token id: APITokenID) {
        state.withLock { state in
            state.generation &+= 1
            state.tokens = state.tokens.filter { $0.value.record.token.id != id }
        }
    }
}
