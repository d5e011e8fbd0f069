import GatehouseCore
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import OpenAPIRuntime

/// Turns every error that escapes a handler into problem+json, so clients always get a stable `code`.
/// Unknown errors are logged with the request id and answered as a bare 500, never with their text.
public struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return try Self.problem(for: error, logger: context.logger).response(from: request, context: context)
        }
    }

    static func problem(for error: any Error, logger: Logger) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as GatehouseError where error.code == .internalError:
            // What went wrong inside is for the log, not for the client.
            logger.error("internal error", metadata: ["detail": "\(error.detail ?? "")"])
            return Problem(.internalServerError, .internalError)
        case let error as GatehouseError:
            return Problem(error)
        case let limited as RateLimited:
            var headers = HTTPFields()
            headers[.retryAfter] = String(limited.retryAfter)
            return Problem(.tooManyRequests, .rateLimited, detail: "Too many attempts; try again in \(limited.retryAfter) seconds.", headers: headers)
        case StoreError.unavailable(let reason):
            logger.error("database unavailable", metadata: ["reason": "\(reason)"])
            var headers = HTTPFields()
            headers[.retryAfter] = "5"
            return Problem(.serviceUnavailable, .serviceUnavailable, detail: "The database cannot be reached; try again shortly.", headers: headers)
        case let error as HTTPError:
            return problem(for: error)
        case is ConcurrencyLimiter.Overloaded:
            // More password checks waiting than argon2.max_waiting: refuse now rather than queue.
            var headers = HTTPFields()
            headers[.retryAfter] = "1"
            return Problem(.serviceUnavailable, .serviceUnavailable, detail: "Too many sign-ins at once; try again in a moment.", headers: headers)
        case is HTTPParserError:
            // A body the client broke off or framed wrongly (a bad chunk size, fewer bytes than its
            // Content-Length): the client's fault, answered 400 and not logged as a server error.
            return Problem(.badRequest, .badRequest, detail: "The request could not be read.")
        case is NIOTooManyBytesError:
            // A chunked body (no Content-Length) that grew past http.max_body while a handler read it.
            return Problem(.contentTooLarge, .payloadTooLarge)
        case is DecodingError:
            return Problem(.badRequest, .badRequest, detail: "The request body is not valid JSON.")
        case let error as ServerError:
            return problem(forOperation: error, logger: logger)
        default:
            logger.error("unhandled error", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            return Problem(.internalServerError, .internalError)
        }
    }

    /// What a generated operation threw, or why the OpenAPI runtime refused its request before it ran.
    /// The runtime hands an operation its input only once the request has been read, so an error
    /// without an input is the request's: a body of another content type (415), a body or parameter that
    /// does not decode (400, naming a missing, mistyped or unsupported field), a malformed query (400).
    static func problem(forOperation error: ServerError, logger: Logger) -> Problem {
        if error.operationInput != nil {
            return problem(for: error.underlyingError, logger: logger)
        }
        if let decoding = error.underlyingError as? DecodingError {
            return problem(forRequest: decoding)
        }
        if error.httpStatus == .unsupportedMediaType {
            return Problem(.unsupportedMediaType, .unsupportedMediaType, detail: "Send the body as application/json.")
        }
        return Problem(.badRequest, .badRequest, detail: "The request could not be read.")
    }

    /// A request whose JSON body (or a parameter) does not decode: `validation_failed` naming a missing,
    /// mistyped or unsupported field (the generated types' coding keys are the document's snake_case
    /// names), else 400.
    static func problem(forRequest error: DecodingError) -> Problem {
        switch error {
        case .keyNotFound(let key, _):
            return Problem(GatehouseError.validation(key.stringValue, "missing", detail: "`\(key.stringValue)` is required."))
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let field = context.codingPath.last?.stringValue ?? "body"
            return Problem(GatehouseError.validation(field, "invalid_type", detail: "`\(field)` has the wrong type."))
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            // A value the document does not allow there, such as a language it does not list.
            let field = context.codingPath.map(\.stringValue).last { Int($0) == nil } ?? "body"
            return Problem(GatehouseError.validation(field, "unsupported", detail: "`\(field)` has a value that is not allowed."))
        default:
            return Problem(.badRequest, .badRequest, detail: "The request body is not valid JSON.")
        }
    }

    static func problem(for error: HTTPError) -> Problem {
        switch error.status {
        case .notFound: Problem(.notFound, .notFound)
        case .contentTooLarge: Problem(.contentTooLarge, .payloadTooLarge)
        case .unsupportedMediaType: Problem(.unsupportedMediaType, .unsupportedMediaType)
        case .methodNotAllowed: Problem(.methodNotAllowed, .methodNotAllowed, headers: error.headers)
        case .badRequest: Problem(.badRequest, .badRequest, detail: error.body)
        default: Problem(error.status, error.status.code >= 500 ? .internalError : .badRequest)
        }
    }
}
