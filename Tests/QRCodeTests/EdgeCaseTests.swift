import Testing
@testable import QRCode

@Suite("Version selection and edge cases")
struct EdgeCaseTests {
    @Test("empty input encodes as version 1")
    func empty() throws {
        let code = try QRCode(bytes: [UInt8]())
        #expect(code.version == 1 && code.size == 21)
    }

    @Test("14 bytes fill 1-M exactly; 15 bytes move to version 2")
    func v1MediumBoundary() throws {
        #expect(try QRCode(bytes: [UInt8](repeating: 0x41, count: 14)).version == 1)
        #expect(try QRCode(bytes: [UInt8](repeating: 0x41, count: 15)).version == 2)
    }

    @Test("2953 bytes fit 40-L exactly; 2954 throw dataTooLong with the maximum")
    func v40LowBoundary() throws {
        var rng = SplitMix64(seed: 40)
        let payload = rng.bytes(2953)
        let code = try QRCode(bytes: payload, errorCorrection: .low)
        #expect(code.version == 40 && code.size == 177)
        #expect(throws: QRCodeError.dataTooLong(byteCount: 2954, maximum: 2953, errorCorrection: .low)) {
            try QRCode(bytes: payload + [0], errorCorrection: .low)
        }
    }

    @Test("too-long input at the default level reports 2331 bytes as the maximum in a readable message")
    func tooLongMessage() {
        do {
            _ = try QRCode(bytes: [UInt8](repeating: 0, count: 5000))
            Issue.record("expected an error")
        } catch {
            #expect(error == .dataTooLong(byteCount: 5000, maximum: 2331, errorCorrection: .medium))
            #expect(error.description.contains("5000 bytes exceeds the 2331-byte capacity of version 40"))
        }
    }

    @Test("minimumVersion is honoured and validated; forced masks are validated")
    func parameterValidation() throws {
        #expect(try QRCode(text: "a", minimumVersion: 17).version == 17)
        #expect(throws: QRCodeError.invalidVersion(0)) { try QRCode(text: "a", minimumVersion: 0) }
        #expect(throws: QRCodeError.invalidVersion(41)) { try QRCode(text: "a", minimumVersion: 41) }
        #expect(throws: QRCodeError.invalidMask(8)) { try QRCode(text: "a", mask: 8) }
    }

    @Test("a payload at a version's capacity selects exactly that version (around the 8/16-bit count switch too)",
          arguments: ErrorCorrection.allCases)
    func smallestVersion(level: ErrorCorrection) throws {
        for version in [1, 2, 8, 9, 10, 11, 26, 39] {
            let capacity = QRCode.byteCapacity(version: version, errorCorrection: level)
            let code = try QRCode(bytes: [UInt8](repeating: 0x5A, count: capacity), errorCorrection: level)
            #expect(code.version == version)
        }
    }

    @Test("text init encodes UTF-8 bytes, identical to bytes init")
    func textIsUTF8() throws {
        let text = "otpauth://totp/Шлюз:Иван?secret=JBSWY3DPEHPK3PXP&issuer=Шлюз"
        #expect(try QRCode(text: text) == QRCode(bytes: Array(text.utf8)))
    }
}
