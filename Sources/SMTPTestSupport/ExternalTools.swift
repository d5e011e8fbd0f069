import ChildProcesses
import Foundation

/// The external programs the integration tests need. A missing tool fails the test with
/// instructions; it never lets a test pass silently.
public enum ExternalTools {
    public static let python = "/usr/bin/python3"

    public struct Missing: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    public static func requireAiosmtpd() throws {
        guard FileManager.default.isExecutableFile(atPath: python),
            (try? run(python, ["-c", "import aiosmtpd"]).status) == 0
        else {
            throw Missing(description: "python3-aiosmtpd is required: apt-get install -y python3-aiosmtpd (for \(python))")
        }
    }

    public static func requireOpenSSL() throws -> String {
        for path in ["/usr/bin/openssl", "/usr/local/bin/openssl"] where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        throw Missing(description: "openssl is required: apt-get install -y openssl")
    }

    /// Runs a program to completion and returns its exit status and combined output.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil) throws -> (status: Int32, output: String) {
        let result = try ChildProcess.run(URL(fileURLWithPath: executable), arguments, directory: directory, combineOutput: true)
        return (result.status, result.stdoutText)
    }
}
