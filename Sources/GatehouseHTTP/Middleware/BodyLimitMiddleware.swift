import Hummingbird

/// Refuses bodies over `http.max_body` with 413 before reading them when Content-Length says so; the
/// context's `maxUploadSize` stops chunked bodies that grow past it while they are decoded.
public struct BodyLimitMiddleware: RouterMiddleware {
    public typealias Context = GatehouseRequestContext
    let maxBody: Int

    public init(maxBody: Int) {
        self.maxBody = maxBody
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBody {
            throw Problem(.contentTooLarge, .payloadTooLarge, detail: "The request body may be at most \(maxBody) bytes.")
        }
        var context = context
        context.maxBodySize = maxBody
        return try await next(request, context)
    }
}
