import Foundation

/// Parsers for the value formats of CONTRACT.md's configuration table. Each returns nil for text it does
/// not accept, so the caller can name the key in its error.
public enum SettingValues {
    /// `90s`, `60m`, `24h`, `7d` or plain seconds → seconds. Zero and negative durations are refused.
    public static func duration(_ text: String) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let last = trimmed.last else { return nil }
        let multiplier: Int64
        var digits = trimmed
        switch last {
        case "s": multiplier = 1; digits.removeLast()
        case "m": multiplier = 60; digits.removeLast()
        case "h": multiplier = 3600; digits.removeLast()
        case "d": multiplier = 86_400; digits.removeLast()
        default: multiplier = 1
        }
        guard let value = Int64(digits), value > 0, value <= Int64.max / multiplier / 1000 else { return nil }
        return .seconds(value * multiplier)
    }

    /// `COUNT/SECONDS`, e.g. `10/60`.
    public static func rate(_ text: String) -> RateLimit? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/")
        guard parts.count == 2, let count = Int(parts[0]), let seconds = Int(parts[1]),
              count > 0, count <= 1_000_000, seconds > 0, seconds <= 31_536_000 else { return nil }
        return RateLimit(count: count, window: .seconds(seconds))
    }

    /// `64KiB`, `1MiB`, `512` (bytes), also `kb`/`mb` spellings.
    public static func byteSize(_ text: String) -> Int? {
        let lower = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Int)] = [("kib", 1024), ("mib", 1024 * 1024), ("kb", 1000), ("mb", 1_000_000), ("k", 1024), ("m", 1024 * 1024), ("b", 1)]
        for (suffix, multiplier) in units where lower.hasSuffix(suffix) {
            guard let value = Int(lower.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), value > 0,
                  value <= Int.max / multiplier else { return nil }
            return value * multiplier
        }
        guard let value = Int(lower), value > 0 else { return nil }
        return value
    }

    public static func bool(_ text: String) -> Bool? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "yes", "1", "on": true
        case "false", "no", "0", "off": false
        default: nil
        }
    }

    /// Prints a duration back in the shortest exact unit, as `config check` shows it.
    public static func format(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        if seconds % 86_400 == 0 { return "\(seconds / 86_400)d" }
        if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }
}

/// A limit of `count` events per sliding `window`.
public struct RateLimit: Sendable, Equatable, CustomStringConvertible {
    public var count: Int
    public var window: Duration

    public init(count: Int, window: Duration) {
        self.count = count
        self.window = window
    }

    public var description: String { "\(count)/\(window.components.seconds)" }
}
