import Foundation
import GatehouseCore
import GatehouseHTTP
import Hummingbird
import Logging

/// The composition root of `gatehouse serve`: wires the store into the HTTP layer and builds the
/// Hummingbird application, which runs every `Service` in one `ServiceGroup` and stops on SIGTERM.
public enum GatehouseServer {
    public static func makeApplication(settings: Settings, store: any Store, logger: Logger) -> some ApplicationProtocol {
        let routes = makeRoutes(settings: settings, store: store)
        return Application(
            router: routes.router,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "Gatehouse"),
            onServerRunning: { channel in
                logger.info("Gatehouse is listening", metadata: ["address": "\(channel.localAddress?.description ?? "?")", "public_url": "\(settings.publicURL)"])
            },
            logger: logger)
    }

    public static func makeRoutes(settings: Settings, store: any Store) -> RouteRegistry {
        GatehouseMetrics.bootstrap()
        let hasher = Argon2PasswordHasher(parameters: settings.argon2Parameters, maxConcurrent: settings.argon2MaxConcurrent)
        return GatehouseHTTPServer.makeRouter(HTTPDependencies(
            store: store, hasher: hasher, maxBody: settings.httpMaxBody,
            strictTransportSecurity: settings.publicURL.hasPrefix("https://")))
    }
}
