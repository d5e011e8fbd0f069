import ChildProcesses
import Foundation
import QRCode

/// Renders a symbol's SVG with rsvg-convert and reads it back with zbarimg,
/// so round-trip tests exercise real third-party rendering and decoding.
enum ExternalDecoder {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Pixels per module in the rendered PNG (zbar is reliable from about 3 px).
    static let moduleSize = 4

    /// The exact bytes zbarimg recovers from the rendered symbol.
    static func decode(_ code: QRCode) throws -> [UInt8] {
        let zbar = try tool("zbarimg", package: "zbar-tools")
        // -Sbinary: hand back the payload bytes untouched; in this mode zbarimg
        // appends no newline. Without it zbar guesses a character set and re-encodes.
        return try withRenderedPNG(code) { try run(zbar, ["--raw", "-q", "-Sbinary", $0]) }
    }

    /// zbarimg's default text output (charset guessing on; its trailing newline stripped).
    static func decodeAsText(_ code: QRCode) throws -> String {
        let zbar = try tool("zbarimg", package: "zbar-tools")
        var text = String(decoding: try withRenderedPNG(code) { try run(zbar, ["--raw", "-q", $0]) }, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// Writes the SVG, converts it to PNG with rsvg-convert, and passes the PNG path on.
    private static func withRenderedPNG<T>(_ code: QRCode, _ body: (String) throws -> T) throws -> T {
        let rsvg = try tool("rsvg-convert", package: "librsvg2-bin")
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("qrcode-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let svgFile = directory.appendingPathComponent("code.svg")
        let pngFile = directory.appendingPathComponent("code.png")
        try Data(code.svg(moduleSize: moduleSize).utf8).write(to: svgFile)
        _ = try run(rsvg, ["--format=png", "--output", pngFile.path, svgFile.path])
        return try body(pngFile.path)
    }

    /// Locates a required tool on PATH; its absence is a test failure, never a skip.
    static func tool(_ name: String, package: String) throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let directories = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"]
        for directory in directories {
            let candidate = URL(fileURLWithPath: directory).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw Failure(description: "\(name) not found on PATH; decoding round-trip tests need it: apt-get install -y \(package)")
    }

    private static func run(_ executable: URL, _ arguments: [String]) throws -> [UInt8] {
        let result = try ChildProcess.run(executable, arguments)
        guard result.status == 0 else {
            throw Failure(description: "\(executable.lastPathComponent) \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderrText)")
        }
        return Array(result.stdout)
    }
}
