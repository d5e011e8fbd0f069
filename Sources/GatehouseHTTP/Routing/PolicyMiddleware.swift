import Foundation
import GatehouseCore
import Hummingbird
import Synchronization

/// The policies of all routes, filled as routes are registered and read by `PolicyMiddleware`.
public final class PolicyTable: Sendable {
    struct Entry {
        var policy: RoutePolicy
        var isPage: Bool
    }

    private let table = Mutex<[String: Entry]>([:])

    public init() {}

    static func key(_ method: HTTPRequest.Method, _ path: String) -> String { method.rawValue + " " + path }

    func set(_ policy: RoutePolicy, isPage: Bool, method: HTTPRequest.Method, path: String) {
        table.withLock { $0[Self.key(method, path)] = Entry(policy: policy, isPage: isPage) }
    }

    func entry(method: HTTPRequest.Method, path: String) -> Entry? {
        table.withLock { $0[Self.key(method, path)] }
    }

    public func policy(method: HTTPRequest.Method, path: String) -> RoutePolicy? {
        entry(method: method, path: path)?.policy
    }
}

/// Enforces every route's declared policy. A matched route without a declared policy is refused
/// (deny by default); unmatched paths fall through to 404.
public struct PolicyMiddleware: RouterMiddleware {
    public typealias Context = GatehouseRequestContext
    let table: PolicyTable

    /// The page a signed-in browser gets for a page of a permission its account lacks (403); nil: the problem.
    let refusedPage: (@Sendable (Request, Context) -> Response)?
    /// Where a refused API token is audited (`api_token.refused`); nil: not audited.
    let tokens: APITokens?

    public init(table: PolicyTable, tokens: APITokens? = nil) {
        self.table = table
        self.refusedPage = nil
        self.tokens = tokens
    }

    init(table: PolicyTable, tokens: APITokens?, refusedPage: @escaping @Sendable (Request, Context) -> Response) {
        self.table = table
        self.refusedPage = refusedPage
        self.tokens = tokens
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let path = context.endpointPath else { return try await next(request, context) }
        guard let entry = table.entry(method: request.method, path: path) else {
            context.logger.error("route without a declared policy refused", metadata: ["route": "\(request.method) \(path)"])
            throw Problem(.forbidden, .forbidden)
        }
        if let caller = context.caller, caller.token != nil {
            do {
                try Self.check(entry.policy, context)
            } catch let refusal as Problem {
                try await tokens?.refused(caller, route: "\(request.method) \(path)", reason: refusal.detail ?? "forbidden", request: context.requestInfo)
                throw refusal
            }
            return try await next(request, context)
        }
        do {
            try Self.check(entry.policy, context)
        } catch is Problem where entry.isPage && request.method == .get && !Self.lacksPermission(entry.policy, context) {
            // A browser asking for a page it may not see yet is sent to sign in, and brought back after
            // (a signed-in browser on a step page it is past goes on to its account the same way).
            // Someone signed in without the page's permission gets the refusal: signing in again would change
            // nothing, and `/login` would send them straight back here.
            let back = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
            let encoded = back.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~/"))) ?? "/"
            return Response(status: .seeOther, headers: [.location: "/login?return_to=" + encoded, .cacheControl: "no-store"])
        } catch let refusal as Problem where entry.isPage && request.method == .get {
            // Signed in without the permission: a page that says so, not a JSON problem.
            guard let refusedPage else { throw refusal }
            return refusedPage(request, context)
        }
        return try await next(request, context)
    }

    static func check(_ policy: RoutePolicy, _ context: Context) throws {
        if case .public = policy { return }
        if let caller = context.caller, caller.token != nil {
            // An API token: only where tokens are admitted, and only with the permission.
            guard policy.admitsTokens else { throw tokenRefused }
            if let permission = policy.permission, !caller.holds(permission) {
                throw Problem(.forbidden, .forbidden, detail: "This token may not use \(permission): its permission group or its owner lacks it.")
            }
            return
        }
        guard let auth = context.auth else { throw unauthenticated(context) }
        let status = auth.session.status
        if auth.session.impersonation != nil, refusedDuringAccess(policy) {
            throw Problem(.forbidden, .forbidden, detail: "Not during administrator access: the account's own settings, sessions, tokens and administration stay closed.")
        }
        switch policy {
        case .public, .anySession:
            return
        case .pending(let statuses):
            guard statuses.contains(status) else {
                throw status == .authenticated ? Problem(.forbidden, .forbidden, detail: "This sign-in step is already done.") : Problem(.forbidden, status.errorCode)
            }
        case .caller:
            guard status == .authenticated else { throw Problem(.forbidden, status.errorCode) }
        case .permission(let permission), .interactive(let permission):
            guard status == .authenticated else { throw Problem(.forbidden, status.errorCode) }
            guard context.caller?.holds(permission) == true else { throw Problem(.forbidden, .forbidden) }
        case .impersonating:
            guard status == .authenticated, auth.session.impersonation != nil else {
                throw Problem(.forbidden, .forbidden, detail: "This session is no administrator access.")
            }
        }
    }

    /// What an administrator's access may not reach: everything only a person may do in their own
    /// session (password, email, two-factor, sessions, tokens, consent: the `interactive` routes),
    /// reading or changing the account and its sessions, acting for an organisation, and administration.
    static func refusedDuringAccess(_ policy: RoutePolicy) -> Bool {
        switch policy {
        case .interactive: true
        case .permission(let permission): ["account", "sessions", "admin", "org"].contains(String(permission.resource))
        default: false
        }
    }

    static let tokenRefused = Problem(.forbidden, .forbidden, detail: "An API token cannot be used here: this needs a signed-in session.")

    /// Signed in, on a page of a permission the account does not hold.
    static func lacksPermission(_ policy: RoutePolicy, _ context: Context) -> Bool {
        guard context.auth?.session.status == .authenticated else { return false }
        // A page of an administrator's access asked for by a signed-in session that is none: signing in
        // again would change nothing (and `/login` would send it straight back here).
        if case .impersonating = policy { return true }
        return policy.permission != nil
    }

    /// A request without a (valid) session where one is needed: 401, saying so when it just ended.
    static func unauthenticated(_ context: Context) -> Problem {
        context.endedSession != nil
            ? Problem(.unauthorized, .sessionExpired, detail: "The session has ended; sign in again.")
            : Problem(.unauthorized, .unauthenticated)
    }
}
