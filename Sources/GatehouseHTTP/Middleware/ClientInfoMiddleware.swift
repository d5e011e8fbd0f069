import GatehouseCore
import HTTPTypes
import Hummingbird
import NIOCore

/// Works out who is asking: the client IP (socket peer, or X-Forwarded-For from trusted proxies only),
/// the user agent and a request id for logs and the audit trail.
public struct ClientInfoMiddleware: RouterMiddleware {
    public typealias Context = GatehouseRequestContext
    let resolver: ClientAddressResolver

    public init(resolver: ClientAddressResolver) {
        self.resolver = resolver
    }

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let peer = context.peerAddress?.ipAddress.flatMap(IPAddress.init)
        let forwarded = Self.forwardedFor.map { request.headers[values: $0] } ?? []
        context.requestInfo = RequestInfo(
            ip: resolver.clientAddress(peer: peer, forwardedFor: forwarded),
            userAgent: request.headers[.userAgent],
            requestID: context.id)
        return try await next(request, context)
    }
}
