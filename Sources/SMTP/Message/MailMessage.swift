import Foundation

/// A transactional mail: plain text, optionally with an HTML alternative.
///
/// Everything is validated here, so an invalid message is refused before any connection is made.
/// `messageID` is given by the caller so that an outbox keeps it stable across retries.
public struct MailMessage: Sendable, Hashable {
    public let messageID: String
    public let date: Date
    public let from: MailAddress
    public let to: [MailAddress]
    public let subject: String
    public let textBody: String
    public let htmlBody: String?
    public let extraHeaders: [MailHeader]

    /// - Parameter messageID: `id-left@id-right`, with or without angle brackets.
    public init(
        messageID: String,
        date: Date = Date(),
        from: MailAddress,
        to: [MailAddress],
        subject: String,
        textBody: String,
        htmlBody: String? = nil,
        extraHeaders: [MailHeader] = []
    ) throws(SMTPError) {
        let id = Self.stripAngleBrackets(messageID)
        try Self.validate(messageID: id)
        guard !to.isEmpty else { throw .invalidMessage("a message needs at least one recipient") }
        guard to.count <= 100 else { throw .invalidMessage("more than 100 recipients") }
        try HeaderValueValidation.checkText(subject, field: "subject", maxLength: 900)
        var seen = Set<SafeHeaderName>()
        for header in extraHeaders {
            guard seen.insert(header.name).inserted else {
                throw .invalidMessage("duplicate header \(header.name.rawValue)")
            }
            try HeaderValueValidation.checkPrintableASCII(header.value, field: header.name.rawValue, allowSpaces: true)
            guard header.value.utf8.count <= 900 else {
                throw .invalidMessage("header \(header.name.rawValue) is too long")
            }
        }
        self.messageID = id
        self.date = date
        self.from = from
        self.to = to
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.extraHeaders = extraHeaders
    }

    private static func stripAngleBrackets(_ id: String) -> String {
        guard id.hasPrefix("<"), id.hasSuffix(">"), id.count >= 2 else { return id }
        return String(id.dropFirst().dropLast())
    }

    private static func validate(messageID id: String) throws(SMTPError) {
        try HeaderValueValidation.checkPrintableASCII(id, field: "Message-ID", allowSpaces: false)
        let parts = id.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty }), !id.contains("<"), !id.contains(">"),
            id.utf8.count <= 250
        else {
            throw .invalidMessage("Message-ID must look like id-left@id-right: \(id)")
        }
    }
}

extension MailMessage {
    /// The message as RFC 5322 / MIME text with CRLF line endings, as sent after DATA (before
    /// dot-stuffing): what a `.eml` file holds.
    public var rfc5322Text: String { MessageRenderer.render(self) }
}
