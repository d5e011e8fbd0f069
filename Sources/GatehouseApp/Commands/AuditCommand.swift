import ArgumentParser
import Foundation
import GatehouseCore

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Inspect the audit log.", subcommands: [Verify.self, Anchor.self, Prune.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the audit log's hash chain; report the first broken link and exit non-zero if there is one.",
            discussion: """
                With --checkpoint, every checkpoint in FILE (lines written by `audit anchor`) must be signed by \
                this server and the log must still hold the event it names, with the same hash: rows cut off \
                the end of the log after a checkpoint was taken are found this way.
                """)

        @OptionGroup var options: CommonOptions

        @Option(name: .customLong("checkpoint"), help: "A file of checkpoints written by `audit anchor` to check the log against.")
        var checkpointFile: String?

        func run() async throws {
            let context = try await AppContext.load(options)
            let trail = AuditTrail(keys: try context.keyRing(), clock: SystemWallClock(), random: SystemRandomSource())
            let checkpoints = try checkpointFile.map(Self.readCheckpoints) ?? []
            let (checked, problem, checkpointProblem) = try await context.withStore(migrate: false) { store in
                let (checked, problem) = try await trail.verify(store)
                for checkpoint in checkpoints {
                    if let found = try await trail.check(checkpoint, against: store) { return (checked, problem, Optional(found)) }
                }
                return (checked, problem, nil)
            }
            if let problem {
                throw CommandFailure("audit log broken after \(checked) intact events: \(problem)")
            }
            if let checkpointProblem {
                throw CommandFailure("audit log fails its checkpoint: \(checkpointProblem)")
            }
            if let checkpointFile {
                print("audit log intact: \(checked) events; \(checkpoints.count) checkpoints from \(checkpointFile) hold")
            } else {
                print("audit log intact: \(checked) events")
            }
        }

        static func readCheckpoints(_ path: String) throws -> [AuditCheckpoint] {
            guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("cannot read \(path)") }
            var checkpoints: [AuditCheckpoint] = []
            for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let text = line.trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else { continue }
                guard let checkpoint = AuditCheckpoint(line: text) else {
                    throw CommandFailure("\(path), line \(index + 1): not a checkpoint written by `gatehouse audit anchor`")
                }
                checkpoints.append(checkpoint)
            }
            guard !checkpoints.isEmpty else { throw CommandFailure("\(path) holds no checkpoint") }
            return checkpoints
        }
    }

    struct Anchor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a signed checkpoint of the audit chain's head, to keep outside the database.",
            discussion: """
                The checkpoint (one line of JSON) names the newest event and its hash, signed with a key derived \
                from the server's secret key. Keep it where someone who can write to the database cannot \
                (another host, a ticket, a write-once bucket); `audit verify --checkpoint FILE` then finds \
                events deleted from the end of the log, which the hash chain alone cannot see.
                """)

        @OptionGroup var options: CommonOptions

        @Option(name: .customLong("append"), help: "Also append the checkpoint to this file (created if missing).")
        var appendTo: String?

        func run() async throws {
            let context = try await AppContext.load(options)
            let trail = AuditTrail(keys: try context.keyRing(), clock: SystemWallClock(), random: SystemRandomSource())
            let checkpoint = try await context.withStore(migrate: false) { store in try await trail.anchor(store) }
            if let appendTo {
                let line = Data((checkpoint.line + "\n").utf8)
                if !FileManager.default.fileExists(atPath: appendTo) {
                    guard FileManager.default.createFile(atPath: appendTo, contents: nil) else { throw CommandFailure("cannot create \(appendTo)") }
                }
                guard let handle = FileHandle(forWritingAtPath: appendTo) else { throw CommandFailure("cannot write to \(appendTo)") }
                defer { try? handle.close() }
                try handle.seekToEnd()
                try handle.write(contentsOf: line)
                try handle.synchronize()
            }
            print(checkpoint.line)
        }
    }

    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete audit events older than audit.retention now (a running server does it every minute).",
            discussion: "The chain keeps a signed checkpoint of the last deleted event, from which what remains still verifies.")

        @OptionGroup var options: CommonOptions

        func run() async throws {
            let context = try await AppContext.load(options)
            guard let keep = context.settings.auditRetention else {
                throw CommandFailure("audit.retention is not set: every audit event is kept")
            }
            let trail = AuditTrail(keys: try context.keyRing(), clock: SystemWallClock(), random: SystemRandomSource())
            let pruned = try await context.withStore(migrate: false) { store in
                try await AuditRetention(trail: trail, store: store, keep: keep, clock: SystemWallClock()).prune()
            }
            print("audit events pruned: \(pruned)")
        }
    }
}
