import Testing
@testable import Argon2

@Suite("BLAKE2b (RFC 7693)")
struct Blake2bTests {
    @Test("BLAKE2b-512 of \"abc\" matches RFC 7693 Appendix A")
    func abc() throws {
        let digest = try Blake2b.hash(Array("abc".utf8), outputLength: 64)
        #expect(digest.hex == "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
            + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923")
    }

    @Test("BLAKE2b-512 of the empty string is the well-known digest")
    func empty() throws {
        let digest = try Blake2b.hash([UInt8](), outputLength: 64)
        #expect(digest.hex == "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419"
            + "d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce")
    }

    // Expected values from Python's hashlib.blake2b (digest_size / key parameters).
    @Test("Variable output lengths and keys agree with an independent implementation", arguments: [
        ((0..<256).map { UInt8($0) }, 32, [UInt8](), "39a7eb9fedc19aabc83425c6755dd90e6f9d0c804964a1f4aaeea3b9fb599835"),
        (Array(0..<255), 64, Array(0..<64),
         "142709d62e28fcccd0af97fad0f8465b971e82201dc51070faa0372aa43e9248"
            + "4be1c1e73ba10906d5d1853db6a4106e0a7bf9800d373d6dee2d46d62ef2a461"),
        (Array(0..<128), 20, Array("k".utf8), "d8d8d06aeda98ab1e42ec8d0c1c0dcd596c316a1"),
        (Array(0..<129), 1, [UInt8](), "c7"),
    ] as [([UInt8], Int, [UInt8], String)])
    func variableLength(input: [UInt8], length: Int, key: [UInt8], expected: String) throws {
        #expect(try Blake2b.hash(input, outputLength: length, key: key).hex == expected)
    }

    @Test("Streaming in uneven chunks gives the one-shot digest")
    func streaming() throws {
        let input = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var hasher = try Blake2b(outputLength: 48)
        var offset = 0
        for chunk in [1, 127, 128, 129, 0, 300, 315] {
            hasher.update(input[offset..<offset + chunk])
            offset += chunk
        }
        #expect(hasher.finalize() == (try Blake2b.hash(input, outputLength: 48)))
    }

    @Test("Output lengths outside 1…64 and keys over 64 bytes are rejected with an error")
    func invalidParameters() {
        #expect(throws: Argon2Error.self) { try Blake2b(outputLength: 0) }
        #expect(throws: Argon2Error.self) { try Blake2b(outputLength: 65) }
        #expect(throws: Argon2Error.self) { try Blake2b(outputLength: 32, key: Array(repeating: 1, count: 65)) }
    }

    @Test("H' returns exactly the requested length, with a 64-byte BLAKE2b prefix for long outputs")
    func variableLengthHashShape() {
        for length in [1, 4, 32, 64, 65, 96, 97, 128, 1024] {
            #expect(Blake2b.variableLengthHash(outputLength: length, [1, 2, 3]).count == length)
        }
        // For T > 64 the first 32 bytes are those of BLAKE2b-512(LE32(T) ‖ X).
        let long = Blake2b.variableLengthHash(outputLength: 100, [9])
        let first = try? Blake2b.hash([100, 0, 0, 0, 9], outputLength: 64)
        #expect(Array(long[0..<32]) == first.map { Array($0[0..<32]) })
    }
}
