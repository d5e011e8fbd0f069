import Testing

@testable import SMTP

@Suite("Header injection and address validation")
struct HeaderInjectionTests {
    private func isInvalidMessage(_ body: () throws -> Void) -> Bool {
        do {
            try body()
            return false
        } catch SMTPError.invalidMessage {
            return true
        } catch {
            return false
        }
    }

    @Test("CR or LF in the subject is refused before any connection", arguments: ["Hi\r\nBcc: x@evil.test", "Hi\nX: y", "Hi\r"])
    func subjectInjection(subject: String) {
        #expect(isInvalidMessage { _ = try Fixtures.message(subject: subject) })
    }

    @Test("CR or LF in a display name is refused", arguments: ["Eve\r\nBcc: x@evil.test", "Eve\n"])
    func displayNameInjection(name: String) {
        #expect(isInvalidMessage { _ = try MailAddress("eve@x.test", displayName: name) })
    }

    @Test(
        "Malformed addresses are refused: CR/LF, spaces, control characters, angle brackets, not exactly one @",
        arguments: [
            "a@x.test\r\nRCPT TO:<b@x.test>", "a@x.test\n", "a b@x.test", "a\u{1}@x.test", "<a@x.test>", "a@x.test>",
            "ax.test", "a@b@x.test", "@x.test", "a@", "", "a\u{00A0}b@x.test", "a\u{202E}b@x.test", "a@x\u{200B}.test",
            "a@x..test", "a@\(String(repeating: "я", count: 60)).test",
        ])
    func malformedAddresses(address: String) {
        #expect(isInvalidMessage { _ = try MailAddress(address) })
    }

    @Test("Ordinary addresses are accepted", arguments: ["a@x.test", "first.last+tag@sub.example.com", "o'brien@x.test"])
    func validAddresses(address: String) throws {
        #expect(try MailAddress(address).address == address)
    }

    @Test("Internationalised addresses: a Unicode domain has an ASCII form, a Unicode local part needs SMTPUTF8")
    func internationalised() throws {
        let domain = try MailAddress("ivan@Пример.РФ")
        #expect(domain.address == "ivan@Пример.РФ")
        #expect(domain.asciiAddress == "ivan@xn--e1afmkfd.xn--p1ai")
        #expect(!domain.requiresSMTPUTF8)
        #expect(try MailAddress("a@b\u{3002}example\u{FF0E}com").asciiAddress == "a@b.example.com", "ideographic full stops are dots")
        let local = try MailAddress("иван@пример.рф")
        #expect(local.asciiAddress == nil)
        #expect(local.requiresSMTPUTF8)
        #expect(try MailAddress("ä@x.test").requiresSMTPUTF8)
        #expect(try MailAddress("a@x.test").asciiAddress == "a@x.test")
    }

    /// RFC 3492 section 7.1, samples (A), (B), (I), (L) and (R), and well-known domains.
    @Test("Punycode matches RFC 3492's samples", arguments: [
        ("\u{0644}\u{064A}\u{0647}\u{0645}\u{0627}\u{0628}\u{062A}\u{0643}\u{0644}\u{0645}\u{0648}\u{0634}\u{0639}\u{0631}\u{0628}\u{064A}\u{061F}",
         "egbpdaj6bu4bxfgehfvwxn"),
        ("\u{4ED6}\u{4EEC}\u{4E3A}\u{4EC0}\u{4E48}\u{4E0D}\u{8BF4}\u{4E2D}\u{6587}", "ihqwcrb4cv8a8dqg056pqjye"),
        ("почемужеонинеговорятпорусски", "b1abfaaepdrnnbgefbadotcwatmq2g4l"),
        ("3年B組金八先生", "3B-ww4c5e180e575a65lsy2b"),
        ("そのスピードで", "d9juau41awczczp"),
        ("пример", "e1afmkfd"), ("рф", "p1ai"), ("bücher", "bcher-kva"),
    ])
    func punycode(input: String, expected: String) {
        #expect(Punycode.encode(input) == expected)
    }

    @Test("A Message-ID with CR/LF or without id-left@id-right is refused", arguments: ["a@b\r\nX: y", "nope", "<a@b", "a b@c"])
    func badMessageIDs(id: String) {
        #expect(isInvalidMessage { _ = try Fixtures.message(id: id) })
    }

    @Test("A message needs at least one recipient")
    func noRecipients() {
        #expect(isInvalidMessage { _ = try Fixtures.message(to: []) })
    }
}
