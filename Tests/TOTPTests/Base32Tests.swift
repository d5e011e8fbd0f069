import Testing
import TOTP

@Suite("Base32")
struct Base32Tests {
    /// RFC 4648 §10 (padded as in the RFC; our encoder leaves the padding out).
    static let rfc4648: [(String, String)] = [
        ("", ""), ("f", "MY======"), ("fo", "MZXQ===="), ("foo", "MZXW6==="),
        ("foob", "MZXW6YQ="), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI======"),
    ]

    @Test("RFC 4648 test vectors", arguments: rfc4648)
    func vectors(plain: String, encoded: String) {
        let bytes = Array(plain.utf8)
        let unpadded = String(encoded.prefix { $0 != "=" })
        #expect(Base32.encode(bytes) == unpadded)
        #expect(Base32.decode(encoded) == bytes)
        #expect(Base32.decode(unpadded) == bytes)
        #expect(Base32.decode(unpadded.lowercased()) == bytes)
    }

    @Test("Random byte strings of every length 0…64 round-trip")
    func roundTrips() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...64 {
            let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            let encoded = Base32.encode(bytes)
            #expect(!encoded.contains("="))
            #expect(Base32.decode(encoded) == bytes)
            #expect(Base32.decode(Base32.grouped(encoded.lowercased(), separator: "-")) == bytes)
        }
    }

    @Test("Tolerates case, spaces, tabs, newlines and hyphens")
    func tolerant() {
        let expected = Base32.decode("JBSWY3DPEHPK3PXP")
        #expect(expected != nil)
        #expect(Base32.decode("jbsw y3dp ehpk 3pxp") == expected)
        #expect(Base32.decode("JBSW-Y3DP-EHPK-3PXP") == expected)
        #expect(Base32.decode(" jbswY3dp\tEHPK\n3pxp\r\n") == expected)
    }

    @Test("Rejects foreign characters, inner padding and impossible lengths",
          arguments: ["JBSW1", "JBSW8", "JBSWY3DP!", "MY==MY==", "M", "MZX", "MZXW6Y", "JBSWY3DPEHPK3PXPA",
                      "ЖBSWY3DP", "MZXW6YQ=A"])
    func rejects(text: String) {
        #expect(Base32.decode(text) == nil)
    }

    @Test("Grouping for display")
    func grouping() {
        #expect(Base32.grouped("JBSWY3DPEHPK3PXP") == "JBSW Y3DP EHPK 3PXP")
        #expect(Base32.grouped("ABCDEFGHIJ") == "ABCD EFGH IJ")
        #expect(Base32.grouped("") == "")
        #expect(Base32.grouped("ABCD") == "ABCD")
    }
}
