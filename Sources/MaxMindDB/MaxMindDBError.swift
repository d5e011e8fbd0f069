/// Errors thrown while opening a MaxMind DB file.
///
/// Lookups never throw: a malformed record makes a lookup return `nil`.
public enum MaxMindDBError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened, stat-ed or read.
    case cannotOpen(path: String, reason: String)
    /// No `\xAB\xCD\xEFMaxMind.com` marker in the last 128 KiB: not a MaxMind DB, or truncated.
    case metadataNotFound
    /// The metadata map is missing a required key or holds a value of the wrong type/range.
    case invalidMetadata(String)
    /// A well-formed database this reader does not support (e.g. binary format major version ≠ 2).
    case unsupportedFormat(String)
    /// The search tree or data section does not fit in the file.
    case corruptDatabase(String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): "MaxMind DB: cannot open \(path): \(reason)"
        case .metadataNotFound: "MaxMind DB: metadata marker not found (not a MaxMind DB file, or truncated)"
        case let .invalidMetadata(detail): "MaxMind DB: invalid metadata: \(detail)"
        case let .unsupportedFormat(detail): "MaxMind DB: unsupported format: \(detail)"
        case let .corruptDatabase(detail): "MaxMind DB: corrupt database: \(detail)"
        }
    }
}
