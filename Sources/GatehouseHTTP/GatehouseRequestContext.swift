import GatehouseCore
import Hummingbird
import NIOCore

/// What every Gatehouse request carries through middleware into its handler.
public struct GatehouseRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The socket peer; the client IP is derived from it (and X-Forwarded-For only from trusted proxies).
    public let peerAddress: SocketAddress?
    /// Set from `http.max_body` by `BodyLimitMiddleware`; decoding a larger body fails with 413.
    public var maxBodySize: Int = 65_536
    /// Client address, user agent and request id, set by `ClientInfoMiddleware`.
    public var requestInfo = RequestInfo()
    /// The session the request presented, if valid; set by `SessionMiddleware`. Routes whose policy
    /// needs one get it as a value in their earned context (`SessionContext`, `SignedInContext`).
    public var auth: SessionRecord?
    /// Who is calling, once past sign-in: a signed-in session or an API token, with what it may do
    /// now; set by `SessionMiddleware`. Nil for anonymous callers and pending sessions.
    public var caller: Caller?
    /// How the session was presented: cookies need CSRF protection, bearer tokens do not.
    public var authenticatedByCookie = false
    /// The presented session ended just now (idle or past its lifetime): pages show why.
    public var endedSession: SessionProblem?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.peerAddress = source.channel.remoteAddress
    }

    public var maxUploadSize: Int { maxBodySize }
}
