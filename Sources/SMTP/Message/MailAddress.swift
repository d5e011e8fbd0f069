/// A mailbox: an address and an optional display name (any Unicode; RFC 2047-encoded on the wire).
///
/// Addresses are validated minimally: exactly one `@`, non-empty local part and domain, no spaces,
/// control or format characters, `<` or `>`. They may be internationalised: a domain in Unicode is
/// sent in its ASCII form (`ivan@пример.рф` → `ivan@xn--e1afmkfd.xn--p1ai`) to any server; a local
/// part in Unicode (`иван@…`) needs a server that offers SMTPUTF8 (RFC 6531), and delivery to one
/// that does not fails without retrying.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    public let address: String
    public let displayName: String?
    /// The address with its domain in ASCII (A-labels), when the local part is ASCII; nil when only
    /// an SMTPUTF8 server can take it.
    public let asciiAddress: String?

    public init(_ address: String, displayName: String? = nil) throws(SMTPError) {
        self.asciiAddress = try Self.validate(address: address)
        if let displayName {
            try HeaderValueValidation.checkText(displayName, field: "display name", maxLength: 200)
        }
        self.address = address
        self.displayName = displayName.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether the address can travel only with SMTPUTF8.
    public var requiresSMTPUTF8: Bool { asciiAddress == nil }

    /// The form used in the envelope and the headers: ASCII where possible.
    var wireAddress: String { asciiAddress ?? address }

    public var description: String {
        displayName.map { "\($0) <\(address)>" } ?? "<\(address)>"
    }

    /// Validates `address` and returns its ASCII form (nil when the local part is not ASCII).
    static func validate(address: String) throws(SMTPError) -> String? {
        try HeaderValueValidation.checkText(address, field: "address", maxLength: 254)
        for scalar in address.unicodeScalars {
            if scalar.isASCII {
                guard (0x21...0x7E).contains(scalar.value) else {
                    throw .invalidMessage("address must not contain spaces or control characters: \(address)")
                }
                guard scalar != "<", scalar != ">" else {
                    throw .invalidMessage("address must not contain '<' or '>': \(address)")
                }
            } else {
                switch scalar.properties.generalCategory {
                case .control, .format, .unassigned, .privateUse, .surrogate, .spaceSeparator, .lineSeparator, .paragraphSeparator:
                    throw .invalidMessage("address must not contain spaces, control or format characters: \(address)")
                default:
                    break
                }
            }
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last,
            !local.isEmpty, !domain.isEmpty, local.utf8.count <= 64
        else {
            throw .invalidMessage("address must be local@domain: \(address)")
        }
        guard let asciiDomain = Punycode.asciiDomain(String(domain)) else {
            throw .invalidMessage("address has a domain that cannot be written in ASCII: \(address)")
        }
        return local.unicodeScalars.allSatisfy(\.isASCII) ? "\(local)@\(asciiDomain)" : nil
    }
}
