import ArgumentParser

/// `gatehouse` — the command line of the server: run it, migrate its database, check its configuration
/// and manage accounts and organisations.
public struct GatehouseCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "gatehouse",
        abstract: "Gatehouse: a self-hosted authentication server.",
        subcommands: [ServeCommand.self, MigrateCommand.self, ConfigCommand.self, UserCommand.self, OrgCommand.self, InviteCommand.self, AuditCommand.self, BackupCommand.self, KeysCommand.self]
    )

    public init() {}
}

/// Options every command takes: where the configuration and the data are.
struct CommonOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: "Configuration file (JSON or YAML).")
    var configFile: String?

    @Option(name: .customLong("data-dir"), help: "Data directory (overrides data_dir).")
    var dataDirectory: String?

    @Option(name: .customLong("database-url"), help: "sqlite:<path> or postgres://… (overrides database_url).")
    var databaseURL: String?

    var flags: [String: String] {
        var flags: [String: String] = [:]
        flags["data_dir"] = dataDirectory
        flags["database_url"] = databaseURL
        return flags
    }
}

extension GatehouseCommand {
    /// Parses the process arguments and runs the chosen command, awaiting async commands.
    public static func runFromCommandLine() async {
        FilePermissions.restrictProcessUmask()
        do {
            var command = try await asyncParseAsRoot(nil)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
