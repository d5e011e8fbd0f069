import ArgumentParser
import GatehouseCore

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Inspect the audit log.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the audit log's hash chain; report the first broken link and exit non-zero if there is one.")

        @OptionGroup var options: CommonOptions

        func run() async throws {
            let context = try await AppContext.load(options)
            let trail = AuditTrail(keys: try context.keyRing(), clock: SystemWallClock(), random: SystemRandomSource())
            let (checked, problem) = try await context.withStore(migrate: false) { store in
                try await trail.verify(store)
            }
            if let problem {
                throw CommandFailure("audit log broken after \(checked) intact events: \(problem)")
            }
            print("audit log intact: \(checked) events")
        }
    }
}
