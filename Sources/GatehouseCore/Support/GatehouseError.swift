/// The stable, machine-readable error codes of CONTRACT.md. HTTP turns them into problem+json; the CLI
/// prints them. Never rename a case's raw value: clients rely on it.
public enum ErrorCode: String, Sendable, Equatable, CaseIterable {
    case invalidCredentials = "invalid_credentials"
    case secondFactorInvalid = "second_factor_invalid"
    case backupCodeInvalid = "backup_code_invalid"
    case validationFailed = "validation_failed"
    case passwordTooWeak = "password_too_weak"
    case passwordCompromised = "password_compromised"
    case unauthenticated
    case sessionExpired = "session_expired"
    case forbidden
    case csrfFailed = "csrf_failed"
    case rateLimited = "rate_limited"
    case consentRequired = "consent_required"
    case twoFactorSetupRequired = "two_factor_setup_required"
    case secondFactorRequired = "second_factor_required"
    case tokenInvalidOrExpired = "token_invalid_or_expired"
    case invitationInvalid = "invitation_invalid"
    case alreadyTaken = "already_taken"
    case notFound = "not_found"
    case payloadTooLarge = "payload_too_large"
    case unsupportedMediaType = "unsupported_media_type"
    case serviceUnavailable = "service_unavailable"
    case emailVerificationRequired = "email_verification_required"
    case reauthenticationRequired = "reauthentication_required"
    case limitReached = "limit_reached"
    case badRequest = "bad_request"
    case methodNotAllowed = "method_not_allowed"
    case internalError = "internal_error"
}

/// One field's problem inside a `validation_failed` (or password) error.
public struct FieldError: Sendable, Equatable, Codable {
    public var field: String
    public var code: String

    public init(field: String, code: String) {
        self.field = field
        self.code = code
    }
}

/// An error a person or client can act on: a stable code, a human detail, and per-field problems.
public struct GatehouseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: ErrorCode
    public var detail: String?
    public var errors: [FieldError]

    public init(_ code: ErrorCode, detail: String? = nil, errors: [FieldError] = []) {
        self.code = code
        self.detail = detail
        self.errors = errors
    }

    public var description: String {
        var text = code.rawValue
        if let detail { text += ": \(detail)" }
        for error in errors { text += " [\(error.field): \(error.code)]" }
        return text
    }

    public static func validation(_ field: String, _ code: String, detail: String? = nil) -> GatehouseError {
        GatehouseError(.validationFailed, detail: detail, errors: [FieldError(field: field, code: code)])
    }
}
