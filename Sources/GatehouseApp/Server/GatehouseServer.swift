import Foundation
import GatehouseCore
import GatehouseHTTP
import Hummingbird
import Logging
import ServiceLifecycle

/// The composition root of `gatehouse serve`: builds the services from settings, wires them into the
/// HTTP layer and the background jobs, and returns the Hummingbird application, which runs every
/// `Service` in one `ServiceGroup` and stops gracefully on SIGTERM.
public enum GatehouseServer {
    public static func makeApplication(settings: Settings, store: any Store, keys: KeyRing, logger: Logger) async throws -> some ApplicationProtocol {
        let dependencies = try await makeDependencies(settings: settings, store: store, keys: keys)
        let routes = GatehouseHTTPServer.makeRouter(dependencies)
        let sweeper = SessionSweeperService(
            sweeper: SessionSweeper(store: store, trail: dependencies.signIn.trail, policy: dependencies.signIn.configuration.sessions,
                                    clock: SystemWallClock(), cache: dependencies.signIn.cache),
            interval: .seconds(60), logger: logger)
        return Application(
            router: routes.router,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "Gatehouse"),
            services: [sweeper],
            onServerRunning: { channel in
                logger.info("Gatehouse is listening", metadata: ["address": "\(channel.localAddress?.description ?? "?")", "public_url": "\(settings.publicURL)"])
            },
            logger: logger)
    }

    public static func makeDependencies(
        settings: Settings, store: any Store, keys: KeyRing, clock: any WallClock = SystemWallClock(),
        random: any RandomSource = SystemRandomSource(), hasher: (any PasswordHasher)? = nil
    ) async throws -> HTTPDependencies {
        GatehouseMetrics.bootstrap()
        let hasher = hasher ?? Argon2PasswordHasher(parameters: settings.argon2Parameters, maxConcurrent: settings.argon2MaxConcurrent)
        let trail = AuditTrail(keys: keys, clock: clock, random: random)
        let cache = SessionCache(ttl: settings.duration("auth_check.cache_ttl"))
        let signIn = try await SignInService(
            store: store, hasher: hasher, trail: trail,
            limiter: RateLimiter(store: store.rateLimits, keys: keys, clock: clock),
            keys: keys, clock: clock, random: random, configuration: settings.signInConfiguration, cache: cache,
            clients: try SessionClientResolver.open(geoipDatabase: settings.raw["geoip_database"]))
        let accountSessions = AccountSessions(store: store, trail: trail, cache: cache, policy: settings.sessionPolicy, clock: clock)
        let administration = AccountAdministration(
            store: store, hasher: hasher, policy: settings.passwordPolicy, trail: trail, clock: clock, random: random, cache: cache)
        let clientAddresses: ClientAddressResolver
        switch ClientAddressResolver.parse(settings.raw["trusted_proxies"] ?? "") {
        case .success(let resolver): clientAddresses = resolver
        case .failure(let error): throw error
        }
        return try HTTPDependencies(
            store: store, signIn: signIn, administration: administration, accountSessions: accountSessions, keys: keys, publicURL: settings.publicURL,
            cookieDomain: settings.raw["session.cookie_domain"], clientAddresses: clientAddresses, maxBody: settings.httpMaxBody,
            returnToOrigins: (settings.raw["return_to_origins"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
            productName: settings.productName, supportEmail: settings.supportEmail, random: random)
    }
}

/// Sweeps expired sessions (and drained rate-limit counters) every `interval` until shutdown.
struct SessionSweeperService: Service {
    let sweeper: SessionSweeper
    let interval: Duration
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let ended = try await sweeper.sweep()
                    if ended > 0 { logger.info("expired sessions swept", metadata: ["count": "\(ended)"]) }
                } catch is CancellationError {
                    return
                } catch {
                    logger.warning("session sweep failed", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
