import ArgumentParser
import Foundation
import GatehouseCore
import GatehousePasswordHashing
import GatehouseStorage
import Logging
import Synchronization

/// What a command needs once the configuration is read: settings, a logger, and the store on demand.
struct AppContext: Sendable {
    let settings: Settings
    let logger: Logger

    static func load(_ options: CommonOptions, extraFlags: [String: String] = [:]) async throws -> AppContext {
        let settings: Settings
        do {
            settings = try await SettingsLoader.load(configFile: options.configFile, flags: options.flags.merging(extraFlags) { $1 })
        } catch let error as SettingsError {
            throw CommandFailure("invalid configuration:\n" + error.problems.map { "  - " + $0 }.joined(separator: "\n"))
        }
        LoggingBootstrap.once(format: settings.logFormat, level: settings.logLevel)
        var logger = Logger(label: "gatehouse")
        logger.logLevel = settings.logLevel
        return AppContext(settings: settings, logger: logger)
    }

    /// Opens the store, applies migrations unless told not to, runs `body`, closes the store.
    func withStore<T: Sendable>(migrate: Bool = true, _ body: @Sendable (any Store) async throws -> T) async throws -> T {
        let location: DatabaseLocation
        do {
            location = try settings.databaseLocation()
        } catch {
            throw CommandFailure("invalid database_url: \(error.detail ?? "")")
        }
        let logger = self.logger
        return try await GatehouseStorage.withStore(at: location, logger: logger, timeout: settings.duration("database.timeout")) { store in
            if migrate {
                do {
                    try await store.migrate()
                } catch {
                    throw CommandFailure("cannot migrate the database: \(error)")
                }
            }
            return try await body(store)
        }
    }

    var hasher: any PasswordHasher {
        Argon2PasswordHasher(parameters: settings.argon2Parameters, maxConcurrent: settings.argon2MaxConcurrent)
    }

    /// Keys derived from the server's secret keys (the current one created in the data directory on first use).
    func keyRing() throws -> KeyRing {
        try SecretKey.load(settings: settings).ring
    }

    func administration(_ store: any Store) throws -> AccountAdministration {
        let keys = try keyRing()
        let trail = AuditTrail(keys: keys, clock: SystemWallClock(), random: SystemRandomSource())
        // Mail written here (an unverified account's verification link) waits in the outbox until a
        // running server delivers it.
        let mail = AccountMail(mailer: Mailer(keys: keys, clock: SystemWallClock(), random: SystemRandomSource(), publicURL: settings.publicURL),
                               lifetimes: settings.linkLifetimes)
        return AccountAdministration(store: store, hasher: hasher, policy: settings.passwordPolicy, trail: trail, mail: mail)
    }

    func organizations(_ store: any Store) throws -> OrganizationAdministration {
        OrganizationAdministration(store: store, trail: AuditTrail(keys: try keyRing(), clock: SystemWallClock(), random: SystemRandomSource()))
    }

    func invitations(_ store: any Store) throws -> Invitations {
        let keys = try keyRing()
        let mail = AccountMail(mailer: Mailer(keys: keys, clock: SystemWallClock(), random: SystemRandomSource(), publicURL: settings.publicURL),
                               lifetimes: settings.linkLifetimes)
        return Invitations(store: store, trail: AuditTrail(keys: keys, clock: SystemWallClock(), random: SystemRandomSource()), mail: mail,
                           configuration: settings.onboardingConfiguration)
    }
}

/// A command's failure with a message for the operator; exits non-zero without a stack of details.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// swift-log may be bootstrapped once per process; commands run in tests share one process.
enum LoggingBootstrap {
    private static let bootstrapped = Mutex(false)

    static func once(format: String, level: Logger.Level) {
        bootstrapped.withLock { done in
            guard !done else { return }
            done = true
            GatehouseLogging.bootstrap(format: format, level: level)
        }
    }
}
