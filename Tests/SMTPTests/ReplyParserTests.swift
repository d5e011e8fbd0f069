import Testing

@testable import SMTP

@Suite("Reply parsing and capabilities")
struct ReplyParserTests {
    @Test("Multi-line replies (250-… / 250 …) are joined, even when split across reads")
    func multiLine() throws {
        var parser = SMTPReplyParser()
        #expect(try parser.feed(Array("250-mail.x.test greets you\r\n250-STARTTLS\r\n250-AU".utf8)).isEmpty)
        #expect(parser.hasBufferedData)
        let replies = try parser.feed(Array("TH PLAIN LOGIN\r\n250 8BITMIME\r\n220 next\n".utf8))
        #expect(replies == [
            SMTPReply(code: 250, lines: ["mail.x.test greets you", "STARTTLS", "AUTH PLAIN LOGIN", "8BITMIME"]),
            SMTPReply(code: 220, lines: ["next"]),
        ])
        #expect(!parser.hasBufferedData)
    }

    @Test("Malformed replies are protocol violations", arguments: ["hello\r\n", "25\r\n", "250x\r\n", "250-a\r\n251 b\r\n", "099 x\r\n"])
    func malformed(input: String) {
        var parser = SMTPReplyParser()
        #expect(throws: SMTPError.self) { try parser.feed(Array(input.utf8)) }
    }

    @Test("Overlong reply lines are refused")
    func overlong() {
        var parser = SMTPReplyParser()
        #expect(throws: SMTPError.self) { try parser.feed([UInt8](repeating: 65, count: 5000)) }
    }

    @Test("EHLO capabilities: STARTTLS and AUTH mechanisms, including the old AUTH= form")
    func capabilities() {
        let modern = SMTPCapabilities(ehloReply: SMTPReply(code: 250, lines: ["x", "STARTTLS", "AUTH LOGIN plain", "SIZE 10"]))
        #expect(modern.supportsStartTLS)
        #expect(modern.authMechanisms == ["LOGIN", "PLAIN"])
        let old = SMTPCapabilities(ehloReply: SMTPReply(code: 250, lines: ["x", "AUTH=LOGIN"]))
        #expect(!old.supportsStartTLS)
        #expect(old.authMechanisms == ["LOGIN"])
    }
}
