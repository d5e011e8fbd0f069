import ChildProcesses
import Foundation

/// A PostgreSQL server of a test's own (Debian's `postgresql`, as `scripts/test` installs it), in a
/// temporary directory on a free loopback port, that the test may stop and start again: the shared
/// throwaway server must stay up for every other test.
public final class OwnPostgres: Sendable {
    public let port: Int
    public let directory: String
    private let binaries: String

    /// `postgres://gatehouse@127.0.0.1:<port>/postgres` (trust authentication on loopback).
    public var url: String { "postgres://gatehouse@127.0.0.1:\(port)/postgres?sslmode=disable" }

    private init(port: Int, directory: String, binaries: String) {
        self.port = port
        self.directory = directory
        self.binaries = binaries
    }

    /// Creates the cluster and starts it.
    public static func start() async throws -> OwnPostgres {
        let installed = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let version = installed.compactMap(Int.init).max() else {
            throw TestSetupError("PostgreSQL is not installed: apt-get install -y postgresql (scripts/test does)")
        }
        let binaries = "/usr/lib/postgresql/\(version)/bin"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-own-pg-\(UUID().uuidString)").path
        for sub in ["", "/data", "/socket"] {
            try FileManager.default.createDirectory(atPath: directory + sub, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            // PostgreSQL refuses to run as root; then it runs as `postgres`, which must own its directories.
            if getuid() == 0 { try FileManager.default.setAttributes([.ownerAccountName: "postgres"], ofItemAtPath: directory + sub) }
        }
        let server = OwnPostgres(port: try LoopbackPort.free(), directory: directory, binaries: binaries)
        try server.command(binaries + "/initdb", ["-D", directory + "/data", "-U", "gatehouse", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"])
        try server.resume()
        return server
    }

    /// Starts the stopped server again on the same port and data.
    public func resume() throws {
        try command(binaries + "/pg_ctl", ["-D", directory + "/data", "-l", directory + "/server.log", "-w", "-t", "60", "-o",
                                           "-p \(port) -k \(directory)/socket -c listen_addresses=127.0.0.1 -c fsync=off", "start"])
    }

    /// Stops the server (fast shutdown: sessions are disconnected, nothing is left half-written).
    public func stop() throws {
        try command(binaries + "/pg_ctl", ["-D", directory + "/data", "-m", "fast", "-w", "-t", "60", "stop"])
    }

    /// Stops the server if it runs and removes its files.
    public func destroy() {
        _ = try? command(binaries + "/pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "stop"], check: false)
        try? FileManager.default.removeItem(atPath: directory)
    }

    @discardableResult
    private func command(_ executable: String, _ arguments: [String], check: Bool = true) throws -> ChildProcess.Output {
        let (program, full) = getuid() == 0 ? ("/usr/sbin/runuser", ["-u", "postgres", "--", executable] + arguments) : (executable, arguments)
        let output = try ChildProcess.run(URL(fileURLWithPath: program), full, directory: URL(fileURLWithPath: directory), combineOutput: true,
                                          timeout: .seconds(120))
        if check, output.status != 0 {
            let log = (try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)) ?? ""
            throw TestSetupError("\(executable) \(arguments.joined(separator: " ")) exited \(output.status): \(output.stdoutText)\n\(log.suffix(2000))")
        }
        return output
    }
}
