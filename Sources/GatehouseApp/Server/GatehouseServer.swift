import Foundation
import GatehouseCore
import GatehousePasswordHashing
import GatehouseHTTP
import GatehouseMail
import SMTP
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// The composition root of `gatehouse serve`: builds the services from settings, wires them into the
/// HTTP layer and the background jobs, and runs them (the HTTP server with every background `Service`
/// in one `ServiceGroup`, stopping gracefully on SIGTERM).
public enum GatehouseServer {
    public static func run(settings: Settings, store: any Store, keys: KeyRing, logger: Logger) async throws {
        // The server writes last-seen times from a background job (SessionTouchService), off the request path.
        let dependencies = try await makeDependencies(settings: settings, store: store, keys: keys, touches: SessionTouches())
        let routes = try GatehouseHTTPServer.makeRouter(dependencies)
        let sweeper = SessionSweeperService(
            sweeper: SessionSweeper(store: store, trail: dependencies.signIn.trail, policy: dependencies.signIn.configuration.sessions,
                                    clock: SystemWallClock(), cache: dependencies.signIn.cache),
            retention: settings.auditRetention.map { AuditRetention(trail: dependencies.signIn.trail, store: store, keep: $0, clock: SystemWallClock()) },
            interval: .seconds(60), logger: logger)
        let touches = SessionTouchService(touches: dependencies.signIn.touches, store: store,
                                          interval: dependencies.signIn.configuration.sessions.touchInterval, logger: logger)
        let limits = settings.connectionLimits
        let outbox = OutboxService(worker: try makeOutboxWorker(settings: settings, store: store, selfService: dependencies.selfService,
                                                                accessRequests: dependencies.accessRequests, logger: logger))
        let sampler = MetricsSamplerService(sampler: MetricsSampler(store: store, cache: dependencies.signIn.cache), interval: .seconds(5), logger: logger)
        var services: [any Service] = [sweeper, outbox, touches, sampler]
        if let feed = store.invalidations {
            services.append(CacheInvalidationService(follower: CacheInvalidationFollower(feed: feed, cache: dependencies.signIn.cache), logger: logger))
        }
        try await GatehouseHTTPServer.run(routes, limits: limits, host: settings.host, port: settings.port, publicURL: settings.publicURL,
                                          services: services, logger: logger)
    }

