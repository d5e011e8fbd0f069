import HTTPTypes
import Foundation
import GatehouseCore
import Hummingbird

/// `/healthz`, `/readyz`, `/metrics` and the OpenAPI document: what load balancers, monitoring and
/// client generators ask for. None of them touches personal data.
struct OperationsRoutes {
    let store: any Store
    let metricsToken: String?
    /// False once `trusted_proxies` is set: a proxy on this host makes every client look like loopback,
    /// and not every proxy says so in a header, so then only `metrics.token` opens `/metrics`.
    let metricsToLoopback: Bool

    func register(in routes: RouteRegistry) {
        routes.get("/healthz", policy: .public) { _, _ in
            JSONResponse(["status": "ok"])
        }
        routes.get("/readyz", policy: .public) { _, context in
            do {
                let pending = try await withDeadline(.seconds(2)) {
                    try await store.ping()
                    return try await store.pendingMigrations()
                }
                guard pending.isEmpty else {
                    throw Problem(.serviceUnavailable, .serviceUnavailable, detail: "Database migrations are pending: \(pending.map(String.init).joined(separator: ", ")).")
                }
            } catch let problem as Problem {
                throw problem
            } catch {
                context.logger.warning("readiness check failed", metadata: ["error": "\(error)"])
                throw Problem(.serviceUnavailable, .serviceUnavailable, detail: "The database cannot be reached.")
            }
            return JSONResponse(["status": "ready"])
        }
        routes.get("/metrics", policy: .public) { request, context in
            guard metricsAllowed(request, context) else {
                throw Problem(.forbidden, .forbidden, detail: "Metrics are served to loopback clients, or with the metrics.token bearer secret.")
            }
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: GatehouseMetrics.registry.emitToBuffer())))
        }
        routes.get("/api/v1/openapi.json", policy: .public) { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
    }

    /// A direct loopback client (no proxy in between: a proxy on loopback would open the metrics to
    /// everyone behind it), or the `metrics.token` bearer secret, compared in constant time.
    func metricsAllowed(_ request: Request, _ context: GatehouseRequestContext) -> Bool {
        if let metricsToken, let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer ") {
            return constantTimeEquals(SecretToken.hash(String(authorization.dropFirst(7))), SecretToken.hash(metricsToken))
        }
        let proxied = [ClientInfoMiddleware.forwardedFor, Self.forwarded].contains { name in name.map { request.headers[$0] != nil } ?? true }
        guard metricsToLoopback, !proxied, let peer = context.peerAddress?.ipAddress.flatMap(IPAddress.init) else { return false }
        return peer.isLoopback
    }

    static let forwarded = HTTPField.Name("Forwarded")
}

/// A small JSON answer from a dictionary of strings.
struct JSONResponse: ResponseGenerator {
    let fields: [String: String]
    init(_ fields: [String: String]) { self.fields = fields }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(fields))))
    }

}
