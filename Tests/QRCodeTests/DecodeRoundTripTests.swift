import Testing
import QRCode

/// SVG → rsvg-convert → PNG → zbarimg must return the exact payload bytes.
/// Missing tools make these tests fail (see ExternalDecoder.tool), never skip.
/// Serialized to stay gentle on a small shared machine.
@Suite("Decoding round-trip through rsvg-convert and zbarimg", .serialized)
struct DecodeRoundTripTests {
    static let gatehouse = "otpauth://totp/Gatehouse:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Gatehouse"
    static let cyrillicRaw = "otpauth://totp/Шлюз:Иван?secret=JBSWY3DPEHPK3PXP&issuer=Шлюз"
    static let cyrillicPercentEncoded =
        "otpauth://totp/%D0%A8%D0%BB%D1%8E%D0%B7:%D0%98%D0%B2%D0%B0%D0%BD?secret=JBSWY3DPEHPK3PXP&issuer=%D0%A8%D0%BB%D1%8E%D0%B7"

    @Test("otpauth URIs decode byte-for-byte at every level (ASCII, raw UTF-8 Cyrillic, percent-encoded Cyrillic)",
          arguments: [gatehouse, cyrillicRaw, cyrillicPercentEncoded], ErrorCorrection.allCases)
    func otpauth(text: String, level: ErrorCorrection) throws {
        let code = try QRCode(text: text, errorCorrection: level)
        #expect(try ExternalDecoder.decode(code) == Array(text.utf8), "v\(code.version) mask \(code.mask)")
    }

    @Test("the 85-byte enrolment URI is version 6 at level M and decodes at version ≥ 7 too (version-information blocks)")
    func otpauthVersions() throws {
        let code = try QRCode(text: Self.gatehouse)
        #expect(code.version == 6)
        for version in [7, 10] {
            let larger = try QRCode(text: Self.gatehouse, minimumVersion: version)
            #expect(larger.version == version)
            #expect(try ExternalDecoder.decode(larger) == Array(Self.gatehouse.utf8))
        }
    }

    @Test("an enrolment URI (ASCII and Cyrillic issuer/account) decodes exactly at forced versions 5 … 40; version 1 holds only 14 bytes at level M, so it is covered by the random payloads",
          arguments: [5, 7, 10, 25, 40])
    func otpauthAtVersion(version: Int) throws {
        for uri in ["otpauth://totp/G:a?secret=JBSWY3DPEHPK3PXP&issuer=G", Self.cyrillicPercentEncoded] {
            let code = try QRCode(text: uri, minimumVersion: version)
            guard code.version == version else { continue }  // the Cyrillic URI needs more than version 5
            #expect(try ExternalDecoder.decode(code) == Array(uri.utf8), "v\(version)")
        }
    }

    @Test("percent-encoded (pure ASCII) payloads survive zbarimg's default text mode unchanged")
    func asciiNeedsNoCharsetGuessing() throws {
        for text in [Self.gatehouse, Self.cyrillicPercentEncoded] {
            #expect(try ExternalDecoder.decodeAsText(QRCode(text: text)) == text)
        }
    }

    @Test("random bytes filling a version to capacity decode exactly",
          arguments: [1, 5, 7, 10, 15, 25, 40], ErrorCorrection.allCases)
    func randomAtCapacity(version: Int, level: ErrorCorrection) throws {
        // Seeded from (version, level) so failures reproduce; hashValue would vary per run.
        let levelIndex = ErrorCorrection.allCases.firstIndex(of: level) ?? 0
        var rng = SplitMix64(seed: UInt64(version * 10 + levelIndex))
        let payload = rng.bytes(QRCode.byteCapacity(version: version, errorCorrection: level))
        let code = try QRCode(bytes: payload, errorCorrection: level)
        #expect(code.version == version)
        #expect(try ExternalDecoder.decode(code) == payload)
    }

    @Test("short random payloads forced to a larger version with minimumVersion decode exactly",
          arguments: [2, 6, 7, 14, 21, 32])
    func randomWithMinimumVersion(version: Int) throws {
        var rng = SplitMix64(seed: UInt64(1000 + version))
        let payload = rng.bytes(23)
        let code = try QRCode(bytes: payload, minimumVersion: version)
        #expect(code.version == version)
        #expect(try ExternalDecoder.decode(code) == payload)
    }

    @Test("each of the 8 mask patterns decodes (versions 1 and 7)", arguments: 0..<8)
    func everyMask(mask: Int) throws {
        for version in [1, 7] {
            let code = try QRCode(text: "mask \(mask)", minimumVersion: version, mask: mask)
            #expect(try ExternalDecoder.decode(code) == Array("mask \(mask)".utf8))
        }
    }

    @Test("empty payload decodes to nothing")
    func empty() throws {
        #expect(try ExternalDecoder.decode(QRCode(bytes: [UInt8]())) == [])
    }
}

@Suite("External tool discovery")
struct ExternalToolTests {
    @Test("a missing decoding tool is an error naming the Debian package to install, not a skip")
    func missingTool() {
        do {
            _ = try ExternalDecoder.tool("no-such-qr-tool-xyz", package: "zbar-tools")
            Issue.record("lookup of a nonexistent tool succeeded")
        } catch {
            #expect("\(error)".contains("no-such-qr-tool-xyz not found on PATH"))
            #expect("\(error)".contains("apt-get install -y zbar-tools"))
        }
    }
}