    public static func makeDependencies(
        settings: Settings, store: any Store, keys: KeyRing, clock: any WallClock = SystemWallClock(),
        random: any RandomSource = SystemRandomSource(), hasher: (any PasswordHasher)? = nil, touches: SessionTouches? = nil
    ) async throws -> HTTPDependencies {
        GatehouseMetrics.bootstrap()
        let hasher = hasher ?? Argon2PasswordHasher(parameters: settings.argon2Parameters, maxConcurrent: settings.argon2MaxConcurrent,
                                                        maxWaiting: settings.argon2MaxWaiting)
        let trail = AuditTrail(keys: keys, clock: clock, random: random)
        let cache = SessionCache(ttl: settings.duration("auth_check.cache_ttl"))
        let mail = AccountMail(mailer: Mailer(keys: keys, clock: clock, random: random, publicURL: settings.publicURL), lifetimes: settings.linkLifetimes)
        let signIn = try await SignInService(
            store: store, hasher: hasher, trail: trail,
            limiter: RateLimiter(store: store.rateLimits, keys: keys, clock: clock),
            keys: keys, clock: clock, random: random, configuration: settings.signInConfiguration, cache: cache,
            clients: try SessionClientResolver.open(geoipDatabase: settings.raw["geoip_database"]), mail: mail, touches: touches)
        let accountSessions = AccountSessions(store: store, trail: trail, cache: cache, policy: settings.sessionPolicy, clock: clock)
        let administration = AccountAdministration(
            store: store, hasher: hasher, policy: settings.passwordPolicy, trail: trail, clock: clock, random: random, cache: cache, mail: mail)
        let selfService = SelfService(
            store: store, hasher: hasher, policy: settings.passwordPolicy, trail: trail, limiter: signIn.limiter, clock: clock, mail: mail,
            signIn: signIn, cache: cache, configuration: settings.selfServiceConfiguration)
        let twoFactor = TwoFactorService(
            store: store, trail: trail, keys: keys, clock: clock, random: random, signIn: signIn, mail: mail,
            configuration: settings.twoFactorConfiguration)
        let consent = ConsentService(store: store, trail: trail, clock: clock, signIn: signIn,
                                     agreement: try settings.agreement(builtIn: GatehouseHTTPServer.builtInAgreement))
        let clientAddresses: ClientAddressResolver
        switch ClientAddressResolver.parse(settings.raw["trusted_proxies"] ?? "") {
        case .success(let resolver): clientAddresses = resolver
        case .failure(let error): throw error
        }
        var dependencies = try HTTPDependencies(
            store: store, signIn: signIn, administration: administration, accountSessions: accountSessions,
            selfService: selfService, twoFactor: twoFactor, consent: consent, keys: keys, publicURL: settings.publicURL,
            cookieDomain: settings.raw["session.cookie_domain"], clientAddresses: clientAddresses, maxBody: settings.httpMaxBody,
            returnToOrigins: (settings.raw["return_to_origins"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
            productName: settings.productName, supportEmail: settings.supportEmail, random: random,
            onboarding: settings.onboardingConfiguration, accessRequests: settings.accessRequestConfiguration,
            access: settings.access, tokens: settings.apiTokenConfiguration,
            administratorAccess: settings.administratorAccessConfiguration)
        dependencies.metricsToken = settings.raw["metrics.token"].flatMap { $0.isEmpty ? nil : $0 }
        return dependencies
    }
}

extension GatehouseServer {
    /// The outbox worker as configured: SMTP when `smtp_url` is set, else `.eml` files in `<data_dir>/outbox/`.
    /// The outbox worker; its jobs are self-service's (password reset, verification resend) and, given
    /// `accessRequests`, the routing of access requests.
    public static func makeOutboxWorker(settings: Settings, store: any Store, selfService: SelfService, accessRequests: AccessRequests? = nil,
                                        logger: Logger, policy: OutboxPolicy? = nil) throws -> OutboxWorker {
        let transport: any MailTransport
        if let url = settings.raw["smtp_url"], !url.isEmpty {
            let configuration = try SMTPConfiguration(url: url, caFile: settings.raw["smtp_ca_file"])
            transport = SMTPMailTransport(client: try SMTPClient(configuration: configuration, logger: logger))
        } else {
            transport = FileMailTransport(directory: settings.outboxDirectory)
        }
        let composer = try MailComposer(branding: MailBranding(productName: settings.productName, supportEmail: settings.supportEmail))
        var outboxPolicy = policy ?? OutboxPolicy()
        outboxPolicy.giveUpAfter = settings.duration("outbox.give_up_after")
        if policy == nil { outboxPolicy.firstRetry = settings.duration("outbox.first_retry") }
        return OutboxWorker(
            store: store, mailer: selfService.mail.mailer, composer: composer, transport: transport,
            from: try MailAddress(settings.mailFrom, displayName: settings.productName), trail: selfService.trail, policy: outboxPolicy,
            logger: logger, runJob: { job, work in
                if job.kind == .accessRequestRouting, let accessRequests {
                    try await accessRequests.route(job, in: work)
                } else {
                    try await selfService.runJob(job, in: work)
                }
            })
    }
}

/// Runs the outbox worker until shutdown; a message being sent when SIGTERM arrives finishes first.
struct OutboxService: Service {
    let worker: OutboxWorker

    func run() async throws {
        worker.logger.info("mail outbox running", metadata: ["transport": "\(worker.transport.description)"])
        await cancelWhenGracefulShutdown {
            await worker.run()
        }
    }
}

/// Applies the other instances' cache invalidations to this instance's forward-auth cache as they
/// commit (PostgreSQL `LISTEN`), following again after a lost connection.
struct CacheInvalidationService: Service {
    let follower: CacheInvalidationFollower
    let logger: Logger

    func run() async throws {
        let logger = self.logger
        await cancelWhenGracefulShutdown {
            await follower.run(
                ready: { logger.debug("following other instances' cache invalidations") },
                failed: { error in
                    logger.warning("following other instances' cache invalidations stopped; retrying (cached lookups last at most auth_check.cache_ttl meanwhile)",
                                   metadata: ["error": "\(error)"])
                })
        }
    }
}

/// Writes the last-seen times `/api/v1/auth/check` and the other requests noted, every second, and
/// once more at shutdown.
struct SessionTouchService: Service {
    let touches: SessionTouches?
    let store: any Store
    let interval: Duration
    let logger: Logger

    func run() async throws {
        guard let touches else { return }
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(1))
                do {
                    try await touches.flush(to: store, touchInterval: interval)
                } catch is CancellationError {
                    return
                } catch {
                    logger.warning("writing last-seen times failed", metadata: ["error": "\(error)"])
                }
            }
        }
        _ = try? await touches.flush(to: store, touchInterval: interval)
    }
}

