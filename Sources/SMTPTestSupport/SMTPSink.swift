import ChildProcesses
import Foundation

/// Runs `smtp_sink.py` (aiosmtpd) as a subprocess on a free loopback port.
public final class SMTPSink: @unchecked Sendable {
    public struct StartupFailed: Error, CustomStringConvertible {
        public let description: String
    }

    public let port: Int
    public let directory: URL
    private let process: Running
    private let stdin: Pipe

    private init(port: Int, directory: URL, process: Running, stdin: Pipe) {
        self.port = port
        self.directory = directory
        self.process = process
        self.stdin = stdin
    }

    /// The sink script (also used by the browser test).
    public static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("smtp_sink.py").path
    }

    /// Starts the sink with extra command-line options and waits until it prints "ready <port>".
    public static func start(_ options: [String] = []) async throws -> SMTPSink {
        try ExternalTools.requireAiosmtpd()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-sink-\(UUID().uuidString)")
        let messages = directory.appendingPathComponent("messages")
        try FileManager.default.createDirectory(at: messages, withIntermediateDirectories: true)
        let stdoutFile = directory.appendingPathComponent("stdout.txt")
        let stderrFile = directory.appendingPathComponent("stderr.txt")
        try Data().write(to: stdoutFile)
        try Data().write(to: stderrFile)

        let output = try FileHandle(forWritingTo: stdoutFile), errorOutput = try FileHandle(forWritingTo: stderrFile)
        defer {
            try? output.close()
            try? errorOutput.close()
        }
        // The sink exits when its stdin closes, so it cannot outlive a crashed test run.
        let stdin = Pipe()
        let running = try ChildProcess.start(URL(fileURLWithPath: ExternalTools.python), [script, "--dir", messages.path] + options,
                                             stdin: stdin.fileHandleForReading, stdout: output, stderr: errorOutput)
        try? stdin.fileHandleForReading.close()

        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let output = (try? String(contentsOf: stdoutFile, encoding: .utf8)) ?? ""
            if let line = output.split(separator: "\n").first(where: { $0.hasPrefix("ready ") }),
                let port = Int(line.dropFirst("ready ".count))
            {
                return SMTPSink(port: port, directory: messages, process: running, stdin: stdin)
            }
            if running.hasEnded { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        running.kill()
        let errors = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
        throw StartupFailed(description: "smtp_sink.py did not become ready: \(errors)")
    }

    /// The messages stored so far, in arrival order.
    public func messages() throws -> [StoredMessage] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix("msg-") && $0.hasSuffix(".json") }
            .sorted { $0.count == $1.count ? $0 < $1 : $0.count < $1.count }
        return try names.map { name in
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            return try JSONDecoder().decode(StoredMessage.self, from: data)
        }
    }

    /// Stops the sink and removes its temporary directory.
    public func stop() {
        if !process.hasEnded {
            process.signal(SIGTERM)
            try? stdin.fileHandleForWriting.close()
            if !process.waitForExit(timeout: .seconds(20)) { process.kill() }
        }
        try? FileManager.default.removeItem(at: directory.deletingLastPathComponent())
    }

    deinit { stop() }
}
