import GatehouseCore
import Hummingbird
import Metrics
import HummingbirdCore
import NIOCore
import NIOHTTPTypes
import Synchronization

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
    /// Connections one client (an IPv4 address, an IPv6 /64; a /48 four times as many) may hold open
    /// once half of `maxConnections` are in use; more are closed at once (counted in
    /// `gatehouse_http_connections_refused_total`), so a few clients keeping idle connections cannot take
    /// them all. Trusted proxies, which carry everyone's requests, are exempt.
    public var maxConnectionsPerClient: Int
    public var trustedProxies: [IPNetwork]

    public init(headerTimeout: Duration = .seconds(10), bodyTimeout: Duration = .seconds(30), idleTimeout: Duration = .seconds(60),
                maxConnections: Int = 4096, maxConnectionsPerClient: Int = 64, trustedProxies: [IPNetwork] = []) {
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
        self.maxConnectionsPerClient = maxConnectionsPerClient
        self.trustedProxies = trustedProxies
    }

    /// The HTTP/1.1 server with these timeouts and the per-client limit (one count shared by every
    /// connection of the server this builds).
    public var server: HTTPServerBuilder {
        let limits = self
        let clients = ClientConnections(limit: maxConnectionsPerClient, maxConnections: maxConnections, exempt: trustedProxies)
        return .http1(configuration: HTTP1Channel.Configuration(additionalChannelHandlers: [RequestTimeoutHandler(limits, clients: clients)]))
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
/// Connections closed at once because their client held too many.
let refusedConnections = Counter(label: "gatehouse_http_connections_refused_total")

final class RequestTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let limits: ConnectionLimits
    let clients: ClientConnections
    private var timer: Scheduled<Void>?
    /// The keys this connection is counted under, once counted.
    private var client: [String]?

    init(_ limits: ConnectionLimits, clients: ClientConnections) {
        self.limits = limits
        self.clients = clients
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        finish()
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish()
        context.fireChannelInactive()
    }

    private func start(_ context: ChannelHandlerContext) {
        guard client == nil, timer == nil else { return }
        let peer = context.remoteAddress?.ipAddress.flatMap(IPAddress.init)
        guard let keys = clients.open(peer) else {
            refusedConnections.increment()
            context.close(promise: nil)
            return
        }
        client = keys
        arm(context, limits.headerTimeout)
    }

    private func finish() {
        disarm()
        if let client { clients.close(client) }
        client = nil
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

/// How many connections each client holds open, shared by every connection of one server.
///
/// The per-client limit applies only under pressure, once half of `maxConnections` are open: many
/// people behind one office NAT then still get in while the server is far from full. Past that, a
/// client (IPv4 address, IPv6 /64) may hold `limit` connections and an IPv6 /48 four times as many.
final class ClientConnections: Sendable {
    private struct Counts {
        var total = 0
        var byKey: [String: Int] = [:]
    }

    private let counts = Mutex(Counts())
    let limit: Int
    let pressure: Int
    let exempt: [IPNetwork]

    init(limit: Int, maxConnections: Int, exempt: [IPNetwork]) {
        self.limit = max(1, limit)
        self.pressure = max(1, maxConnections / 2)
        self.exempt = exempt
    }

    /// Counts a new connection and returns the keys it was counted under, or nil when it is refused.
    /// A peer without an address or a trusted proxy counts only toward the total.
    func open(_ peer: IPAddress?) -> [String]? {
        var keys: [(key: String, limit: Int)] = []
        if let peer, !exempt.contains(where: { $0.contains(peer) }) {
            keys.append((peer.rateLimitKey, limit))
            if let network = peer.networkRateLimitKey { keys.append((network, limit * 4)) }
        }
        return counts.withLock { counts in
            if counts.total >= pressure, keys.contains(where: { counts.byKey[$0.key, default: 0] >= $0.limit }) { return nil }
            counts.total += 1
            for key in keys { counts.byKey[key.key, default: 0] += 1 }
            return keys.map(\.key)
        }
    }

    func close(_ keys: [String]) {
        counts.withLock { counts in
            counts.total -= 1
            for key in keys {
                let remaining = counts.byKey[key, default: 1] - 1
                counts.byKey[key] = remaining > 0 ? remaining : nil
            }
        }
    }
}
