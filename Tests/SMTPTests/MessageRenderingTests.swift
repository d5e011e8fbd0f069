import Foundation
import Testing

@testable import SMTP

@Suite("Message rendering")
struct MessageRenderingTests {
    let russian = "Вход в ваш аккаунт — новое устройство"

    private func headerLines(_ rendered: String) -> [String] {
        let head = rendered.components(separatedBy: "\r\n\r\n").first ?? ""
        return head.components(separatedBy: "\r\n")
    }

    /// The unfolded value of a header field.
    private func header(_ name: String, in rendered: String) -> String? {
        var result: String?
        for line in headerLines(rendered) {
            if line.hasPrefix("\(name): ") {
                result = String(line.dropFirst(name.count + 2))
            } else if result != nil, line.hasPrefix(" ") {
                result! += line
            } else if result != nil {
                break
            }
        }
        return result
    }

    private func encodedWords(in value: String) -> [String] {
        value.split(separator: " ").map(String.init).filter { $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") }
    }

    @Test("Non-ASCII subjects become UTF-8 B encoded-words of at most 75 characters that each decode on their own")
    func encodedWordsNeverSplitUTF8() throws {
        let subject = String(repeating: russian + " 🔐 ", count: 4)
        let rendered = MessageRenderer.render(try Fixtures.message(subject: subject))
        let value = try #require(header("Subject", in: rendered))
        let words = encodedWords(in: value)
        #expect(words.count > 3)
        var decoded = ""
        for word in words {
            #expect(word.count <= 75)
            let payload = try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2))))
            let text = try #require(String(data: payload, encoding: .utf8), "each word must hold whole UTF-8 sequences")
            decoded += text
        }
        #expect(decoded == subject)
        for line in headerLines(rendered) where line.contains("=?UTF-8?B?") {
            #expect(line.utf8.count <= 76)
        }
    }

    @Test("Long non-ASCII display names are split after spaces, never inside a word")
    func longDisplayNameSplitsAtSpaces() throws {
        let name = "Служба безопасности и поддержки пользователей Gatehouse"
        let message = try MailMessage(
            messageID: "1@x.test", from: MailAddress("noreply@x.test", displayName: name),
            to: [MailAddress("a@x.test")], subject: "s", textBody: "t")
        let rendered = MessageRenderer.render(message)
        let words = encodedWords(in: try #require(header("From", in: rendered)))
        let decoded = try words.map { word in
            let payload = try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2))))
            return try #require(String(data: payload, encoding: .utf8))
        }
        #expect(words.count > 1)
        #expect(decoded.joined() == name)
        #expect(decoded.dropLast().allSatisfy { $0.hasSuffix(" ") })
    }

    @Test("Non-ASCII display names are encoded and ASCII names are quoted")
    func displayNames() throws {
        let message = try MailMessage(
            messageID: "1@x.test",
            from: MailAddress("noreply@x.test", displayName: "Служба \"Gatehouse\""),
            to: [MailAddress("a@x.test", displayName: "Smith, \"Al\""), MailAddress("b@x.test")],
            subject: "Hi", textBody: "x")
        let rendered = MessageRenderer.render(message)
        #expect(header("From", in: rendered)?.hasPrefix("=?UTF-8?B?") == true)
        #expect(header("To", in: rendered) == #""Smith, \"Al\"" <a@x.test>, <b@x.test>"#)
    }

    @Test("Bodies are quoted-printable UTF-8 with CRLF line endings and lines of at most 76 characters")
    func quotedPrintableBody() throws {
        let text = String(repeating: "Привет, мир! = ", count: 20) + "\nline two \nthree\r\nfour\rfive"
        let rendered = MessageRenderer.render(try Fixtures.message(text: text))
        #expect(rendered.contains("Content-Transfer-Encoding: quoted-printable\r\n"))
        #expect(rendered.contains("Content-Type: text/plain; charset=UTF-8\r\n"))
        for line in rendered.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 76)
            #expect(!line.contains("\n") && !line.contains("\r"))
        }
        #expect(rendered.contains("line two=20\r\nthree\r\nfour\r\nfive"))
        #expect(rendered.utf8.allSatisfy { $0 < 0x80 })
    }

    @Test("Quoted-printable encoding decodes back to the original text")
    func quotedPrintableRoundTrip() throws {
        let text = "a=b\t\nтаб\t \n" + String(repeating: "x", count: 200) + "\n.\n"
        let encoded = QuotedPrintable.encode(text)
        var bytes: [UInt8] = []
        var iterator = Array(encoded.replacingOccurrences(of: "=\r\n", with: "").utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "=") {
                let hex = String(decoding: [iterator.next() ?? 0, iterator.next() ?? 0], as: UTF8.self)
                bytes.append(try #require(UInt8(hex, radix: 16)))
            } else {
                bytes.append(byte)
            }
        }
        #expect(String(decoding: bytes, as: UTF8.self) == text.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test("Dot-stuffing doubles leading dots and terminates DATA with CRLF.CRLF")
    func dotStuffing() {
        let stuffed = DotStuffing.encode(Array("a\r\n.\r\n.leading dot\r\nb.c".utf8))
        #expect(String(decoding: stuffed, as: UTF8.self) == "a\r\n..\r\n..leading dot\r\nb.c\r\n.\r\n")
        #expect(String(decoding: DotStuffing.encode(Array(".x\r\n".utf8)), as: UTF8.self) == "..x\r\n.\r\n")
    }

    @Test("Text and HTML bodies become multipart/alternative with text first and a boundary absent from the parts")
    func multipartAlternative() throws {
        let rendered = MessageRenderer.render(try Fixtures.message(text: "plain", html: "<p>html</p>"))
        let contentType = try #require(header("Content-Type", in: rendered))
        #expect(contentType.hasPrefix("multipart/alternative; boundary=\""))
        let boundary = String(contentType.split(separator: "\"")[1])
        let sections = rendered.components(separatedBy: "--\(boundary)")
        #expect(sections.count == 4)
        #expect(sections[1].contains("text/plain") && sections[2].contains("text/html"))
        #expect(sections[3] == "--\r\n")
        #expect(MessageRenderer.makeBoundary(avoiding: ["abc"]).hasPrefix("=_gatehouse_"))
    }

    @Test("Date is RFC 5322 in UTC and Message-ID, MIME-Version are present")
    func dateAndIDs() throws {
        let date = Date(timeIntervalSince1970: 1_709_647_389)  // 2024-03-05 14:03:09 UTC
        let message = try MailMessage(
            messageID: "<abc.123@gatehouse.test>", date: date,
            from: MailAddress("a@x.test"), to: [MailAddress("b@x.test")], subject: "s", textBody: "t")
        let rendered = MessageRenderer.render(message)
        #expect(header("Date", in: rendered) == "Tue, 05 Mar 2024 14:03:09 +0000")
        #expect(header("Message-ID", in: rendered) == "<abc.123@gatehouse.test>")
        #expect(header("MIME-Version", in: rendered) == "1.0")
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: 951_782_400)) == "Tue, 29 Feb 2000 00:00:00 +0000")
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: -1)) == "Wed, 31 Dec 1969 23:59:59 +0000")
    }

    @Test("Extra headers come only from the safe set, once each, and are rendered")
    func extraHeaders() throws {
        let message = try MailMessage(
            messageID: "1@x.test", from: MailAddress("a@x.test"), to: [MailAddress("b@x.test")],
            subject: "s", textBody: "t",
            extraHeaders: [MailHeader(.autoSubmitted, "auto-generated"), MailHeader(.replyTo, "help@x.test")])
        let rendered = MessageRenderer.render(message)
        #expect(rendered.contains("Auto-Submitted: auto-generated\r\n"))
        #expect(rendered.contains("Reply-To: help@x.test\r\n"))
        #expect(throws: SMTPError.self) {
            try MailMessage(
                messageID: "1@x.test", from: MailAddress("a@x.test"), to: [MailAddress("b@x.test")],
                subject: "s", textBody: "t",
                extraHeaders: [MailHeader(.precedence, "bulk\r\nBcc: evil@x.test")])
        }
    }
}
