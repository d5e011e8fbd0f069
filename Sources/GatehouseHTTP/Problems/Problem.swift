import Foundation
import GatehouseCore
import Hummingbird

/// An `application/problem+json` answer (RFC 9457) with Gatehouse's stable `code`.
public struct Problem: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: ErrorCode
    public var title: String
    public var detail: String?
    public var errors: [FieldError]
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ code: ErrorCode, title: String? = nil, detail: String? = nil, errors: [FieldError] = [], headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.title = title ?? Problem.defaultTitle(for: code)
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    /// The status each Gatehouse error code answers with.
    public init(_ error: GatehouseError, headers: HTTPFields = [:]) {
        self.init(Self.status(for: error.code), error.code, detail: error.detail, errors: error.errors, headers: headers)
    }

    public static func status(for code: ErrorCode) -> HTTPResponse.Status {
        switch code {
        case .invalidCredentials, .secondFactorInvalid, .backupCodeInvalid, .unauthenticated, .sessionExpired: .unauthorized
        case .validationFailed, .passwordTooWeak, .passwordCompromised, .tokenInvalidOrExpired, .badRequest: .badRequest
        case .forbidden, .csrfFailed, .consentRequired, .twoFactorSetupRequired, .secondFactorRequired,
             .emailVerificationRequired, .reauthenticationRequired: .forbidden
        case .rateLimited: .tooManyRequests
        case .invitationInvalid, .notFound: .notFound
        case .alreadyTaken, .limitReached: .conflict
        case .payloadTooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .serviceUnavailable: .serviceUnavailable
        case .methodNotAllowed: .methodNotAllowed
        case .internalError: .internalServerError
        }
    }

    static func defaultTitle(for code: ErrorCode) -> String {
        switch code {
        case .invalidCredentials: "Invalid login or password"
        case .secondFactorInvalid: "Invalid code"
        case .backupCodeInvalid: "Invalid backup code"
        case .validationFailed: "Invalid input"
        case .passwordTooWeak: "Password too weak"
        case .passwordCompromised: "Password too common"
        case .unauthenticated: "Not signed in"
        case .sessionExpired: "Session expired"
        case .forbidden: "Forbidden"
        case .csrfFailed: "CSRF check failed"
        case .rateLimited: "Too many requests"
        case .consentRequired: "Consent required"
        case .twoFactorSetupRequired: "Two-factor setup required"
        case .secondFactorRequired: "Second factor required"
        case .tokenInvalidOrExpired: "Link invalid or expired"
        case .invitationInvalid: "Invitation invalid"
        case .alreadyTaken: "Already taken"
        case .notFound: "Not found"
        case .payloadTooLarge: "Request body too large"
        case .unsupportedMediaType: "Unsupported media type"
        case .serviceUnavailable: "Service unavailable"
        case .emailVerificationRequired: "Email verification required"
        case .reauthenticationRequired: "Re-authentication required"
        case .limitReached: "Limit reached"
        case .badRequest: "Bad request"
        case .methodNotAllowed: "Method not allowed"
        case .internalError: "Internal error"
        }
    }

    /// Title and detail in the request's language (`?lang=`, the language cookie, `Accept-Language`).
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let language = WebLanguage(request).language
        let title = title == Self.defaultTitle(for: code) ? ProblemText.title(code, language) : title
        // The document's Problem schema, whatever route answers (pages and plain routes too). Every
        // code is in the document (a test checks); were one missing, the answer still leaves.
        let body = Components.Schemas.Problem(
            _type: "https://gatehouse.dev/problems/\(code.rawValue)", title: title, status: status.code, code: (try? .init(documenting: code)) ?? .internalError,
            detail: detail.map { ProblemText.detail($0, language) },
            errors: errors.isEmpty ? nil : errors.map { .init(field: $0.field, code: $0.code) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(body)
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        headers[.contentLanguage] = language.rawValue
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
