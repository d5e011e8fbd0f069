import ArgumentParser
import GatehouseStorage

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Copy the SQLite database, consistently, while the server runs.",
        discussion: """
            Writes a new file (mode 0600) with SQLite's VACUUM INTO, a read transaction: the server goes on \
            serving and writing meanwhile. Keep the secret key (secret_key or <data_dir>/secret.key) with the \
            copy: sealed data and the audit chain need it. PostgreSQL is backed up with pg_dump.
            """)

    @OptionGroup var options: CommonOptions

    @Option(name: .customLong("to"), help: "The file to write; it must not exist.")
    var destination: String

    func run() async throws {
        let context = try await AppContext.load(options)
        guard case .sqlite = try? context.settings.databaseLocation() else {
            throw CommandFailure("backup copies the SQLite database; back PostgreSQL up with pg_dump (see docs/operations.md)")
        }
        try await context.withStore(migrate: false) { store in
            guard let sqlite = store as? SQLiteStore else { throw CommandFailure("backup needs the SQLite store") }
            do {
                try await sqlite.backup(to: destination)
            } catch {
                throw CommandFailure("backup failed: \(error)")
            }
        }
        print("database copied to \(destination)")
    }
}
