import ArgumentParser
import Foundation
import GatehouseCore
import GatehouseHTTP
import GatehouseStorage
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Gatehouse server.",
        discussion: "Every configuration key can be given as a flag: --port 9000, --session.idle_timeout 30m (or --session-idle-timeout 30m).")

    @OptionGroup var options: CommonOptions

    @Flag(name: .customLong("no-migrate"), help: "Do not apply pending migrations; refuse to start if any are pending.")
    var noMigrate = false

    @Argument(parsing: .allUnrecognized, help: "Configuration keys as flags.")
    var settingFlags: [String] = []

    func run() async throws {
        let flags: [String: String]
        do {
            flags = try SettingsLoader.parseFlags(settingFlags)
        } catch let error as SettingsError {
            throw CommandFailure(error.description)
        }
        let context = try await AppContext.load(options, extraFlags: flags)
        let settings = context.settings
        let logger = context.logger
        for warning in Self.warnings(settings) {
            logger.warning("\(warning)")
        }
        let keys = try context.keyRing()
        // Every connection is a file descriptor: take what the hard limit allows before sizing
        // http.max_connections from it.
        OpenFileLimit.raiseToHardLimit()

        try await context.withStore(migrate: !noMigrate) { store in
            if noMigrate {
                let pending = try await store.pendingMigrations()
                guard pending.isEmpty else {
                    throw CommandFailure("migrations \(pending.map(String.init).joined(separator: ", ")) are pending; run `gatehouse migrate` or start without --no-migrate")
                }
            }
            if try await store.accounts.countAdministrators() == 0 {
                Self.printFirstAdministratorHint(settings)
            }
            try await GatehouseServer.run(settings: settings, store: store, keys: keys, logger: logger)
        }
    }

    /// Problems worth a warning that do not stop the server.
    static func warnings(_ settings: Settings) -> [String] {
        var warnings: [String] = []
        if let url = URL(string: settings.publicURL), url.scheme == "http", let host = url.host, !isLoopback(host) {
            warnings.append("public_url \(settings.publicURL) is plain http on a non-loopback host: session cookies and passwords would cross the network unencrypted; serve Gatehouse over https")
        }
        return warnings + FilePermissions.warnings(settings)
    }

    static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        return bare == "localhost" || bare.hasSuffix(".localhost") || bare.hasPrefix("127.") || bare == "::1"
    }

    /// Tells the operator how to create the first administrator. Nothing secret is printed.
    static func printFirstAdministratorHint(_ settings: Settings) {
        var command = "gatehouse user create --username admin --email admin@example.com --role admin --verified --password-stdin"
        if settings.dataDirectory != "./gatehouse-data" { command += " --data-dir \(settings.dataDirectory)" }
        let message = """

            Gatehouse has no administrator yet. Create one with:

                printf '%s' 'a long passphrase' | \(command)

            """
        FileHandle.standardError.write(Data(message.utf8))
    }
}
