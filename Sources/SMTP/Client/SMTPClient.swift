import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Delivers `MailMessage`s over SMTP, one connection per message.
///
/// Errors are `SMTPError`; use `isTransient` to decide between retrying later and giving up.
public struct SMTPClient: Sendable {
    public let configuration: SMTPConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let tlsContext: NIOSSLContext?

    /// Fails when the configured CA file cannot be read or the TLS context cannot be built.
    public init(
        configuration: SMTPConfiguration,
        eventLoopGroup: MultiThreadedEventLoopGroup = .singleton,
        logger: Logger = Logger(label: "gatehouse.smtp")
    ) throws(SMTPError) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.tlsContext = configuration.security == .none ? nil : try TLSContextFactory.makeContext(caFile: configuration.caFile)
    }

    /// Connects, delivers `message` to all its recipients, and disconnects.
    public func send(_ message: MailMessage) async throws(SMTPError) {
        let content = DotStuffing.encode(Array(MessageRenderer.render(message).utf8))
        var logger = logger
        logger[metadataKey: "smtp.message_id"] = "\(message.messageID)"
        logger[metadataKey: "smtp.server"] = "\(configuration.host):\(configuration.port)"
        do {
            let connection = try await connect()
            let session = SMTPSession(
                connection: connection,
                configuration: configuration,
                tlsContext: tlsContext,
                logger: logger
            )
            do {
                try await withTaskCancellationHandler {
                    try await session.deliver(message, content: content)
                } onCancel: {
                    connection.channel.close(promise: nil)
                }
            } catch {
                await connection.close()
                throw error
            }
            await connection.close()
            logger.info("mail delivered", metadata: ["smtp.recipients": "\(message.to.count)"])
        } catch {
            let mapped = SMTPError(error)
            logger.warning(
                "mail delivery failed",
                metadata: ["smtp.error": "\(mapped)", "smtp.transient": "\(mapped.isTransient)"]
            )
            throw mapped
        }
    }

    private func connect() async throws -> SMTPConnection {
        var implicitTLS: (context: NIOSSLContext, serverHostname: String?)?
        if configuration.security == .implicitTLS, let tlsContext {
            implicitTLS = (tlsContext, TLSContextFactory.serverHostname(for: configuration.host))
        }
        return try await SMTPConnection.connect(
            host: configuration.host,
            port: configuration.port,
            implicitTLS: implicitTLS,
            timeout: TimeAmount(configuration.timeout),
            group: eventLoopGroup
        )
    }
}
