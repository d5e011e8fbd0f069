import GatehouseCore
import Hummingbird
import NIOCore
import Synchronization

/// What swift-openapi-hummingbird does not hand a generated operation: the Hummingbird request and its
/// context, and the cookies to set on the answer. `APICallMiddleware` binds it around every operation
/// (Hummingbird's own OpenAPI examples pass the context the same way, as a task-local value); the
/// operation's router group binds the context its policy earned (`SessionContext.current`,
/// `SignedInContext.current`, bound by `EarnedContext.Binding`).
struct APICall: Sendable {
    @TaskLocal static var bound: APICall?

    let request: Request
    let context: GatehouseRequestContext
    let cookies: ResponseCookies

    /// The call being answered. Throws only if an operation runs outside `APICallMiddleware`, which
    /// `RouteRegistry.operation` never lets happen.
    static var current: APICall {
        get throws {
            guard let bound else { throw GatehouseError(.internalError, detail: "an API operation ran without its request") }
            return bound
        }
    }

    /// A request body of a content type the document does not list (the runtime refuses those first).
    static let unsupportedBody = Problem(.unsupportedMediaType, .unsupportedMediaType, detail: "Send the body as application/json.")

    /// Sets a cookie on the answer (the generated response types would percent-encode `Set-Cookie`).
    static func setCookie(_ cookie: Cookie) throws {
        try current.cookies.add(cookie)
    }
}

/// The cookies an operation sets, added to its answer by `APICallMiddleware`.
final class ResponseCookies: Sendable {
    private let cookies = Mutex<[Cookie]>([])

    func add(_ cookie: Cookie) {
        cookies.withLock { $0.append(cookie) }
    }

    var all: [Cookie] { cookies.withLock { $0 } }
}

/// Around every generated operation: reads the body within `http.max_body` (the runtime would read
/// any length) and refuses one that is not JSON, leaves content negotiation to the document (the
/// runtime checks `Accept` only after the operation has run, so a mismatch would refuse an answer
/// whose work is done), binds the call, and
/// marks the answer `no-store` (answers carry tokens or personal data) with the cookies it set.
struct APICallMiddleware: RouterMiddleware {
    typealias Context = GatehouseRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: context.maxUploadSize)
        } catch is NIOTooManyBytesError {
            throw Problem(.contentTooLarge, .payloadTooLarge, detail: "The request body may be at most \(context.maxUploadSize) bytes.")
        }
        if body.readableBytes > 0 {
            // Every operation takes JSON; the runtime would read a body without a content type as JSON.
            guard Self.isJSON(request.headers[.contentType]) else { throw APICall.unsupportedBody }
        }
        var head = request.head
        // This check is the judge of JSON (`application/json`, any `+json`); the runtime takes only the first.
        if body.readableBytes > 0 { head.headerFields[.contentType] = "application/json" }
        head.headerFields[.accept] = nil
        head.headerFields[.contentLength] = String(body.readableBytes)
        let request = Request(head: head, body: .init(buffer: body))
        let call = APICall(request: request, context: context, cookies: ResponseCookies())
        var response = try await APICall.$bound.withValue(call) {
            try await next(request, context)
        }
        response.headers[.cacheControl] = "no-store"
        for cookie in call.cookies.all { response.setCookie(cookie) }
        return response
    }

    /// `application/json` or an `application/…+json` type, parameters aside (`text/plain; x=+json` is not).
    static func isJSON(_ contentType: String?) -> Bool {
        guard let mediaType = contentType?.split(separator: ";", maxSplits: 1).first?.trimmingCharacters(in: .whitespaces).lowercased() else {
            return false
        }
        return mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
    }
}
