import Foundation
import GatehouseCore
import GatehouseMail
import SMTP
import Synchronization

/// A transport that keeps what it is given, and can be switched to fail like an unreachable server.
public final class CapturingMailTransport: MailTransport {
    private let state = Mutex<(messages: [MailMessage], down: Bool)>(([], false))

    public init() {}

    public func deliver(_ message: MailMessage) async throws {
        try state.withLock { state in
            if state.down { throw SMTPError.connectionFailed("test transport is down") }
            state.messages.append(message)
        }
    }

    public var description: String { "capturing" }
    public var messages: [MailMessage] { state.withLock { $0.messages } }
    public func setDown(_ down: Bool) { state.withLock { $0.down = down } }
    public func removeAll() { state.withLock { $0.messages = [] } }
}

extension MailMessage {
    /// Which message this is (the `X-Gatehouse-Message` header).
    public var gatehouseKind: String? { extraHeaders.first { $0.name == .xGatehouseMessage }?.value }

    /// The first link in the text body whose path is `path` (with its query).
    public func link(_ path: String) -> String? {
        for word in textBody.split(whereSeparator: { $0.isWhitespace || $0 == "<" || $0 == ">" }) {
            let candidate = String(word)
            if let components = URLComponents(string: candidate), components.scheme?.hasPrefix("http") == true, components.path == path {
                return candidate
            }
        }
        return nil
    }

    /// The `token` query value (or another `parameter`'s) of the link to `path`.
    public func token(_ path: String, parameter: String = "token") -> String? {
        link(path).flatMap { URLComponents(string: $0)?.queryItems?.first { $0.name == parameter }?.value }
    }
}
