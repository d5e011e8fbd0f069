import ChildProcesses
import Foundation

/// Runs the built `gatehouse` binary as a person would, with arguments, environment and standard input.
public struct CommandResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
}

public enum GatehouseBinary {
    /// The `gatehouse` executable built beside the test bundle (`swift build --build-tests` builds both).
    public static func url() throws -> URL {
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundleDirectory, bundleDirectory.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("gatehouse")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw TestSetupError("the gatehouse binary is not built next to the tests (\(bundleDirectory.path)); run `swift build --build-tests` or scripts/test")
    }

    public static func run(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil, directory: String? = nil) throws -> CommandResult {
        // A clean environment: only what the test passes plus PATH/HOME, so a developer's GATEHOUSE_*
        // variables cannot change the outcome.
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        env.merge(environment) { $1 }
        let output = try ChildProcess.run(try url(), arguments, environment: env, directory: directory.map { URL(fileURLWithPath: $0) },
                                          stdin: stdin.map { Data($0.utf8) })
        return CommandResult(status: output.status, stdout: output.stdoutText, stderr: output.stderrText)
    }
}
