import Foundation
import SMTPTestSupport
import SMTP
import Testing

@Suite("Delivery to a real SMTP server (aiosmtpd)")
struct DeliveryTests {
    @Test("Delivers over an unencrypted local connection (tls=none) to two recipients")
    func plainTwoRecipients() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let recipients = [try MailAddress("alice@example.test"), try MailAddress("bob@example.test", displayName: "Bob")]
        try await Fixtures.client("smtp://127.0.0.1:\(sink.port)?tls=none").send(try Fixtures.message(to: recipients))

        let stored = try #require(try sink.messages().first)
        #expect(stored.mail_from == "noreply@gatehouse.test")
        #expect(stored.rcpt_tos == ["alice@example.test", "bob@example.test"])
        #expect(!stored.tls)
        let decoded = try #require(stored.decoded)
        #expect(decoded.to == ["alice@example.test", "bob@example.test"])
        #expect(decoded.defects.isEmpty)
    }

    @Test("A Unicode domain goes in its ASCII form (envelope and To), without SMTPUTF8")
    func unicodeDomain() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let message = try Fixtures.message(to: [MailAddress("ivan@пример.рф", displayName: "Иван")])
        try await Fixtures.client("smtp://127.0.0.1:\(sink.port)?tls=none").send(message)
        let stored = try #require(try sink.messages().first)
        #expect(stored.rcpt_tos == ["ivan@xn--e1afmkfd.xn--p1ai"])
        #expect(stored.mail_options == [])
        #expect(stored.decoded?.to == ["ivan@xn--e1afmkfd.xn--p1ai"])
        #expect(stored.decoded?.to_display_names == ["Иван"])
    }

    @Test("A Unicode local part goes in an SMTPUTF8 transaction to a server that offers it")
    func unicodeLocalPart() async throws {
        let sink = try await SMTPSink.start(["--smtputf8"])
        defer { sink.stop() }
        let message = try Fixtures.message(to: [MailAddress("иван@пример.рф")])
        try await Fixtures.client("smtp://127.0.0.1:\(sink.port)?tls=none").send(message)
        let stored = try #require(try sink.messages().first)
        #expect(stored.mail_options == ["SMTPUTF8"])
        #expect(stored.rcpt_tos == ["иван@пример.рф"])
        #expect(stored.decoded?.to == ["иван@пример.рф"])
        #expect(stored.decoded?.defects == [])
    }

    @Test("A Unicode local part to a server without SMTPUTF8 fails for good before MAIL FROM; nothing is sent")
    func unicodeLocalPartRefused() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let message = try Fixtures.message(to: [MailAddress("иван@example.test")])
        await #expect {
            try await Fixtures.client("smtp://127.0.0.1:\(sink.port)?tls=none").send(message)
        } throws: { error in
            guard let error = error as? SMTPError, case .invalidMessage(let detail) = error else { return false }
            return !error.isTransient && detail.contains("SMTPUTF8")
        }
        #expect(try sink.messages().isEmpty)
    }

    @Test("A Russian subject, display name and body arrive intact")
    func russianRoundTrip() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let subject = "Вход в ваш аккаунт — новое устройство"
        let body = """
            Здравствуйте!
            Мы заметили вход с нового устройства: Firefox, Москва.
            Если это были не вы — смените пароль.

            """
        let message = try MailMessage(
            messageID: "ru-1@gatehouse.test",
            from: MailAddress("noreply@gatehouse.test", displayName: "Служба Gatehouse"),
            to: [MailAddress("ivan@example.test", displayName: "Иван Петров")],
            subject: subject, textBody: body)
        try await Fixtures.client("smtp://127.0.0.1:\(sink.port)?tls=none").send(message)

        let decoded = try #require(try sink.messages().first?.decoded)
        #expect(decoded.subject == subject)
        #expect(decoded.from_display_names == ["Служба Gatehouse"])
        #expect(decoded.to_display_names == ["Иван Петров"])
        #expect(decoded.parts.count == 1)
        #expect(decoded.parts.first?.content.replacingOccurrences(of: "\r\n", with: "\n") == body)
        #expect(decoded.parts.first?.charset?.lowercased() == "utf-8")
        #expect(decoded.defects.isEmpty)
    }

    @Test("Body lines '.' and '.leading dot' survive dot-stuffing")
    func dotStuffing() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let body = "first\n.\n.leading dot\n..two dots\nlast\n"
        try await Fixtures.client("smtp://127.0.0.1:\(sink.port)?tls=none").send(try Fixtures.message(text: body))

        let content = try #require(try sink.messages().first?.decoded?.parts.first?.content)
        #expect(content.replacingOccurrences(of: "\r\n", with: "\n") == body)
    }

    @Test("Text and HTML arrive as multipart/alternative, text first")
    func multipart() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let html = "<p>Ваш код: <b>123456</b></p>"
        try await Fixtures.client("smtp://127.0.0.1:\(sink.port)?tls=none")
            .send(try Fixtures.message(text: "Ваш код: 123456", html: html))

        let decoded = try #require(try sink.messages().first?.decoded)
        #expect(decoded.content_type == "multipart/alternative")
        #expect(decoded.parts.map(\.content_type) == ["text/plain", "text/html"])
        #expect(decoded.parts.first?.content.trimmingCharacters(in: .newlines) == "Ваш код: 123456")
        #expect(decoded.parts.last?.content.trimmingCharacters(in: .newlines) == html)
        #expect(decoded.parts.allSatisfy { $0.transfer_encoding == "quoted-printable" })
        #expect(decoded.defects.isEmpty)
    }

    @Test("Message-ID, Date and MIME-Version headers are present and well-formed")
    func headers() async throws {
        let sink = try await SMTPSink.start()
        defer { sink.stop() }
        let date = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01 00:00:00 UTC
        let message = try MailMessage(
            messageID: "stable-42@gatehouse.test", date: date,
            from: MailAddress("noreply@gatehouse.test"), to: [MailAddress("a@example.test")],
            subject: "Headers", textBody: "x")
        try await Fixtures.client("smtp://127.0.0.1:\(sink.port)?tls=none").send(message)

        let stored = try #require(try sink.messages().first)
        let decoded = try #require(stored.decoded)
        #expect(decoded.message_id == "<stable-42@gatehouse.test>")
        #expect(decoded.date == "Thu, 01 Jan 2026 00:00:00 +0000")
        #expect(decoded.date_parsed == "2026-01-01T00:00:00+00:00")
        #expect(decoded.mime_version == "1.0")
        #expect(stored.raw.contains("\r\n\r\n"))
        #expect(!stored.raw.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    @Test("Falls back to HELO when the server rejects EHLO")
    func heloFallback() async throws {
        let sink = try await SMTPSink.start(["--no-ehlo"])
        defer { sink.stop() }
        try await Fixtures.client("smtp://127.0.0.1:\(sink.port)?tls=none&heloName=app.gatehouse.test")
            .send(try Fixtures.message())
        #expect(try sink.messages().count == 1)
    }
}
