import Testing
import Argon2

@Suite("Argon2 known-answer tests")
struct Argon2VectorTests {
    // RFC 9106 §5: m=32 KiB, t=3, p=4, T=32, with secret and associated data.
    static let rfcParameters = Argon2Parameters(memoryKiB: 32, iterations: 3, parallelism: 4, hashLength: 32)

    @Test("RFC 9106 §5 test vectors for Argon2d, Argon2i and Argon2id", arguments: [
        (Argon2Variant.argon2d, "51 2b 39 1b 6f 11 62 97 53 71 d3 09 19 73 42 94 f8 68 e3 be 39 84 f3 c1 a1 3a 4d b9 fa be 4a cb"),
        (Argon2Variant.argon2i, "c8 14 d9 d1 dc 7f 37 aa 13 f0 d7 7f 24 94 bd a1 c8 de 6b 01 6d d3 88 d2 99 52 a4 c4 67 2b 6c e8"),
        (Argon2Variant.argon2id, "0d 64 0d f5 8d 78 76 6c 08 c0 37 a3 4a 8b 53 c9 d0 1e f0 45 2d 75 b6 5e b5 25 20 e9 6b 01 e6 59"),
    ])
    func rfc9106(variant: Argon2Variant, expectedTag: String) throws {
        let tag = try Argon2.hash(
            variant: variant,
            password: [UInt8](repeating: 0x01, count: 32),
            salt: [UInt8](repeating: 0x02, count: 16),
            secret: [UInt8](repeating: 0x03, count: 8),
            associatedData: [UInt8](repeating: 0x04, count: 12),
            parameters: Self.rfcParameters)
        #expect(tag == [UInt8](hex: expectedTag))
    }

    // Produced by the reference implementation (`echo -n PW | argon2 SALT -<v> -t T -m/-k M -p P -l L -e`);
    // the m=65536 argon2i/argon2id lines are also in the reference's src/test.c.
    @Test("PHC strings from the reference implementation are reproduced exactly", arguments: [
        ("password", "$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA"),
        ("password", "$argon2d$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$lV5dWxY6G2C7o1/DbQSWR0+6T2tZrVNihmbwf7L5Pq8"),
        ("password", "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"),
        ("password", "$argon2i$v=19$m=256,t=1,p=2$c29tZXNhbHQ$vyYR+WlctiewR/mQmGNGiL0eADxn2VchBLXHbp7LKRc"),
        ("password", "$argon2d$v=19$m=256,t=1,p=2$c29tZXNhbHQ$3Bfd5FQDUxmP/4r5fERoXwbqg/dPpB+wtl1p0wAW4v4"),
        ("password", "$argon2id$v=19$m=256,t=1,p=2$c29tZXNhbHQ$qi5fM169QCmZNmKTYJmX4cqNJowuRUFK41RYVx6nbrg"),
        ("differentpassword", "$argon2i$v=19$m=256,t=3,p=4$ZGlmZnNhbHQ$rxMIoqhQ5IAZpQl1MMJGaHLczRk3FYsy"),
        ("differentpassword", "$argon2d$v=19$m=256,t=3,p=4$ZGlmZnNhbHQ$xq4h/xjMhNwByOxxvl0opKxnsvRNMyaa"),
        ("differentpassword", "$argon2id$v=19$m=256,t=3,p=4$ZGlmZnNhbHQ$b3IZ2GwTqJzotVWSMRrGXySnOIAqmxry"),
        // m not a multiple of 4·p (rounded down to 32 blocks) and the minimum 4-byte tag.
        ("password", "$argon2id$v=19$m=37,t=1,p=2$c29tZXNhbHQ$0tAJG2/X9XC1bAl8qhr7hI4yDvQfOF97O1tL3EvxUmo"),
        ("password", "$argon2i$v=19$m=8,t=2,p=1$c29tZXNhbHQ$IC24rg"),
    ])
    func referencePHC(password: String, expected: String) throws {
        let phc = try PHCString(parsing: expected)
        let tag = try Argon2.hash(
            variant: phc.variant, password: password.utf8, salt: phc.salt, parameters: phc.parameters)
        let encoded = PHCString(variant: phc.variant, parameters: phc.parameters, salt: phc.salt, hash: tag)
        #expect(encoded.description == expected)
    }

    @Test("Tags longer than 64 bytes (multi-block H') match the reference implementation")
    func longTag() throws {
        // echo -n password | argon2 somesalt -d -t 1 -k 64 -p 1 -l 100 -r
        let tag = try Argon2.hash(
            variant: .argon2d, password: "password".utf8, salt: Array("somesalt".utf8),
            parameters: Argon2Parameters(memoryKiB: 64, iterations: 1, parallelism: 1, hashLength: 100))
        #expect(tag.hex == "9f9d2458cd08315ca4280ffd11bcc7e0bd517878874ad68aa830d21402558299c27a0a0b"
            + "f1454103f15dac85dba522b34b9de953336155784fa8effbf4acb01d269c42f0bb552bc46799c29a765e29fc"
            + "46ee603b2d2fc63f6bbc3bd368633292aa188fac")
    }

    @Test("Invalid inputs throw Argon2Error instead of trapping", arguments: [
        Argon2Parameters(memoryKiB: 32, iterations: 0, parallelism: 1),
        Argon2Parameters(memoryKiB: 32, iterations: 1, parallelism: 0),
        Argon2Parameters(memoryKiB: 15, iterations: 1, parallelism: 2),
        Argon2Parameters(memoryKiB: 7, iterations: 1, parallelism: 1),
        Argon2Parameters(memoryKiB: UInt32.max, iterations: 1, parallelism: 1),
        Argon2Parameters(memoryKiB: 64, iterations: 1, parallelism: 1 << 24),
        Argon2Parameters(memoryKiB: 32, iterations: 1, parallelism: 1, hashLength: 3),
        Argon2Parameters(memoryKiB: 32, iterations: 1, parallelism: 1, hashLength: -1),
    ])
    func invalidParameters(parameters: Argon2Parameters) {
        #expect(throws: Argon2Error.self) {
            try Argon2.hash(variant: .argon2id, password: [1], salt: Array(repeating: 2, count: 16), parameters: parameters)
        }
    }

    @Test("Salts shorter than 8 bytes are rejected")
    func shortSalt() {
        #expect(throws: Argon2Error.invalidSaltLength(7)) {
            try Argon2.hash(
                variant: .argon2i, password: [1], salt: Array(repeating: 2, count: 7),
                parameters: Argon2Parameters(memoryKiB: 32, iterations: 1, parallelism: 1))
        }
    }

    @Test("Empty passwords are valid input")
    func emptyPassword() throws {
        let tag = try Argon2.hash(
            variant: .argon2id, password: [UInt8](), salt: Array(repeating: 2, count: 8),
            parameters: Argon2Parameters(memoryKiB: 8, iterations: 1, parallelism: 1, hashLength: 4))
        #expect(tag.count == 4)
    }
}
