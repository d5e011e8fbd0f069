import GatehouseCore

/// One configuration key of CONTRACT.md's table: its name, default, how its value is checked and
/// whether it is a secret (redacted by `config check`).
public struct SettingKey: Sendable {
    public enum Kind: Sendable {
        case string
        case integer(ClosedRange<Int>)
        case duration
        case rate
        case bool
        case byteSize
        case choice([String])
        case url
        case list
        case path
        case email
        case logLevel
    }

    public let name: String
    public let kind: Kind
    /// The default as text, or nil when the key is unset by default (or derived from another key).
    public let defaultValue: String?
    public let isSecret: Bool
    public let summary: String

    public init(_ name: String, _ kind: Kind, default defaultValue: String?, secret: Bool = false, _ summary: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.isSecret = secret
        self.summary = summary
    }

    /// `GATEHOUSE_` + the key in upper case with dots as underscores.
    public var environmentName: String {
        "GATEHOUSE_" + name.uppercased().replacingOccurrences(of: ".", with: "_")
    }

    /// `--session.idle_timeout`; `--session-idle-timeout` is accepted too.
    public var flagName: String { "--" + name }

    /// Nil when `value` is acceptable, else why not.
    public func problem(with value: String) -> String? {
        switch kind {
        case .string, .path:
            return value.isEmpty ? "must not be empty" : nil
        case .integer(let range):
            guard let number = Int(value.trimmingCharacters(in: .whitespaces)) else { return "must be a whole number" }
            return range.contains(number) ? nil : "must be between \(range.lowerBound) and \(range.upperBound)"
        case .duration:
            return SettingValues.duration(value) == nil ? "must be a duration such as 90s, 60m, 24h, 7d or plain seconds" : nil
        case .rate:
            return SettingValues.rate(value) == nil ? "must be COUNT/SECONDS, e.g. 10/60" : nil
        case .bool:
            return SettingValues.bool(value) == nil ? "must be true or false" : nil
        case .byteSize:
            return SettingValues.byteSize(value) == nil ? "must be a size such as 64KiB, 1MiB or a number of bytes" : nil
        case .choice(let options):
            return options.contains(value) ? nil : "must be one of: \(options.joined(separator: ", "))"
        case .url:
            guard value.hasPrefix("http://") || value.hasPrefix("https://"), value.count > 8 else {
                return "must be an http:// or https:// URL"
            }
            return nil
        case .list:
            return nil
        case .email:
            return (try? IdentifierNormalizer.email(value)) == nil ? "must be an email address" : nil
        case .logLevel:
            return ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(value)
                ? nil : "must be one of: trace, debug, info, notice, warning, error, critical"
        }
    }
}
