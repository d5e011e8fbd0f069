import ChildProcesses
import Foundation

extension Array where Element == UInt8 {
    /// Parses hex, ignoring spaces and newlines (so RFC listings paste as they are).
    init(hex: String) {
        let digits = hex.filter(\.isHexDigit)
        self = stride(from: 0, to: digits.count, by: 2).map { offset in
            let start = digits.index(digits.startIndex, offsetBy: offset)
            return UInt8(digits[start...digits.index(after: start)], radix: 16) ?? 0
        }
    }

    var hex: String { map { String(format: "%02x", $0) }.joined() }
}

/// The Debian `argon2` command-line tool (the reference C implementation).
enum ReferenceCLI {
    static let installHint = "argon2 CLI not found on PATH or in /usr/bin: install it with `apt-get install -y argon2`"

    static var executable: URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"]
        return directories
            .map { URL(fileURLWithPath: $0).appendingPathComponent("argon2") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs `argon2 SALT <arguments>` with the password on stdin; returns trimmed stdout.
    static func run(executable: URL, password: [UInt8], salt: String, arguments: [String]) throws -> String {
        let result = try ChildProcess.run(executable, [salt] + arguments, stdin: Data(password), combineOutput: true)
        let text = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0 else {
            throw CLIError(status: result.status, output: text)
        }
        return text
    }

    struct CLIError: Error, CustomStringConvertible {
        let status: Int32
        let output: String
        var description: String { "argon2 exited with \(status): \(output)" }
    }
}

/// Random printable ASCII (0x20…0x7E), optionally excluding some characters.
func randomPrintable(length: Int, excluding excluded: Set<UInt8> = []) -> [UInt8] {
    let alphabet = (UInt8(0x20)...UInt8(0x7E)).filter { !excluded.contains($0) }
    return (0..<length).map { _ in alphabet.randomElement() ?? UInt8(ascii: "a") }
}
