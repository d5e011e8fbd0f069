import Testing
import TOTP

@Suite("Secrets")
struct SecretTests {
    @Test("generate asks the injected source for 20 bytes and keeps them")
    func generate() throws {
        var requested: [Int] = []
        let secret = try TOTPSecret.generate { count in
            requested.append(count)
            return (0..<count).map { UInt8($0) }
        }
        #expect(requested == [20])
        #expect(secret.bytes == Array(0..<20))
        #expect(secret.base32.count == 32)
        #expect(try TOTPSecret(base32: secret.groupedBase32).bytes == secret.bytes)
    }

    @Test("A source that returns the wrong number of bytes is refused")
    func wrongLength() {
        #expect(throws: OTPError.randomSourceReturnedWrongLength(expected: 20, got: 19)) {
            try TOTPSecret.generate { Array(repeating: 7, count: $0 - 1) }
        }
    }

    @Test("Secrets under 128 bits and bad base32 are refused")
    func refusals() {
        #expect(throws: OTPError.secretTooShort(byteCount: 10)) { try TOTPSecret(base32: "JBSWY3DPEHPK3PXP") }
        #expect(throws: OTPError.invalidBase32) { try TOTPSecret(base32: "not base32!") }
        #expect(throws: OTPError.secretTooShort(byteCount: 15)) { try TOTP(secret: Array(repeating: 1, count: 15)) }
        #expect(throws: OTPError.unsupportedDigits(5)) { try TOTP(secret: RFCSeed.sha1, digits: 5) }
        #expect(throws: OTPError.unsupportedDigits(9)) { try HOTP(secret: RFCSeed.sha1, digits: 9) }
        #expect(throws: OTPError.invalidPeriod(0)) { try TOTP(secret: RFCSeed.sha1, period: 0) }
    }

    @Test("Descriptions never show the secret")
    func redacted() throws {
        let secret = try TOTPSecret(bytes: RFCSeed.sha1)
        let totp = try TOTP(secret: secret)
        for text in [String(describing: secret), String(reflecting: secret),
                     String(describing: totp), String(reflecting: totp), String(describing: totp.hotp)] {
            #expect(!text.contains(secret.base32))
            #expect(!text.contains("49, 50"))  // "1", "2" as bytes
        }
    }
}
