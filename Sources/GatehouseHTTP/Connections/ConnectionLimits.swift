import Hummingbird
import HummingbirdCore
import NIOCore
import NIOHTTPTypes

/// What a connection may hold on to (`http.*` settings): a client that never finishes its request
/// head, trickles its body or sits idle is closed, and at most `maxConnections` are open at once
/// (beyond that new ones wait in the kernel's backlog), so slow clients cannot take every connection.
public struct ConnectionLimits: Sendable, Equatable {
    /// From a connection's start to a complete request head.
    public var headerTimeout: Duration
    /// From the request head to the end of its body.
    public var bodyTimeout: Duration
    /// From the end of a response to the next request head (keep-alive).
    public var idleTimeout: Duration
    public var maxConnections: Int

    public init(headerTimeout: Duration = .seconds(10), bodyTimeout: Duration = .seconds(30), idleTimeout: Duration = .seconds(60),
                maxConnections: Int = 4096) {
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
    }

    /// The HTTP/1.1 server with these timeouts.
    public var server: HTTPServerBuilder {
        let limits = self
        return .http1(configuration: HTTP1Channel.Configuration(additionalChannelHandlers: [RequestTimeoutHandler(limits)]))
    }

    /// The application configuration with the connection limit.
    public func configuration(address: BindAddress, serverName: String) -> ApplicationConfiguration {
        ApplicationConfiguration(address: address, serverName: serverName, backlog: 1024,
                                 availableConnectionsDelegate: MaximumAvailableConnections(maxConnections))
    }
}

/// Closes a connection whose client is too slow: no complete request head within `headerTimeout` of
/// the connection's start (or `idleTimeout` after the previous response), or no end of the body
/// within `bodyTimeout` of its head. While Gatehouse itself works on a request, no timer runs.
final class RequestTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let limits: ConnectionLimits
    private var timer: Scheduled<Void>?

    init(_ limits: ConnectionLimits) {
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context, limits.headerTimeout) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context, limits.headerTimeout)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: arm(context, limits.bodyTimeout)
        case .end: disarm()
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { arm(context, limits.idleTimeout) }
        context.write(data, promise: promise)
    }

    private func arm(_ context: ChannelHandlerContext, _ timeout: Duration) {
        disarm()
        let channel = context.channel
        timer = context.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            channel.close(promise: nil)
        }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
    }
}
