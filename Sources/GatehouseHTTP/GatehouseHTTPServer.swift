import GatehouseCore
import Hummingbird
import Logging

/// What the HTTP layer needs from the composition root.
public struct HTTPDependencies: Sendable {
    public var store: any Store
    public var hasher: any PasswordHasher
    public var maxBody: Int
    public var strictTransportSecurity: Bool

    public init(store: any Store, hasher: any PasswordHasher, maxBody: Int, strictTransportSecurity: Bool) {
        self.store = store
        self.hasher = hasher
        self.maxBody = maxBody
        self.strictTransportSecurity = strictTransportSecurity
    }
}

/// Builds Gatehouse's router: middleware in order (metrics, problems, security headers, body limit),
/// then every route collection.
public enum GatehouseHTTPServer {
    public static func makeRouter(_ dependencies: HTTPDependencies) -> RouteRegistry {
        GatehouseMetrics.bootstrap()
        let router = Router(context: GatehouseRequestContext.self)
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: SecurityHeadersMiddleware(strictTransportSecurity: dependencies.strictTransportSecurity))
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: BodyLimitMiddleware(maxBody: dependencies.maxBody))
        let routes = RouteRegistry(router: router)
        OperationsRoutes(store: dependencies.store).register(in: routes)
        return routes
    }
}
