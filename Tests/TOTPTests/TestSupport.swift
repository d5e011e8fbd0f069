import ChildProcesses
import Foundation
import TOTP

extension Date {
    init(unix seconds: Int64) { self.init(timeIntervalSince1970: TimeInterval(seconds)) }
}

/// RFC 4226 / RFC 6238 seeds: ASCII "1234567890" repeated to 20, 32 and 64 bytes.
enum RFCSeed {
    static let sha1 = Array("12345678901234567890".utf8)
    static let sha256 = Array("12345678901234567890123456789012".utf8)
    static let sha512 = Array("1234567890123456789012345678901234567890123456789012345678901234".utf8)

    static func seed(for algorithm: OTPAlgorithm) -> [UInt8] {
        switch algorithm {
        case .sha1: sha1
        case .sha256: sha256
        case .sha512: sha512
        }
    }
}

/// Debian's `oathtool` (OATH Toolkit), the reference for the cross-check.
enum Oathtool {
    static let installHint = "oathtool not found on PATH or in /usr/bin: install it with `apt-get install -y oathtool`"

    static var executable: URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"]
        return directories
            .map { URL(fileURLWithPath: $0).appendingPathComponent("oathtool") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs oathtool with `arguments`; returns trimmed stdout, throws on a non-zero exit.
    static func run(_ executable: URL, _ arguments: [String]) throws -> String {
        let result = try ChildProcess.run(executable, arguments)
        guard result.status == 0 else {
            throw Failure(description: "oathtool \(arguments) exited \(result.status): " + result.stderrText)
        }
        return result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
