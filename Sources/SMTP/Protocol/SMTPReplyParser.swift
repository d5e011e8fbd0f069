/// Incremental parser for server replies (RFC 5321 §4.2). Accepts CRLF or bare LF line endings.
struct SMTPReplyParser {
    static let maxLineLength = 4096
    static let maxLines = 256

    private var partialLine: [UInt8] = []
    private var pendingCode: Int?
    private var pendingLines: [String] = []

    /// Whether bytes of an incomplete reply are buffered.
    var hasBufferedData: Bool { !partialLine.isEmpty || pendingCode != nil }

    /// Consumes `bytes` and returns the replies completed by them.
    mutating func feed(_ bytes: some Sequence<UInt8>) throws(SMTPError) -> [SMTPReply] {
        var replies: [SMTPReply] = []
        for byte in bytes {
            guard byte == UInt8(ascii: "\n") else {
                partialLine.append(byte)
                if partialLine.count > Self.maxLineLength {
                    throw .protocolViolation("reply line longer than \(Self.maxLineLength) bytes")
                }
                continue
            }
            if partialLine.last == UInt8(ascii: "\r") { partialLine.removeLast() }
            let line = partialLine
            partialLine = []
            if let reply = try consume(line: line) {
                replies.append(reply)
            }
        }
        return replies
    }

    private mutating func consume(line: [UInt8]) throws(SMTPError) -> SMTPReply? {
        guard line.count >= 3, line[0..<3].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let code = Int(String(decoding: line[0..<3], as: UTF8.self)), (200...599).contains(code)
        else {
            throw .protocolViolation("malformed reply line: \(String(decoding: line.prefix(80), as: UTF8.self))")
        }
        let separator = line.count > 3 ? line[3] : UInt8(ascii: " ")
        guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else {
            throw .protocolViolation("malformed reply separator in line for code \(code)")
        }
        if let pendingCode, pendingCode != code {
            throw .protocolViolation("multi-line reply changed code from \(pendingCode) to \(code)")
        }
        pendingCode = code
        pendingLines.append(line.count > 4 ? String(decoding: line[4...], as: UTF8.self) : "")
        guard pendingLines.count <= Self.maxLines else {
            throw .protocolViolation("reply has more than \(Self.maxLines) lines")
        }
        guard separator == UInt8(ascii: " ") else { return nil }
        let reply = SMTPReply(code: code, lines: pendingLines)
        pendingCode = nil
        pendingLines = []
        return reply
    }
}
