import Foundation

/// Sessions in the database. Lookups are by token hash through a unique index; everything that changes
/// a session is one conditional statement.
public protocol SessionStore: Sendable {
    func create(_ session: Session) async throws
    /// The session and its account, by the SHA-256 of the presented token; revoked sessions are gone.
    func record(tokenHash: String) async throws -> SessionRecord?
    func session(id: SessionID) async throws -> Session?
    /// Replaces the token and status (no fixation: the old token stops working at once). False when the
    /// session no longer exists or was already moved on by a concurrent request (`from` did not match).
    func advance(_ id: SessionID, from: SignInStatus, to: SignInStatus, tokenHash: String, expiresAt: Date, at: Date) async throws -> Bool
    /// Writes last_seen only when it is older than `olderThan` (at most once a minute per session).
    func touch(_ id: SessionID, at: Date, olderThan: Date) async throws
    /// Marks a new confirmation of the password, for `reauth_window`.
    func reauthenticated(_ id: SessionID, at: Date) async throws
    func revoke(_ id: SessionID) async throws -> Bool
    /// Ends every session of the account, except `keeping`; returns the ended ids.
    func revokeAll(accountID: AccountID, except keeping: SessionID?) async throws -> [SessionID]
    func list(accountID: AccountID) async throws -> [Session]
    /// Deletes sessions whose absolute end has passed or that were idle longer than `idleBefore`;
    /// at most `limit` at a time. Returns the ended sessions' ids and accounts.
    func deleteExpired(now: Date, idleBefore: Date, limit: Int) async throws -> [(SessionID, AccountID)]
    /// Administrators' accesses whose end has passed, or idle since `idleBefore` (the sweeper ends them,
    /// audited), oldest first.
    func expiredImpersonations(now: Date, idleBefore: Date, limit: Int) async throws -> [Session]
}