/// Sweeps expired sessions (and drained rate-limit counters) every `interval` until shutdown; with
/// `audit.retention` set it also prunes audit events older than that.
struct SessionSweeperService: Service {
    let sweeper: SessionSweeper
    var retention: AuditRetention?
    let interval: Duration
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let started = ContinuousClock.now
                    let ended = try await sweeper.sweep()
                    let took = ContinuousClock.now - started
                    let metadata: Logger.Metadata = ["count": "\(ended)", "duration_ms": "\(Int((took.timeInterval * 1000).rounded()))"]
                    if ended > 0 { logger.info("expired sessions swept", metadata: metadata) }
                    logger.debug("session sweep finished", metadata: metadata)
                } catch is CancellationError {
                    return
                } catch {
                    logger.warning("session sweep failed", metadata: ["error": "\(error)"])
                }
                if let retention {
                    do {
                        let pruned = try await retention.prune()
                        if pruned > 0 { logger.info("audit events past retention pruned", metadata: ["count": "\(pruned)"]) }
                    } catch is CancellationError {
                        return
                    } catch {
                        logger.error("audit pruning failed", metadata: ["error": "\(error)"])
                    }
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}

/// Samples what `/metrics` shows beside the request metrics: the forward-auth cache's hits and misses,
/// the outbox's backlog and the age of its oldest mail, and the database connections in use and
/// waited for.
public final class MetricsSampler: Sendable {
    let store: any Store
    let cache: SessionCache
    let clock: any WallClock
    private let counted = Mutex((hits: 0, misses: 0))
    private let hits = Counter(label: "gatehouse_auth_check_cache_hits_total")
    private let misses = Counter(label: "gatehouse_auth_check_cache_misses_total")
    private let outboxDepth = Gauge(label: "gatehouse_outbox_depth")
    private let outboxAge = Gauge(label: "gatehouse_outbox_oldest_age_seconds")
    private let inUse = Gauge(label: "gatehouse_database_connections_in_use")
    private let waiting = Gauge(label: "gatehouse_database_connections_waiting")
    private let capacity = Gauge(label: "gatehouse_database_connections_max")

    public init(store: any Store, cache: SessionCache, clock: any WallClock = SystemWallClock()) {
        GatehouseMetrics.bootstrap()
        self.store = store
        self.cache = cache
        self.clock = clock
    }

    /// Takes one sample; the outbox part is skipped (and logged by the caller) when the database fails.
    public func sample() async throws {
        let statistics = cache.statistics
        let (newHits, newMisses) = counted.withLock { counted in
            defer { counted = (statistics.hits, statistics.misses) }
            return (statistics.hits - counted.hits, statistics.misses - counted.misses)
        }
        if newHits > 0 { hits.increment(by: Int64(newHits)) }
        if newMisses > 0 { misses.increment(by: Int64(newMisses)) }
        let usage = store.usage
        inUse.record(usage.inUse)
        waiting.record(usage.waiting)
        capacity.record(usage.capacity)
        let backlog = try await store.outbox.backlog()
        outboxDepth.record(backlog.count)
        outboxAge.record(backlog.oldest.map { max(0, clock.now().timeIntervalSince($0)) } ?? 0)
    }
}

/// Samples the metrics every few seconds until shutdown.
struct MetricsSamplerService: Service {
    let sampler: MetricsSampler
    let interval: Duration
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await sampler.sample()
                } catch is CancellationError {
                    return
                } catch {
                    logger.debug("sampling metrics failed", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
