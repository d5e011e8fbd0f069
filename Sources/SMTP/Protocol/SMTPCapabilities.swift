/// The extensions a server announced in its EHLO reply.
struct SMTPCapabilities: Sendable, Hashable {
    /// Upper-cased keyword → its parameters.
    private(set) var keywords: [String: [String]] = [:]

    init() {}

    /// Parses the lines of a 250 EHLO reply; the first line is the server's greeting.
    init(ehloReply reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            // "AUTH=PLAIN LOGIN" is an obsolete spelling of "AUTH PLAIN LOGIN".
            let normalized = line.hasPrefix("AUTH=") ? "AUTH " + line.dropFirst(5) : line
            let words = normalized.split(separator: " ").map(String.init)
            guard let keyword = words.first?.uppercased() else { continue }
            keywords[keyword, default: []] += words.dropFirst().map { $0.uppercased() }
        }
    }

    var supportsStartTLS: Bool { keywords["STARTTLS"] != nil }

    /// RFC 6531: the server takes UTF-8 addresses (and headers) in a transaction marked `SMTPUTF8`.
    var supportsSMTPUTF8: Bool { keywords["SMTPUTF8"] != nil }

    var authMechanisms: Set<String> { Set(keywords["AUTH"] ?? []) }
}
