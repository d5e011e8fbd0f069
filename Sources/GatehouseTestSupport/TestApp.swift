import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseHTTP
import GatehouseMail
import Logging
import SMTP

/// Gatehouse's real router and services on a test store: small Argon2 parameters, the test key, a
/// controllable clock. `environment` sets configuration like `GATEHOUSE_*` variables do.
///
/// Unlike a real server, a test app runs under policy `two_factor: optional` unless `environment` says
/// otherwise, and `createAccount` records consent to the configured agreement: tests of other features
/// start from an account that already went through those steps. The two-factor and consent tests set
/// `GATEHOUSE_TWO_FACTOR=required` and create accounts with `consented: false`.
public struct TestApp: Sendable {
    public let dependencies: HTTPDependencies
    public let clock: TestClock
    public let hasher: CountingHasher
    public let settings: Settings
    /// What the outbox worker delivered (see `deliverMail()`).
    public let mailbox: CapturingMailTransport

    /// `keys` stands for the server's secret keys (a key rotation test gives a ring with a fallback).
    public static func make(_ store: any Store, environment: [String: String] = [:], keys: KeyRing = TestStores.keys) async throws -> TestApp {
        var environment = environment
        if environment["GATEHOUSE_TWO_FACTOR"] == nil { environment["GATEHOUSE_TWO_FACTOR"] = "optional" }
        let settings = try await SettingsLoader.load(configFile: nil, environment: environment)
        let clock = TestClock()
        let hasher = CountingHasher()
        let dependencies = try await GatehouseServer.makeDependencies(settings: settings, store: store, keys: keys, clock: clock, hasher: hasher)
        hasher.reset()
        return TestApp(dependencies: dependencies, clock: clock, hasher: hasher, settings: settings, mailbox: CapturingMailTransport())
    }

    /// The real outbox worker of this app, delivering into `transport` (default: `mailbox`).
    public func outboxWorker(transport: (any MailTransport)? = nil, policy: OutboxPolicy = OutboxPolicy()) throws -> OutboxWorker {
        let configured = try GatehouseServer.makeOutboxWorker(settings: settings, store: dependencies.store, selfService: dependencies.selfService,
                                                              accessRequests: dependencies.accessRequests, logger: TestStores.logger, policy: policy)
        return OutboxWorker(store: configured.store, mailer: configured.mailer, composer: configured.composer, transport: transport ?? mailbox,
                            from: configured.from, trail: configured.trail, policy: configured.policy, logger: configured.logger,
                            runJob: configured.runJob)
    }

    /// Runs the outbox worker until nothing is due and returns the mail delivered by these passes.
    @discardableResult
    public func deliverMail() async throws -> [MailMessage] {
        let before = mailbox.messages.count
        let worker = try outboxWorker()
        while try await worker.runOnce().total > 0 {}
        return Array(mailbox.messages.dropFirst(before))
    }

    /// A fresh router for one test (routes may be added before it is turned into an application).
    public func routes() throws -> RouteRegistry {
        try GatehouseHTTPServer.makeRouter(dependencies)
    }

    @discardableResult
    public func createAccount(_ username: String, password: String = "correct horse battery", verified: Bool = true, roles: Set<Role> = [],
                              consented: Bool = true) async throws -> Account {
        var account = try await dependencies.administration.create(AccountCreation(
            username: username, email: "\(username)@example.com", password: password, roles: roles, emailVerified: verified))
        if consented {
            _ = try await dependencies.store.accounts.recordConsent(account.id, version: settings.consentVersion, ip: nil, at: clock.now())
            account = try await dependencies.store.accounts.account(id: account.id) ?? account
        }
        hasher.reset()
        return account
    }
}
