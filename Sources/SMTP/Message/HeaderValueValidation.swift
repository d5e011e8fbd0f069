/// Checks applied to every caller-supplied value that ends up in a header or an SMTP command.
enum HeaderValueValidation {
    /// Refuses CR and LF (header injection) and other control characters except TAB.
    static func checkText(_ value: String, field: String, maxLength: Int) throws(SMTPError) {
        if value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) {
            throw .invalidMessage("\(field) contains CR or LF (header injection refused)")
        }
        if value.unicodeScalars.contains(where: { isControl($0) && $0 != "\t" }) {
            throw .invalidMessage("\(field) contains a control character")
        }
        if value.count > maxLength {
            throw .invalidMessage("\(field) is longer than \(maxLength) characters")
        }
    }

    /// Refuses anything but printable US-ASCII (0x21-0x7E) and, when allowed, spaces.
    static func checkPrintableASCII(_ value: String, field: String, allowSpaces: Bool) throws(SMTPError) {
        try checkText(value, field: field, maxLength: 998)
        for scalar in value.unicodeScalars {
            let printable = (0x21...0x7E).contains(scalar.value) || (allowSpaces && scalar == " ")
            if !printable {
                throw .invalidMessage("\(field) must be printable US-ASCII")
            }
        }
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
            || scalar == "\u{2028}" || scalar == "\u{2029}"
    }
}
