import Foundation
import Synchronization

/// What API tokens need from configuration.
public struct APITokenConfiguration: Sendable {
    /// `tokens.max_lifetime`: the latest `expires_at` a new token may have, from now.
    public var maxLifetime: Duration
    /// `tokens.max_per_user`.
    public var maxPerUser: Int
    /// `reauth_window`: how recently the password must have been confirmed to create or rotate one.
    public var reauthWindow: Duration

    public init(maxLifetime: Duration = .seconds(365 * 86400), maxPerUser: Int = 20, reauthWindow: Duration = .seconds(300)) {
        self.maxLifetime = maxLifetime
        self.maxPerUser = maxPerUser
        self.reauthWindow = reauthWindow
    }
}

/// A caller the request authenticated: a signed-in session or an API token, with what it may do.
public struct Caller: Sendable, Equatable {
    public enum Credential: Sendable, Equatable {
        case session(Session)
        case token(APIToken)
    }

    public var account: Account
    public var credential: Credential
    /// What the caller may do now, everywhere (for a token: its group ∩ its owner's permissions).
    public var permissions: Set<Permission>

    public init(account: Account, credential: Credential, permissions: Set<Permission>) {
        self.account = account
        self.credential = credential
        self.permissions = permissions
    }

    public var token: APIToken? {
        if case .token(let token) = credential { return token }
        return nil
    }

    public var session: Session? {
        if case .session(let session) = credential { return session }
        return nil
    }

    public func holds(_ permission: Permission) -> Bool { permissions.contains(permission) }
}

/// A person's API tokens: created and rotated only from an interactive session that confirmed its
/// password within `reauth_window`, listed with where they were last used, deleted; and the lookup
/// that turns a presented token into a `Caller`. Every change is one unit of work with its audit event,
/// and forgets the cached lookups of the token on this instance at once.
public struct APITokens: Sendable {
    public let store: any Store
    public let units: UnitOfWork
    public let clock: any WallClock
    public let random: any RandomSource
    public let access: AccessModel
    public let configuration: APITokenConfiguration
    public let cache: SessionCache
    public let clients: SessionClientResolver
    /// Where uses are noted for the background writer; nil: written at once.
    public let touches: SessionTouches?
    /// Tells the owner of every token created or rotated; nil sends nothing.
    public let mail: AccountMail?
    /// Tokens whose refusal was audited lately: one `api_token.refused` a minute per token is enough.
    private let refusals = Throttle()
    /// Tokens whose use was noted lately (the cached record's `lastUsedAt` may be older).
    private let uses = Throttle()

    public static let useInterval: TimeInterval = 60

    public init(store: any Store, trail: AuditTrail, clock: any WallClock, random: any RandomSource, access: AccessModel,
                configuration: APITokenConfiguration, cache: SessionCache, clients: SessionClientResolver, touches: SessionTouches?,
                mail: AccountMail? = nil) {
        self.store = store
        self.units = UnitOfWork(store: store, trail: trail, cache: cache, outbox: mail?.mailer.signal)
        self.mail = mail
        self.clock = clock
        self.random = random
        self.access = access
        self.configuration = configuration
        self.cache = cache
        self.clients = clients
        self.touches = touches
    }

    // MARK: Managing one's tokens

    public func list(_ account: Account) async throws -> [APIToken] {
        try await store.apiTokens.list(accountID: account.id)
    }

