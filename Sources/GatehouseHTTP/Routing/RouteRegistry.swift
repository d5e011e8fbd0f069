import GatehouseCore
import HTTPTypes
import Hummingbird
import OpenAPIHummingbird
import OpenAPIRuntime

/// Who may call a route. Every route declares one; the enforcing middleware denies anything else.
/// Routes past sign-in name the permission they need (`Permission`), and whether an API token may call
/// them at all: a token can never touch passwords, username, email, two-factor, sessions, tokens or
/// consent, so those routes are `interactive`.
public enum RoutePolicy: Sendable, Equatable, CustomStringConvertible {
    /// Anyone, signed in or not.
    case `public`
    /// Any session, pending or signed in (logout, the session's own state). Never a token.
    case anySession
    /// A pending sign-in at one of these statuses (the step's own endpoints). Never a token.
    case pending(Set<SignInStatus>)
    /// A signed-in session or an API token whose effective permissions include this one.
    case permission(Permission)
    /// A signed-in session (never a token) whose account holds this permission.
    case interactive(Permission)
    /// Any signed-in session or API token, asking about itself (`POST /api/v1/authorize`); no permission.
    case caller
    /// An administrator's access to someone's account, and nothing else (ending it). Never a token.
    case impersonating

    /// The policy as the OpenAPI document's `x-gatehouse-policy` writes it (`description`); nil for
    /// anything else, which leaves the operation without a policy and so refused.
    init?(declared: String) {
        switch declared {
        case "public": self = .public
        case "any session": self = .anySession
        case "caller": self = .caller
        case "impersonating": self = .impersonating
        default:
            if declared.hasPrefix("permission:"), let permission = Permission(String(declared.dropFirst(11))) {
                self = .permission(permission)
            } else if declared.hasPrefix("interactive:"), let permission = Permission(String(declared.dropFirst(12))) {
                self = .interactive(permission)
            } else if declared.hasPrefix("pending:") {
                let statuses = declared.dropFirst(8).split(separator: ",").map { SignInStatus(rawValue: String($0)) }
                guard !statuses.isEmpty, statuses.allSatisfy({ $0 != nil && $0 != .authenticated }) else { return nil }
                self = .pending(Set(statuses.compactMap { $0 }))
            } else {
                return nil
            }
        }
    }

    public var description: String {
        switch self {
        case .public: "public"
        case .anySession: "any session"
        case .pending(let statuses): "pending:" + statuses.map(\.rawValue).sorted().joined(separator: ",")
        case .permission(let permission): "permission:\(permission)"
        case .interactive(let permission): "interactive:\(permission)"
        case .caller: "caller"
        case .impersonating: "impersonating"
        }
    }

    /// The permission the route needs, if any.
    public var permission: Permission? {
        switch self {
        case .permission(let permission), .interactive(let permission): permission
        default: nil
        }
    }

    /// Whether an API token may call the route (given the permission).
    public var admitsTokens: Bool {
        switch self {
        case .public, .permission, .caller: true
        default: false
        }
    }
}

/// A route as registered: method, path and declared policy.
public struct RegisteredRoute: Sendable, Hashable {
    public let method: String
    public let path: String
    public let policy: String
    /// A server-rendered page (or its form post) rather than a JSON API route.
    public let isPage: Bool
}

/// Registers routes on the router together with their policy, so the set of routes and who may call
/// them can be listed (tests walk it; the OpenAPI document must describe every entry).
public final class RouteRegistry {
    public let router: Router<GatehouseRequestContext>
    public let policies: PolicyTable
    public private(set) var routes: [RegisteredRoute] = []

    public init(router: Router<GatehouseRequestContext>, policies: PolicyTable) {
        self.router = router
        self.policies = policies
    }

    public func get(_ path: RouterPath, policy: RoutePolicy, use handler: @escaping @Sendable (Request, GatehouseRequestContext) async throws -> some ResponseGenerator) {
        add(.get, path, policy: policy, use: handler)
    }

