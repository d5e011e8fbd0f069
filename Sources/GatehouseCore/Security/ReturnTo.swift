import Foundation

/// Validates `?return_to=`: where a person is sent after signing in. Only relative paths on this origin
/// or URLs on an allow-listed origin pass; everything a browser might read as another host does not
/// (`//host`, `/\host`, `https:host`, encoded slashes, `javascript:`, control characters).
public struct ReturnToValidator: Sendable {
    /// Allowed absolute origins, lowercased `scheme://host[:port]`.
    public let allowedOrigins: Set<String>

    public init(allowedOrigins: [String]) {
        self.allowedOrigins = Set(allowedOrigins.compactMap(Self.origin(of:)))
    }

    public static let maximumLength = 2048

    public func validate(_ raw: String?) -> String? {
        guard let raw, !raw.isEmpty, raw.utf8.count <= Self.maximumLength else { return nil }
        // Browsers drop tabs and newlines inside URLs and treat `\` as `/`: refuse rather than guess.
        // Only printable ASCII: a path with other scalars (a combining mark after `"`, full-width
        // look-alikes) is never needed by a link Gatehouse or a proxy builds, and only helps tricks.
        if raw.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value >= 0x7F || $0 == "\\" }) { return nil }
        guard let decoded = raw.removingPercentEncoding,
              !decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" })
        else { return nil }
        if raw.hasPrefix("/") {
            // "//host" and its encoded forms ("/%2F/host", "/%2f%2fhost") name another host.
            if raw.hasPrefix("//") || decoded.hasPrefix("//") { return nil }
            return raw
        }
        // Absolute URLs must start with exactly an allowed origin (no userinfo, no look-alike hosts).
        guard let origin = Self.origin(of: raw), allowedOrigins.contains(origin), raw.lowercased().hasPrefix(origin) else { return nil }
        return raw
    }

    /// `scheme://host[:port]` of an http(s) URL with an authority, lowercased; nil otherwise
    /// (so `https:host` and `javascript:` never have an origin).
    static func origin(of url: String) -> String? {
        let trimmed = url.trimmingCharacters(in: .whitespaces)
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
              trimmed.lowercased().hasPrefix(scheme + "://"), components.user == nil, components.password == nil
        else { return nil }
        let port = components.port.map { ":\($0)" } ?? ""
        return "\(scheme)://\(host.lowercased())\(port)"
    }
}
