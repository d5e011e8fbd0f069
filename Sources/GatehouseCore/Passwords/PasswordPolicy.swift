import Foundation

/// What a new password must satisfy (NIST SP 800-63B style): a length range, any Unicode and spaces,
/// no composition rules, not a common password, not the person's own username or email local part.
public struct PasswordPolicy: Sendable {
    public var minLength: Int
    public var maxLength: Int
    public var commonPasswords: CommonPasswords

    public init(minLength: Int = 8, maxLength: Int = 128, commonPasswords: CommonPasswords = .builtIn) {
        self.minLength = minLength
        self.maxLength = maxLength
        self.commonPasswords = commonPasswords
    }

    /// The form that is hashed and verified: NFKC, so the same password typed on a system that composes
    /// characters differently (or with full-width digits) still matches.
    public static func normalize(_ password: String) -> String {
        password.precomposedStringWithCompatibilityMapping
    }

    /// Identifiers shorter than this are not searched for inside passwords: every password would contain `a`.
    static let minimumIdentifierLengthToMatch = 3

    /// Throws `password_too_weak` (with the reason in `errors`) or `password_compromised`.
    public func check(_ password: String, username: String? = nil, email: String? = nil) throws(GatehouseError) {
        let normalized = Self.normalize(password)
        let length = normalized.count
        if length < minLength {
            throw GatehouseError(.passwordTooWeak, detail: "The password must be at least \(minLength) characters long.",
                                 errors: [FieldError(field: "password", code: "too_short")])
        }
        if length > maxLength {
            throw GatehouseError(.passwordTooWeak, detail: "The password must be at most \(maxLength) characters long.",
                                 errors: [FieldError(field: "password", code: "too_long")])
        }
        if normalized.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw GatehouseError(.passwordTooWeak, detail: "The password contains control characters.",
                                 errors: [FieldError(field: "password", code: "invalid_characters")])
        }
        let folded = IdentifierNormalizer.fold(normalized)
        if let username, contains(folded, identifier: IdentifierNormalizer.fold(username)) {
            throw GatehouseError(.passwordTooWeak, detail: "The password must not contain the username.",
                                 errors: [FieldError(field: "password", code: "contains_username")])
        }
        if let email {
            let local = IdentifierNormalizer.localPart(ofNormalizedEmail: IdentifierNormalizer.fold(email))
            if contains(folded, identifier: local) {
                throw GatehouseError(.passwordTooWeak, detail: "The password must not contain the email address.",
                                     errors: [FieldError(field: "password", code: "contains_email")])
            }
        }
        if commonPasswords.contains(folded) || commonPasswords.contains(folded.trimmingCharacters(in: .whitespaces)) {
            throw GatehouseError(.passwordCompromised, detail: "This password is among the most commonly used passwords; choose another.",
                                 errors: [FieldError(field: "password", code: "common_password")])
        }
    }

    private func contains(_ password: String, identifier: String) -> Bool {
        guard !identifier.isEmpty else { return false }
        if password == identifier { return true }
        return identifier.count >= Self.minimumIdentifierLengthToMatch && password.contains(identifier)
    }
}
