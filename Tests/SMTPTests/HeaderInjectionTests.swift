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
            "ax.test", "a@b@x.test", "@x.test", "a@", "", "ä@x.test",
        ])
    func malformedAddresses(address: String) {
        #expect(isInvalidMessage { _ = try MailAddress(address) })
    }

    @Test("Ordinary addresses are accepted", arguments: ["a@x.test", "first.last+tag@sub.example.com", "o'brien@x.test"])
    func validAddresses(address: String) throws {
        #expect(try MailAddress(address).address == address)
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
