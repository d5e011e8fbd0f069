import GatehouseCore
import Hummingbird
import Synchronization

/// The policies of all routes, filled as routes are registered and read by `PolicyMiddleware`.
public final class PolicyTable: Sendable {
    private let table = Mutex<[String: RoutePolicy]>([:])

    public init() {}

    static func key(_ method: HTTPRequest.Method, _ path: String) -> String { method.rawValue + " " + path }

    func set(_ policy: RoutePolicy, method: HTTPRequest.Method, path: String) {
        table.withLock { $0[Self.key(method, path)] = policy }
    }

    public func policy(method: HTTPRequest.Method, path: String) -> RoutePolicy? {
        table.withLock { $0[Self.key(method, path)] }
    }
}

/// Enforces every route's declared policy. A matched route without a declared policy is refused
/// (deny by default); unmatched paths fall through to 404.
public struct PolicyMiddleware: RouterMiddleware {
    public typealias Context = GatehouseRequestContext
    let table: PolicyTable

    public init(table: PolicyTable) {
        self.table = table
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let path = context.endpointPath else { return try await next(request, context) }
        guard let policy = table.policy(method: request.method, path: path) else {
            context.logger.error("route without a declared policy refused", metadata: ["route": "\(request.method) \(path)"])
            throw Problem(.forbidden, .forbidden)
        }
        try Self.check(policy, context)
        return try await next(request, context)
    }

    static func check(_ policy: RoutePolicy, _ context: Context) throws {
        if case .public = policy { return }
        guard let auth = context.auth else {
            throw context.endedSession != nil
                ? Problem(.unauthorized, .sessionExpired, detail: "The session has ended; sign in again.")
                : Problem(.unauthorized, .unauthenticated)
        }
        let status = auth.session.status
        switch policy {
        case .public, .anySession:
            return
        case .pending(let statuses):
            guard statuses.contains(status) else {
                throw status == .authenticated ? Problem(.forbidden, .forbidden, detail: "This sign-in step is already done.") : Problem(.forbidden, status.errorCode)
            }
        case .authenticated:
            guard status == .authenticated else { throw Problem(.forbidden, status.errorCode) }
        case .role(let role):
            guard status == .authenticated else { throw Problem(.forbidden, status.errorCode) }
            guard auth.account.roles.contains(Role(role)) else { throw Problem(.forbidden, .forbidden) }
        }
    }
}
