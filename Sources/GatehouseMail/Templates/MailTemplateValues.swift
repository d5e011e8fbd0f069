/// The values a mail is composed from, cleaned once: every value is one line with no surrounding
/// blanks, and a blank value counts as absent (so no row shows an empty "Location:").
struct MailTemplateValues: Sendable {
    private let values: [String: String]

    init(_ raw: [String: String]) {
        var values: [String: String] = [:]
        for (key, value) in raw {
            let line = Self.singleLine(value)
            if !line.isEmpty { values[key] = line }
        }
        self.values = values
    }

    subscript(key: String) -> String? { values[key] }

    /// Every value, for filling `{name}` placeholders.
    var all: [String: String] { values }

    /// Throws `.missingValue` for the first of `kind`'s required values that is absent.
    func check(_ kind: MailTemplateKind) throws(MailComposerError) {
        for key in kind.requiredKeys where values[key] == nil {
            throw .missingValue(kind: kind.rawValue, key: key)
        }
    }

    /// Line breaks (CR, LF, NEL, LS, PS, VT, FF) become spaces: a value is never more than a
    /// line, so it can neither add a header to the subject nor lines of its own to the text part.
    static func singleLine(_ value: String) -> String {
        String(value.map { $0.isNewline || $0 == "\t" ? " " : $0 }).trimmingBlanks()
    }
}

extension String {
    /// Without leading and trailing white space.
    fileprivate func trimmingBlanks() -> String {
        var slice = self[...]
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }
}