    /// A new token; the secret is returned once and never stored.
    public func create(name rawName: String, group: String, expiresAt: Date, by record: SessionRecord, request: RequestInfo) async throws -> (APIToken, String) {
        try requireInteractive(record)
        let name = try Self.validatedName(rawName)
        guard access.groups[group] != nil else {
            throw GatehouseError.validation("permission_group", "unknown", detail: "No permission group has that name.")
        }
        let now = clock.now()
        guard expiresAt > now else {
            throw GatehouseError.validation("expires_at", "in_the_past", detail: "A token must expire in the future.")
        }
        guard expiresAt.timeIntervalSince(now) <= configuration.maxLifetime.timeInterval else {
            throw GatehouseError.validation("expires_at", "too_late", detail: "A token may live at most \(Int(configuration.maxLifetime.timeInterval / 86400)) days.")
        }
        let secret = APITokenFormat.generate(random)
        let token = APIToken(id: APITokenID(rawValue: random.uuidV7(at: now).uuidString.lowercased()), accountID: record.account.id, name: name,
                             permissionGroup: group, createdAt: now, expiresAt: expiresAt)
        let maxPerUser = configuration.maxPerUser
        try await units.run { work in
            try await Self.lockLiveOwner(record, in: work)
            guard try await work.apiTokens.count(accountID: record.account.id) < maxPerUser else {
                throw GatehouseError(.limitReached, detail: "An account may hold at most \(maxPerUser) API tokens; delete one first.")
            }
            try await work.apiTokens.create(token, tokenHash: SecretToken.hash(secret))
            try await mail?.apiTokenIssued(record.account, token: token, rotated: false, ip: request.ip?.description, in: work)
            work.record(AuditEvent(.apiTokenCreated, actor: record.account.id, subject: record.account.id, requestID: request.requestID,
                                   details: Self.details(token), personal: request.personal))
        }
        return (token, secret)
    }

    /// A fresh secret for the account's token; the old one stops working at once (on other instances
    /// within `auth_check.cache_ttl`).
    public func rotate(_ id: APITokenID, by record: SessionRecord, request: RequestInfo) async throws -> (APIToken, String) {
        try requireInteractive(record)
        let secret = APITokenFormat.generate(random)
        let now = clock.now()
        let token = try await units.run { work in
            try await Self.lockLiveOwner(record, in: work)
            guard let token = try await work.apiTokens.rotate(id, accountID: record.account.id, tokenHash: SecretToken.hash(secret), at: now) else {
                throw GatehouseError(.notFound, detail: "You have no token with that id.")
            }
            try await mail?.apiTokenIssued(record.account, token: token, rotated: true, ip: request.ip?.description, in: work)
            work.record(AuditEvent(.apiTokenRotated, actor: record.account.id, subject: record.account.id, requestID: request.requestID,
                                   details: Self.details(token), personal: request.personal))
            work.afterCommit(.forgetToken(token.id))
            return token
        }
        return (token, secret)
    }

    public func delete(_ id: APITokenID, by record: SessionRecord, request: RequestInfo) async throws {
        guard record.session.status == .authenticated else { throw GatehouseError(.forbidden) }
        try await units.run { work in
            guard let token = try await work.apiTokens.delete(id, accountID: record.account.id) else {
                throw GatehouseError(.notFound, detail: "You have no token with that id.")
            }
            work.record(AuditEvent(.apiTokenDeleted, actor: record.account.id, subject: record.account.id, requestID: request.requestID,
                                   details: Self.details(token), personal: request.personal))
            work.afterCommit(.forgetToken(token.id))
        }
    }

    /// Records that a valid token was refused a route (at most once a minute per token).
    public func refused(_ caller: Caller, route: String, reason: String, request: RequestInfo) async throws {
        guard let token = caller.token, refusals.claim(token.id, at: clock.now(), interval: Self.useInterval) else { return }
        var details = Self.details(token)
        details["route"] = String(route.prefix(200))
        details["reason"] = reason
        let recorded = details
        try await units.run { work in
            work.record(AuditEvent(.apiTokenRefused, actor: caller.account.id, subject: caller.account.id, requestID: request.requestID,
                                   details: recorded, personal: request.personal))
        }
    }

    // MARK: Using a token

    public enum Authentication: Sendable {
        case valid(APITokenRecord)
        /// Expired, unknown, malformed, or its owner disabled: the same 401 for all.
        case none
    }

    /// Looks a presented token up (optionally through the short-lived cache the check path uses) and
    /// notes its use. Only a well-formed, unexpired token of an active account is valid.
    public func authenticate(_ presented: String, request: RequestInfo, useCache: Bool = false) async throws -> Authentication {
        guard APITokenFormat.isWellFormed(presented) else { return .none }
        let tokenHash = SecretToken.hash(presented)
        let now = clock.now()
        var found: APITokenRecord?
        if useCache, let cached = cache.tokenRecord(tokenHash: tokenHash, at: now) {
            found = cached
        } else {
            let generation = cache.generation
            found = try await store.apiTokens.record(tokenHash: tokenHash)
            if useCache, let found { cache.store(found, tokenHash: tokenHash, at: now, readSince: generation) }
        }
        guard let record = found, now < record.token.expiresAt, record.account.status == .active else { return .none }
        try await noteUse(record.token, request: request, at: now)
        return .valid(record)
    }

