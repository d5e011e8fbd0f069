import Foundation
import GatehouseCore
import GatehouseWeb
import Hummingbird
import Logging
import ServiceLifecycle

/// What the HTTP layer needs from the composition root.
public struct HTTPDependencies: Sendable {
    public var store: any Store
    public var signIn: SignInService
    public var administration: AccountAdministration
    public var organizations: OrganizationAdministration
    public var invitations: Invitations
    public var registrations: Registrations
    public var accessRequests: AccessRequests
    public var accountSessions: AccountSessions
    public var selfService: SelfService
    public var twoFactor: TwoFactorService
    public var consent: ConsentService
    public var tokens: APITokens
    public var administratorAccess: AdministratorAccess
    public var allowTwoFactorReissue: Bool { selfService.configuration.allowTwoFactorReissue }
    public var keys: KeyRing
    public var cookie: SessionCookie
    public var clientAddresses: ClientAddressResolver
    /// `scheme://host[:port]` of `public_url`, for the same-origin checks.
    public var publicOrigin: String
    public var maxBody: Int
    public var strictTransportSecurity: Bool
    public var renderer: PageRenderer
    public var returnTo: ReturnToValidator
    public var productName: String
    public var supportEmail: String?
    public var random: any RandomSource
    /// `metrics.token`: the bearer secret that opens `/metrics` to non-loopback clients; nil: loopback only.
    public var metricsToken: String?

    public init(store: any Store, signIn: SignInService, administration: AccountAdministration, accountSessions: AccountSessions,
                selfService: SelfService, twoFactor: TwoFactorService, consent: ConsentService, keys: KeyRing, publicURL: String,
                cookieDomain: String?, clientAddresses: ClientAddressResolver, maxBody: Int, returnToOrigins: [String],
                productName: String, supportEmail: String?, random: any RandomSource,
                onboarding: OnboardingConfiguration = OnboardingConfiguration(),
                accessRequests: AccessRequestConfiguration = AccessRequestConfiguration(),
                access: AccessModel = .builtIn, tokens: APITokenConfiguration = APITokenConfiguration(),
                administratorAccess: AdministratorAccessConfiguration = AdministratorAccessConfiguration()) throws {
        self.store = store
        self.signIn = signIn
        self.administration = administration
        self.organizations = OrganizationAdministration(store: store, trail: administration.trail, clock: administration.clock,
                                                        random: administration.random, cache: administration.cache)
        self.invitations = Invitations(store: store, trail: administration.trail, clock: administration.clock, random: administration.random,
                                       mail: selfService.mail, cache: administration.cache, configuration: onboarding, limiter: selfService.limiter)
        self.registrations = Registrations(invitations: invitations, accounts: administration, signIn: signIn, limiter: selfService.limiter)
        self.accessRequests = AccessRequests(invitations: invitations, limiter: selfService.limiter, configuration: accessRequests)
        self.accountSessions = accountSessions
        self.selfService = selfService
        self.twoFactor = twoFactor
        self.consent = consent
        var tokenConfiguration = tokens
        tokenConfiguration.reauthWindow = twoFactor.configuration.reauthWindow
        self.tokens = APITokens(store: store, trail: signIn.trail, clock: signIn.clock, random: signIn.random, access: access,
                                configuration: tokenConfiguration, cache: signIn.cache, clients: signIn.clients, touches: signIn.touches,
                                mail: selfService.mail)
        var accessConfiguration = administratorAccess
        accessConfiguration.reauthWindow = twoFactor.configuration.reauthWindow
        self.administratorAccess = AdministratorAccess(signIn: signIn, configuration: accessConfiguration)
        self.keys = keys
        self.cookie = SessionCookie(publicURL: publicURL, domain: cookieDomain)
        self.clientAddresses = clientAddresses
        self.publicOrigin = Self.origin(of: publicURL)
        self.maxBody = maxBody
        self.strictTransportSecurity = publicURL.lowercased().hasPrefix("https://")
        self.renderer = try PageRenderer()
        self.returnTo = ReturnToValidator(allowedOrigins: returnToOrigins)
        self.productName = productName
        self.supportEmail = supportEmail
        self.random = random
    }

