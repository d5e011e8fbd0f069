import GatehouseCore
import Hummingbird
import Logging
import NIOCore

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
            return Problem(.serviceUnavailable, .serviceUnavailable, detail: "The database cannot be reached; try again shortly.")
        case let error as HTTPError:
            return problem(for: error)
        case is ConcurrencyLimiter.Overloaded:
            // More password checks waiting than argon2.max_waiting: refuse now rather than queue.
            var headers = HTTPFields()
            headers[.retryAfter] = "1"
            return Problem(.serviceUnavailable, .serviceUnavailable, detail: "Too many sign-ins at once; try again in a moment.", headers: headers)
        case is NIOTooManyBytesError:
            // A chunked body (no Content-Length) that grew past http.max_body while a handler read it.
            return Problem(.contentTooLarge, .payloadTooLarge)
        case is DecodingError:
            return Problem(.badRequest, .badRequest, detail: "The request body is not valid JSON of the expected shape.")
        default:
            logger.error("unhandled error", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            return Problem(.internalServerError, .internalError)
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