    /// The caller a token record makes: its owner with the group's permissions the owner holds now.
    public func caller(_ record: APITokenRecord) -> Caller {
        Caller(account: record.account, credential: .token(record.token),
               permissions: access.permissions(ofToken: record.token.permissionGroup, owner: record.account))
    }

    /// The caller a signed-in session makes: its account with every permission it holds.
    public func caller(_ record: SessionRecord) -> Caller {
        Caller(account: record.account, credential: .session(record.session), permissions: access.permissions(of: record.account))
    }

    /// Whether `caller` may do `permission`, in `organization` (a slug) when given.
    public func allows(_ caller: Caller, _ permission: Permission, in organization: String?) -> Bool {
        guard let organization else { return caller.holds(permission) }
        let held = switch caller.credential {
        case .session: access.permissions(of: caller.account, in: organization)
        case .token(let token): access.permissions(ofToken: token.permissionGroup, owner: caller.account, in: organization)
        }
        return held.contains(permission)
    }

    private func noteUse(_ token: APIToken, request: RequestInfo, at now: Date) async throws {
        if let last = token.lastUsedAt, now.timeIntervalSince(last) < Self.useInterval, last <= now { return }
        guard uses.claim(token.id, at: now, interval: Self.useInterval) else { return }
        let client = clients.describe(ip: request.ip, userAgent: nil)
        let use = APITokenUse(at: now, ip: request.ip?.description, city: client.city["en"], country: client.country["en"])
        if let touches {
            touches.note(token.id, use)
        } else {
            try await store.apiTokens.recordUse(token.id, use, olderThan: now.addingTimeInterval(-Self.useInterval))
        }
    }

    // MARK: Rules

    /// Locks the owner's row, then checks that the session still stands and the account is active: a
    /// creation that raced a password reset, support's two-factor reset or a disable (each locks the
    /// row before it ends the sessions and deletes the tokens) then finds the session gone, rather
    /// than leave a token behind them.
    static func lockLiveOwner(_ record: SessionRecord, in work: Work) async throws {
        try await work.apiTokens.lockOwner(record.account.id)
        guard let session = try await work.sessions.session(id: record.session.id), session.tokenHash == record.session.tokenHash,
              session.status == .authenticated, try await work.accounts.account(id: record.account.id)?.status == .active else {
            throw GatehouseError(.unauthenticated)
        }
    }

    private func requireInteractive(_ record: SessionRecord) throws {
        guard record.session.status == .authenticated else { throw GatehouseError(.forbidden) }
        guard clock.now().timeIntervalSince(record.session.authenticatedAt) <= configuration.reauthWindow.timeInterval else {
            throw GatehouseError(.reauthenticationRequired, detail: "Confirm your password first (POST /api/v1/account/reauthenticate).")
        }
    }

    /// A token's name: what its owner calls it (1–100 characters, nothing invisible).
    static func validatedName(_ raw: String) throws(GatehouseError) -> String {
        do {
            return try Organization.validatedName(raw)
        } catch {
            throw .validation("name", "invalid", detail: "A token's name is 1–100 characters without invisible or control characters.")
        }
    }

    static func details(_ token: APIToken) -> [String: String] {
        ["token_id": token.id.rawValue, "name": token.name, "permission_group": token.permissionGroup]
    }
}

/// Which tokens had something done lately (a refusal audited, a use noted), and when.
final class Throttle: Sendable {
    private let claimed = Mutex<[APITokenID: Date]>([:])

    func claim(_ id: APITokenID, at now: Date, interval: TimeInterval) -> Bool {
        claimed.withLock { claimed in
            if let last = claimed[id], now.timeIntervalSince(last) < interval, last <= now { return false }
            if claimed.count > 10_000 { claimed.removeAll() }
            claimed[id] = now
            return true
        }
    }
}
