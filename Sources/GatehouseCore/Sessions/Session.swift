import Foundation

public struct SessionID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// A sign-in session. Its token is never stored, only `tokenHash`; the id is public (session lists,
/// revocation) and never authenticates anything.
public struct Session: Sendable, Equatable {
    public var id: SessionID
    public var tokenHash: String
    public var accountID: AccountID
    public var status: SignInStatus
    public var createdAt: Date
    public var lastSeenAt: Date
    /// The absolute end: pending sessions get a short one, authenticated ones `session.absolute_lifetime`.
    public var expiresAt: Date
    /// When the password (or a re-authentication) was last confirmed, for `reauth_window`.
    public var authenticatedAt: Date
    public var ip: String?
    public var userAgent: String?
    /// Location and device, worked out at sign-in.
    public var client: SessionClient
    /// Set when this is an administrator's access to the account, not the person's own sign-in.
    public var impersonation: SessionImpersonation?

    public init(id: SessionID, tokenHash: String, accountID: AccountID, status: SignInStatus, createdAt: Date, lastSeenAt: Date,
                expiresAt: Date, authenticatedAt: Date, ip: String?, userAgent: String?, client: SessionClient = SessionClient(),
                impersonation: SessionImpersonation? = nil) {
        self.id = id
        self.tokenHash = tokenHash
        self.accountID = accountID
        self.status = status
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
        self.authenticatedAt = authenticatedAt
        self.ip = ip
        self.userAgent = userAgent
        self.client = client
        self.impersonation = impersonation
    }
}

/// Who is using a session that is an administrator's access to someone's account, and why. The
/// administrator's own session waits meanwhile and is given back, with a new token, when it ends.
public struct SessionImpersonation: Sendable, Equatable, Codable {
    public var administratorID: AccountID
    public var administratorUsername: String
    public var administratorSessionID: SessionID
    public var reason: String

    public init(administratorID: AccountID, administratorUsername: String, administratorSessionID: SessionID, reason: String) {
        self.administratorID = administratorID
        self.administratorUsername = administratorUsername
        self.administratorSessionID = administratorSessionID
        self.reason = reason
    }
}

/// A session together with the account it belongs to: what the per-request lookup returns in one query.
public struct SessionRecord: Sendable, Equatable {
    public var session: Session
    public var account: Account

    public init(session: Session, account: Account) {
        self.session = session
        self.account = account
    }
}

/// Why a presented session is not valid now.
public enum SessionProblem: Sendable, Equatable {
    case idle
    case expired
    case accountDisabled
}

/// Session lifetimes from configuration.
public struct SessionPolicy: Sendable, Equatable {
    public var idleTimeout: Duration
    public var absoluteLifetime: Duration
    /// How long a sign-in may stay pending (between password and `authenticated`).
    public var pendingLifetime: Duration
    /// last_seen is written at most this often per session.
    public var touchInterval: Duration
    /// How long an ended session's row is kept, refused, so the sign-in page can still say why it ended
    /// ("signed out after 60 minutes of inactivity"). Then the sweeper deletes it.
    public var endedRetention: Duration

    public init(idleTimeout: Duration = .seconds(3600), absoluteLifetime: Duration = .seconds(86_400),
                pendingLifetime: Duration = .seconds(900), touchInterval: Duration = .seconds(60), endedRetention: Duration = .seconds(86_400)) {
        self.idleTimeout = idleTimeout
        self.absoluteLifetime = absoluteLifetime
        self.pendingLifetime = pendingLifetime
        self.touchInterval = touchInterval
        self.endedRetention = endedRetention
    }

    public func expiry(for status: SignInStatus, from now: Date) -> Date {
        let lifetime = status == .authenticated ? absoluteLifetime : min(pendingLifetime, absoluteLifetime)
        return now.addingTimeInterval(lifetime.timeInterval)
    }

    public func problem(with record: SessionRecord, at now: Date) -> SessionProblem? {
        if record.account.status != .active { return .accountDisabled }
        if now >= record.session.expiresAt { return .expired }
        if now.timeIntervalSince(record.session.lastSeenAt) >= idleTimeout.timeInterval { return .idle }
        return nil
    }

    public func needsTouch(_ session: Session, at now: Date) -> Bool {
        now.timeIntervalSince(session.lastSeenAt) >= touchInterval.timeInterval
    }
}

extension Duration {
    public var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
