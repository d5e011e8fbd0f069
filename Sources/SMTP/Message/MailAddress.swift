/// A mailbox: an address and an optional display name (any Unicode; RFC 2047-encoded on the wire).
///
/// Addresses are validated minimally: US-ASCII (IDN domains must be given in punycode), exactly
/// one `@`, non-empty local part and domain, no spaces, control characters, `<` or `>`.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    public let address: String
    public let displayName: String?

    public init(_ address: String, displayName: String? = nil) throws(SMTPError) {
        try Self.validate(address: address)
        if let displayName {
            try HeaderValueValidation.checkText(displayName, field: "display name", maxLength: 200)
        }
        self.address = address
        self.displayName = displayName.flatMap { $0.isEmpty ? nil : $0 }
    }

    public var description: String {
        displayName.map { "\($0) <\(address)>" } ?? "<\(address)>"
    }

    static func validate(address: String) throws(SMTPError) {
        try HeaderValueValidation.checkText(address, field: "address", maxLength: 254)
        for scalar in address.unicodeScalars {
            guard (0x21...0x7E).contains(scalar.value) else {
                throw .invalidMessage("address must be US-ASCII without spaces: \(address)")
            }
            guard scalar != "<", scalar != ">" else {
                throw .invalidMessage("address must not contain '<' or '>': \(address)")
            }
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last,
            !local.isEmpty, !domain.isEmpty, local.utf8.count <= 64
        else {
            throw .invalidMessage("address must be local@domain: \(address)")
        }
    }
}