    public func put(_ path: RouterPath, policy: RoutePolicy, use handler: @escaping @Sendable (Request, GatehouseRequestContext) async throws -> some ResponseGenerator) {
        add(.put, path, policy: policy, use: handler)
    }

    public func delete(_ path: RouterPath, policy: RoutePolicy, use handler: @escaping @Sendable (Request, GatehouseRequestContext) async throws -> some ResponseGenerator) {
        add(.delete, path, policy: policy, use: handler)
    }

    public func post(_ path: RouterPath, policy: RoutePolicy, use handler: @escaping @Sendable (Request, GatehouseRequestContext) async throws -> some ResponseGenerator) {
        add(.post, path, policy: policy, use: handler)
    }

    public func add(_ method: HTTPRequest.Method, _ path: RouterPath, policy: RoutePolicy, use handler: @escaping @Sendable (Request, GatehouseRequestContext) async throws -> some ResponseGenerator) {
        register(method, path, policy: policy, isPage: false)
        router.on(path, method: method, use: handler)
    }

    /// A page: like `add`, but a caller the policy refuses is sent to `/login` instead of getting JSON.
    public func page(_ method: HTTPRequest.Method, _ path: RouterPath, policy: RoutePolicy, use handler: @escaping @Sendable (Request, GatehouseRequestContext) async throws -> any ResponseGenerator) {
        register(method, path, policy: policy, isPage: true)
        router.on(path, method: method) { request, context in
            try await AnyResponse(handler(request, context))
        }
    }

    /// A page whose policy earns a context: the handler gets the session (or signed-in session) as a
    /// value, never an optional. `Earned` must fit the policy (`SessionContext` for `any session` and
    /// `pending:…`, `SignedInContext` for `interactive:…`); it refuses otherwise.
    func page<Earned: ChildRequestContext>(_ method: HTTPRequest.Method, _ path: RouterPath, policy: RoutePolicy, context: Earned.Type,
                                           use handler: @escaping @Sendable (Request, Earned) async throws -> any ResponseGenerator)
    where Earned.ParentContext == GatehouseRequestContext {
        register(method, path, policy: policy, isPage: true)
        router.group(context: Earned.self).on(path, method: method) { request, context in
            try await AnyResponse(handler(request, context))
        }
    }

    /// An operation of the generated JSON API, with the policy the OpenAPI document declares for it (nil:
    /// none declared, so `PolicyMiddleware` refuses every call). Its router group builds the context the
    /// policy earns and hands it to the operation through `APICall`.
    func operation(_ method: HTTPRequest.Method, _ path: String, policy: RoutePolicy?,
                   _ handler: @escaping @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)) {
        let routerPath = RouterPath(path)
        if let policy {
            register(method, routerPath, policy: policy, isPage: false)
        } else {
            routes.append(RegisteredRoute(method: method.rawValue, path: routerPath.description, policy: "undeclared", isPage: false))
        }
        let api = router.group().add(middleware: APICallMiddleware())
        switch policy {
        case .interactive:
            api.group(context: SignedInContext.self).add(middleware: SignedInContext.Binding())
                .register(handler, method: method, path: path)
        case .permission, .caller:
            api.group(context: CallerContext.self).add(middleware: CallerContext.Binding())
                .register(handler, method: method, path: path)
        case .anySession, .pending, .impersonating:
            api.group(context: SessionContext.self).add(middleware: SessionContext.Binding())
                .register(handler, method: method, path: path)
        case .public, nil:
            api.register(handler, method: method, path: path)
        }
    }

    private func register(_ method: HTTPRequest.Method, _ path: RouterPath, policy: RoutePolicy, isPage: Bool) {
        routes.append(RegisteredRoute(method: method.rawValue, path: path.description, policy: policy.description, isPage: isPage))
        policies.set(policy, isPage: isPage, method: method, path: path.description)
    }
}

/// Lets page handlers return different response kinds (a page, a redirect).
struct AnyResponse: ResponseGenerator {
    let base: any ResponseGenerator
    init(_ base: any ResponseGenerator) { self.base = base }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        try base.response(from: request, context: context)
    }
}
