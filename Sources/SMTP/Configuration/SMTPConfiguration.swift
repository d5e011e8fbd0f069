/// Where and how to deliver mail. Build it from a URL:
///
/// - `smtp://user:pass@host:587` — STARTTLS required (the default port is 587)
/// - `smtp://host:25?starttls=optional` — STARTTLS when offered, plaintext otherwise
/// - `smtp://localhost:1025?tls=none` — plaintext, for local development sinks
/// - `smtps://user:pass@host:465` — implicit TLS (the default port is 465)
///
/// Query parameters: `starttls=required|optional`, `tls=none`, `heloName=NAME`,
/// `allowInsecureAuth=true` (only for loopback hosts: permits AUTH without TLS, for tests).
/// User and password are percent-decoded. `description` never shows the password.
public struct SMTPConfiguration: Sendable, CustomStringConvertible {
    public enum Security: String, Sendable, Hashable {
        /// Plaintext connection upgraded with STARTTLS; fails if the server does not offer it.
        case startTLS
        /// STARTTLS when offered, plaintext otherwise.
        case startTLSIfAvailable
        /// TLS from the first byte (smtps, port 465).
        case implicitTLS
        /// Never TLS. Only for local development sinks.
        case none
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var credentials: SMTPCredentials?
    /// The name sent with EHLO/HELO.
    public var heloName: String
    /// A PEM file of CA certificates to trust instead of the system roots (private CA).
    public var caFile: String?
    /// Limit for connecting and for each server reply.
    public var timeout: Duration
    /// Permits AUTH over an unencrypted connection. Only honoured for loopback hosts.
    public var allowsInsecureAuthentication: Bool

    public init(url: String, caFile: String? = nil, timeout: Duration = .seconds(30)) throws(SMTPError) {
        let parsed = try SMTPURLParser.parse(url)
        guard timeout > .zero else { throw .configuration("timeout must be positive") }
        self.host = parsed.host
        self.port = parsed.port
        self.security = parsed.security
        self.credentials = parsed.credentials
        self.heloName = parsed.heloName ?? LocalHostName.current()
        self.caFile = caFile
        self.timeout = timeout
        self.allowsInsecureAuthentication = parsed.allowsInsecureAuthentication
        if allowsInsecureAuthentication && !LocalHostName.isLoopback(host) {
            throw .configuration("allowInsecureAuth is only permitted for loopback hosts")
        }
    }

    public var description: String {
        let user = credentials.map { "\($0.username)@" } ?? ""
        return "SMTPConfiguration(\(user)\(host):\(port), security: \(security.rawValue), helo: \(heloName)"
            + (caFile.map { ", caFile: \($0)" } ?? "") + ", timeout: \(timeout))"
    }
}

/// A username and password for AUTH PLAIN / AUTH LOGIN. Never printed.
public struct SMTPCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    public var description: String { "SMTPCredentials(username: \(username), password: <redacted>)" }
    public var debugDescription: String { description }
}
