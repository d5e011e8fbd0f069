import Foundation

/// Renders a `MailMessage` as RFC 5322 / MIME text with CRLF line endings: 7-bit clean, except for
/// an address whose local part is not ASCII, which stands in UTF-8 (RFC 6532; such a message is only
/// sent in an SMTPUTF8 transaction).
enum MessageRenderer {
    static func render(_ message: MailMessage) -> String {
        var output = headerBlock(message)
        let text = QuotedPrintable.encode(message.textBody)
        guard let htmlBody = message.htmlBody else {
            output += partHeaders(subtype: "plain") + "\r\n" + text
            return text.hasSuffix("\r\n") || text.isEmpty ? output : output + "\r\n"
        }
        let html = QuotedPrintable.encode(htmlBody)
        let boundary = makeBoundary(avoiding: [text, html])
        output += "Content-Type: multipart/alternative; boundary=\"\(boundary)\"\r\n\r\n"
        output += "This is a multi-part message in MIME format.\r\n"
        output += "--\(boundary)\r\n" + partHeaders(subtype: "plain") + "\r\n" + text + "\r\n"
        output += "--\(boundary)\r\n" + partHeaders(subtype: "html") + "\r\n" + html + "\r\n"
        output += "--\(boundary)--\r\n"
        return output
    }

    private static func headerBlock(_ message: MailMessage) -> String {
        var from = HeaderFolder(name: "From")
        from.appendMailbox(message.from)
        var to = HeaderFolder(name: "To")
        for (index, recipient) in message.to.enumerated() {
            if index > 0 { to.appendSuffix(",") }
            to.appendMailbox(recipient)
        }
        var output = "Date: \(RFC5322Date.format(message.date))\r\n"
        output += from.field + to.field + subjectField(message.subject)
        output += "Message-ID: <\(message.messageID)>\r\n"
        for header in message.extraHeaders {
            var field = HeaderFolder(name: header.name.rawValue)
            field.appendToken(header.value)
            output += field.field
        }
        output += "MIME-Version: 1.0\r\n"
        return output
    }

    private static func subjectField(_ subject: String) -> String {
        let isPlainASCII = subject.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) }
        if isPlainASCII && !subject.contains("=?") && "Subject: \(subject)".utf8.count <= HeaderFolder.softLimit {
            return "Subject: \(subject)\r\n"
        }
        var field = HeaderFolder(name: "Subject")
        field.appendEncodedWords(subject)
        return field.field
    }

    private static func partHeaders(subtype: String) -> String {
        "Content-Type: text/\(subtype); charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"
    }

    /// A random boundary that occurs in none of the encoded parts.
    static func makeBoundary(avoiding parts: [String]) -> String {
        var generator = SystemRandomNumberGenerator()
        while true {
            let random = (0..<2).map { _ in String(generator.next() as UInt64, radix: 16) }.joined()
            let boundary = "=_gatehouse_\(random)"
            if !parts.contains(where: { $0.contains(boundary) }) {
                return boundary
            }
        }
    }
}
