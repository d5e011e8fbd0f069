import NIOCore
import NIOPosix
import NIOSSL

extension SMTPError {
    /// Classifies any error thrown by NIO, NIOSSL or this module.
    init(_ error: any Error) {
        switch error {
        case let error as SMTPError:
            self = error
        case let error as NIOSSLError:
            switch error {
            case .uncleanShutdown:
                self = .connectionFailed("connection closed during TLS")
            default:
                self = .tls(String(describing: error))
            }
        case let error as NIOSSLExtraError:
            self = .tls(String(describing: error))
        case let error as BoringSSLError:
            self = .tls(String(describing: error))
        case let error as ChannelError:
            switch error {
            case .connectTimeout:
                self = .timeout
            default:
                self = .connectionFailed(String(describing: error))
            }
        case let error as NIOConnectionError:
            let causes = error.connectionErrors.map { "\($0.target): \($0.error)" }
            let dns = [error.dnsAError, error.dnsAAAAError].compactMap { $0.map { "\($0)" } }
            let detail = (causes + dns).joined(separator: "; ")
            self = .connectionFailed("\(error.host):\(error.port): \(detail.isEmpty ? "no address" : detail)")
        case let error as IOError:
            self = .connectionFailed(String(describing: error))
        default:
            self = .connectionFailed(String(describing: error))
        }
    }

    /// The error for a reply whose code is not one the current step accepts.
    static func unexpected(_ reply: SMTPReply, after step: String) -> SMTPError {
        switch reply.code {
        case 400..<500:
            return .transient(code: reply.code, message: reply.message)
        case 500..<600:
            return .permanent(code: reply.code, message: reply.message)
        default:
            return .protocolViolation("unexpected reply \(reply.code) to \(step): \(reply.message)")
        }
    }
}
