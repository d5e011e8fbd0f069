import Hummingbird
import NIOCore

/// What every Gatehouse request carries through middleware into its handler.
public struct GatehouseRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The socket peer; the client IP is derived from it (and X-Forwarded-For only from trusted proxies).
    public let peerAddress: SocketAddress?
    /// Set from `http.max_body` by `BodyLimitMiddleware`; decoding a larger body fails with 413.
    public var maxBodySize: Int = 65_536

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.peerAddress = source.channel.remoteAddress
    }

    public var maxUploadSize: Int { maxBodySize }
}
