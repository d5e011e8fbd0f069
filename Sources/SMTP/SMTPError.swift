/// Every failure the SMTP module reports.
///
/// `isTransient` tells an outbox whether to retry later (`true`) or to give up on the message
/// or alert an operator (`false`).
public enum SMTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The TCP connection could not be established or was lost (refused, reset, closed early).
    case connectionFailed(String)
    /// Connecting, or waiting for a server reply, took longer than the configured timeout.
    case timeout
    /// The server answered with a 4xx reply: try again later.
    case transient(code: Int, message: String)
    /// The server answered with a 5xx reply (including 535 authentication failures).
    case permanent(code: Int, message: String)
    /// TLS could not be established: an untrusted or mismatched certificate, a failed handshake,
    /// or STARTTLS required but not offered. A configuration problem, not worth retrying.
    case tls(String)
    /// The server broke the protocol (malformed reply, unexpected code, data injected before TLS).
    case protocolViolation(String)
    /// The message cannot be sent as given (header injection, malformed address, ...).
    case invalidMessage(String)
    /// The client configuration is unusable (bad URL, unreadable CA file, credentials over plaintext, ...).
    case configuration(String)

    /// Whether retrying the same message later may succeed.
    public var isTransient: Bool {
        switch self {
        case .connectionFailed, .timeout, .transient:
            return true
        case .permanent, .tls, .protocolViolation, .invalidMessage, .configuration:
            return false
        }
    }

    public var description: String {
        switch self {
        case .connectionFailed(let detail): "SMTP connection failed: \(detail)"
        case .timeout: "SMTP timed out"
        case .transient(let code, let message): "SMTP transient failure \(code): \(message)"
        case .permanent(let code, let message): "SMTP permanent failure \(code): \(message)"
        case .tls(let detail): "SMTP TLS failure: \(detail)"
        case .protocolViolation(let detail): "SMTP protocol violation: \(detail)"
        case .invalidMessage(let detail): "invalid mail message: \(detail)"
        case .configuration(let detail): "invalid SMTP configuration: \(detail)"
        }
    }
}
