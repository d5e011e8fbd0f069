import ArgumentParser

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply pending database migrations (each in its own transaction) and exit.")

    @OptionGroup var options: CommonOptions

    func run() async throws {
        let context = try await AppContext.load(options)
        let applied = try await context.withStore(migrate: false) { store in
            try await store.migrate()
        }
        print(applied.isEmpty ? "database is up to date" : "applied migrations: \(applied.map(String.init).joined(separator: ", "))")
    }
}