    static func origin(of url: String) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else { return url }
        let port = components.port.map { ":\($0)" } ?? ""
        return "\(scheme)://\(host)\(port)".lowercased()
    }
}

/// Builds Gatehouse's router: middleware in order, then every route collection. Routes are added only
/// through the `RouteRegistry`, which records each route's policy for `PolicyMiddleware`.
public enum GatehouseHTTPServer {
    /// The agreement shown when `consent.file_en` / `consent.file_ru` are not configured.
    public static func builtInAgreement(_ language: Language) -> String {
        BuiltInAgreement.text(language)
    }

    /// Serves `routes` on `host:port` with the connection limits, running `services` (background jobs)
    /// beside the server in one service group until SIGTERM or SIGINT.
    public static func run(_ routes: RouteRegistry, limits: ConnectionLimits, host: String, port: Int, publicURL: String,
                           services: [any Service], logger: Logger) async throws {
        let application = Application(
            router: routes.router,
            server: limits.server,
            configuration: limits.configuration(address: .hostname(host, port: port), serverName: "Gatehouse"),
            services: services,
            onServerRunning: { channel in
                logger.info("Gatehouse is listening", metadata: ["address": "\(channel.localAddress?.description ?? "?")", "public_url": "\(publicURL)"])
            },
            logger: logger)
        try await application.runService()
    }

    public static func makeRouter(_ dependencies: HTTPDependencies) throws -> RouteRegistry {
        GatehouseMetrics.bootstrap()
        let router = Router(context: GatehouseRequestContext.self)
        let policies = PolicyTable()
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: SecurityHeadersMiddleware(strictTransportSecurity: dependencies.strictTransportSecurity))
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: BodyLimitMiddleware(maxBody: dependencies.maxBody))
        router.add(middleware: ClientInfoMiddleware(resolver: dependencies.clientAddresses))
        router.add(middleware: SessionMiddleware(signIn: dependencies.signIn, tokens: dependencies.tokens, cookie: dependencies.cookie,
                                                 access: dependencies.administratorAccess, keys: dependencies.keys))
        router.add(middleware: CSRFMiddleware(keys: dependencies.keys, publicOrigin: dependencies.publicOrigin))
        let web = WebRoutes(signIn: dependencies.signIn, accountSessions: dependencies.accountSessions, selfService: dependencies.selfService,
                            twoFactor: dependencies.twoFactor, consent: dependencies.consent, cookie: dependencies.cookie, keys: dependencies.keys,
                            renderer: dependencies.renderer, returnTo: dependencies.returnTo, productName: dependencies.productName,
                            supportEmail: dependencies.supportEmail, random: dependencies.random, administration: dependencies.administration,
                            organizations: dependencies.organizations, invitations: dependencies.invitations, registrations: dependencies.registrations,
                            accessRequests: dependencies.accessRequests, tokens: dependencies.tokens, access: dependencies.administratorAccess)
        router.add(middleware: PolicyMiddleware(table: policies, tokens: dependencies.tokens, refusedPage: { request, context in web.refusedPage(request, context) }))
        let routes = RouteRegistry(router: router, policies: policies)
        OperationsRoutes(store: dependencies.store, metricsToken: dependencies.metricsToken,
                         metricsToLoopback: dependencies.clientAddresses.trustedProxies.isEmpty).register(in: routes)
        ForwardAuthRoutes(signIn: dependencies.signIn, tokens: dependencies.tokens, cookie: dependencies.cookie,
                          access: dependencies.administratorAccess).register(in: routes)
        // The JSON API, generated from openapi.yaml; every operation with the policy the document declares.
        let api = GatehouseAPI(signIn: dependencies.signIn, selfService: dependencies.selfService, twoFactor: dependencies.twoFactor,
                               consent: dependencies.consent, sessions: dependencies.accountSessions, administration: dependencies.administration,
                               organizations: dependencies.organizations, invitations: dependencies.invitations,
                               registrations: dependencies.registrations, accessRequests: dependencies.accessRequests, tokens: dependencies.tokens,
                               cookie: dependencies.cookie, keys: dependencies.keys, access: dependencies.administratorAccess)
        try api.register(in: routes)
        web.register(in: routes)
        return routes
    }
}
