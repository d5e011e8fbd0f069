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
        /// Session lookups and API token lookups, by token hash.
        var sessions: [String: Entry<SessionRecord>] = [:]
        var tokens: [String: Entry<APITokenRecord>] = [:]
        /// The token hashes cached per session, per account and per API token: an invalidation (one
        /// arrives from every instance for every sign-in step) touches only its own entries, never a
        /// scan of the whole cache.
        var sessionHashes: [SessionID: Set<String>] = [:]
        var sessionHashesByAccount: [AccountID: Set<String>] = [:]
        var tokenHashes: [APITokenID: Set<String>] = [:]
        var tokenHashesByAccount: [AccountID: Set<String>] = [:]
        /// Moves on at every invalidation; a lookup that began before a move is not cached, so a
        /// revocation that commits while a lookup is in flight cannot be undone by that lookup.
        var generation: UInt64 = 0
        /// Lookups answered from the cache, and those that had to go to the store (for /metrics).
        var hits = 0
        var misses = 0

        var count: Int { sessions.count + tokens.count }

        mutating func insert(session entry: Entry<SessionRecord>, as hash: String) {
            removeSession(hash)
            sessions[hash] = entry
            sessionHashes[entry.record.session.id, default: []].insert(hash)
            sessionHashesByAccount[entry.record.account.id, default: []].insert(hash)
        }

        mutating func insert(token entry: Entry<APITokenRecord>, as hash: String) {
            removeToken(hash)
            tokens[hash] = entry
            tokenHashes[entry.record.token.id, default: []].insert(hash)
            tokenHashesByAccount[entry.record.account.id, default: []].insert(hash)
        }

        mutating func removeSession(_ hash: String) {
            guard let entry = sessions.removeValue(forKey: hash) else { return }
            Self.unindex(hash, entry.record.session.id, in: &sessionHashes)
            Self.unindex(hash, entry.record.account.id, in: &sessionHashesByAccount)
        }

        mutating func removeToken(_ hash: String) {
            guard let entry = tokens.removeValue(forKey: hash) else { return }
            Self.unindex(hash, entry.record.token.id, in: &tokenHashes)
            Self.unindex(hash, entry.record.account.id, in: &tokenHashesByAccount)
        }

        mutating func removeSessions(of id: SessionID) {
            for hash in sessionHashes[id] ?? [] { removeSession(hash) }
        }

        mutating func removeAll() {
            self = State(generation: generation, hits: hits, misses: misses)
        }

        private static func unindex<Key: Hashable>(_ hash: String, _ key: Key, in index: inout [Key: Set<String>]) {
            index[key]?.remove(hash)
            if index[key]?.isEmpty == true { index[key] = nil }
        }
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
            guard let entry = state.sessions[tokenHash], fresh(entry.storedAt, at: now) else {
                state.removeSession(tokenHash)
                state.misses += 1
                return nil
            }
            state.hits += 1
            return entry.record
        }
    }

    /// Keeps `record`, read from the store after `generation` was taken, unless something was
    /// invalidated since.
    public func store(_ record: SessionRecord, at now: Date, readSince generation: UInt64) {
        guard ttl > .zero else { return }
        state.withLock { state in
            guard state.generation == generation else { return }
            // Crude but bounded: a full cache starts over rather than growing without limit.
            if state.count >= maximumEntries { state.removeAll() }
            state.insert(session: Entry(record: record, storedAt: now), as: record.session.tokenHash)
        }
    }

    /// Younger than `ttl`, and not from the future.
    private func fresh(_ storedAt: Date, at now: Date) -> Bool {
        now.timeIntervalSince(storedAt) < ttl.timeInterval && now >= storedAt
    }

    /// How many lookups (sessions and API tokens) were answered from the cache and how many were not,
    /// since the start.
    public var statistics: (hits: Int, misses: Int) { state.withLock { ($0.hits, $0.misses) } }

    /// Drops the entries of a session found ended at a lookup (nothing was written, so no generation
    /// moves). Changes that end or alter sessions go through a unit of work's `forget` instead.
    public func evict(session id: SessionID) {
        state.withLock { $0.removeSessions(of: id) }
    }

    public func invalidate(session id: SessionID) {
        invalidate(sessions: [id])
    }

    public func invalidate(sessions ids: [SessionID]) {
        guard !ids.isEmpty else { return }
        state.withLock { state in
            state.generation &+= 1
            for id in ids { state.removeSessions(of: id) }
        }
    }

    /// Drops every entry: following other instances' invalidations (re)started, and one may have been missed.
    public func forgetAll() {
        state.withLock { state in
            state.generation &+= 1
            state.removeAll()
        }
    }

    public func invalidate(account id: AccountID) {
        state.withLock { state in
            state.generation &+= 1
            for hash in state.sessionHashesByAccount[id] ?? [] { state.removeSession(hash) }
            for hash in state.tokenHashesByAccount[id] ?? [] { state.removeToken(hash) }
        }
    }

    // MARK: API tokens

    public func tokenRecord(tokenHash: String, at now: Date) -> APITokenRecord? {
        guard ttl > .zero else { return nil }
        return state.withLock { state in
            guard let entry = state.tokens[tokenHash], fresh(entry.storedAt, at: now) else {
                state.removeToken(tokenHash)
                state.misses += 1
                return nil
            }
            state.hits += 1
            return entry.record
        }
    }

    /// Keeps a token lookup read after `generation` was taken, unless something was invalidated since.
    public func store(_ record: APITokenRecord, tokenHash: String, at now: Date, readSince generation: UInt64) {
        guard ttl > .zero else { return }
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.count >= maximumEntries { state.removeAll() }
            state.insert(token: Entry(record: record, storedAt: now), as: tokenHash)
        }
    }

    /// A token rotated or deleted: its old lookups go at once.
    public func invalidate(token id: APITokenID) {
        state.withLock { state in
            state.generation &+= 1
            for hash in state.tokenHashes[id] ?? [] { state.removeToken(hash) }
        }
    }
}
