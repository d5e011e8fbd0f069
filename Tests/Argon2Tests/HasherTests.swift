import Testing
import Argon2

@Suite("Argon2idHasher")
struct HasherTests {
    // Small costs keep the suite fast; behaviour does not depend on them.
    static let fast = Argon2Parameters(memoryKiB: 64, iterations: 1, parallelism: 1)
    let hasher = Argon2idHasher(parameters: HasherTests.fast)

    @Test("Default parameters are OWASP's Argon2id minimum: m=19456 KiB, t=2, p=1, 16-byte salt, 32-byte hash")
    func defaults() {
        let parameters = Argon2Parameters.default
        #expect(parameters == Argon2Parameters(
            memoryKiB: 19456, iterations: 2, parallelism: 1, saltLength: 16, hashLength: 32))
        #expect(Argon2idHasher().parameters == parameters)
    }

    @Test("Hashing with the default parameters produces a verifiable $argon2id$v=19$m=19456,t=2,p=1 string")
    func defaultHash() throws {
        let hasher = Argon2idHasher()
        let phc = try hasher.hash(password: "correct horse battery staple".utf8)
        #expect(phc.hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"))
        #expect(hasher.verify(password: "correct horse battery staple".utf8, against: phc))
        #expect(!hasher.needsRehash(phc))
    }

    @Test("A hash verifies with the right password and not with a wrong one")
    func verify() throws {
        let phc = try hasher.hash(password: "hunter2".utf8)
        #expect(hasher.verify(password: "hunter2".utf8, against: phc))
        #expect(!hasher.verify(password: "hunter3".utf8, against: phc))
        #expect(!hasher.verify(password: "".utf8, against: phc))
    }

    @Test("Each hash gets a fresh random salt of the configured length")
    func randomSalt() throws {
        let first = try PHCString(parsing: try hasher.hash(password: "same".utf8))
        let second = try PHCString(parsing: try hasher.hash(password: "same".utf8))
        #expect(first.salt.count == 16)
        #expect(first.salt != second.salt)
        #expect(first.hash != second.hash)
        var oddSalt = HasherTests.fast
        oddSalt.saltLength = 21
        #expect(try PHCString(parsing: try Argon2idHasher(parameters: oddSalt).hash(password: "x".utf8)).salt.count == 21)
    }

    @Test("Hashing with an explicit salt is deterministic and matches the reference implementation")
    func deterministic() throws {
        let hasher = Argon2idHasher(parameters: Argon2Parameters(memoryKiB: 65536, iterations: 2, parallelism: 1))
        let phc = try hasher.hash(password: "password".utf8, salt: Array("somesalt".utf8))
        #expect(phc == "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")
    }

    @Test("Verification uses the costs and variant stored in the string, not the hasher's")
    func verifyUsesStoredParameters() {
        // Reference outputs for argon2i and argon2id at costs different from `fast`.
        #expect(hasher.verify(
            password: "password".utf8,
            against: "$argon2i$v=19$m=256,t=1,p=2$c29tZXNhbHQ$vyYR+WlctiewR/mQmGNGiL0eADxn2VchBLXHbp7LKRc"))
        #expect(hasher.verify(
            password: "differentpassword".utf8,
            against: "$argon2id$v=19$m=256,t=3,p=4$ZGlmZnNhbHQ$b3IZ2GwTqJzotVWSMRrGXySnOIAqmxry"))
    }

    @Test("Malformed or tampered strings verify as false without throwing", arguments: [
        "",
        "not a hash",
        "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ",
        "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$!!!!",
        "$argon2id$v=19$m=4194305,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=256,t=3,p=4$ZGlmZnNhbHQ$b3IZ2GwTqJzotVWSMRrGXySnOIAqmxrz",   // last char changed
        "$argon2id$v=19$m=256,t=3,p=4$ZGlmZnNhbHQ$b3IZ2GwTqJzotVWSMRrGXySnOIAqmxryAAA", // longer tag
    ])
    func verifyMalformed(phc: String) {
        #expect(!hasher.verify(password: "differentpassword".utf8, against: phc))
    }

    @Test("needsRehash is false only for Argon2id v19 strings with exactly the current parameters")
    func needsRehash() throws {
        let current = try hasher.hash(password: "pw".utf8)
        #expect(!hasher.needsRehash(current))

        let stronger = Argon2idHasher(parameters: Argon2Parameters(memoryKiB: 128, iterations: 1, parallelism: 1))
        #expect(stronger.needsRehash(current))
        var moreIterations = HasherTests.fast
        moreIterations.iterations = 2
        #expect(Argon2idHasher(parameters: moreIterations).needsRehash(current))
        var moreLanes = HasherTests.fast
        moreLanes.parallelism = 2
        #expect(Argon2idHasher(parameters: moreLanes).needsRehash(current))
        var longerSalt = HasherTests.fast
        longerSalt.saltLength = 32
        #expect(Argon2idHasher(parameters: longerSalt).needsRehash(current))
        var longerHash = HasherTests.fast
        longerHash.hashLength = 64
        #expect(Argon2idHasher(parameters: longerHash).needsRehash(current))

        let argon2i = try PHCString(parsing: current)
        var asArgon2i = argon2i
        asArgon2i.variant = .argon2i
        #expect(hasher.needsRehash(asArgon2i.description))
        #expect(hasher.needsRehash("garbage"))
        #expect(hasher.needsRehash(current.replacingFirst("v=19", with: "v=16")))
    }

    @Test("Out-of-range hasher parameters throw when hashing instead of trapping", arguments: [
        Argon2Parameters(memoryKiB: 64, iterations: 1, parallelism: 1, saltLength: 4),
        Argon2Parameters(memoryKiB: 64, iterations: 1, parallelism: 1, saltLength: 65),
        Argon2Parameters(memoryKiB: 64, iterations: 1, parallelism: 1, hashLength: 65),
        Argon2Parameters(memoryKiB: 64, iterations: 1001, parallelism: 1),
        Argon2Parameters(memoryKiB: 64, iterations: 1, parallelism: 300),
        Argon2Parameters(memoryKiB: 5_000_000, iterations: 1, parallelism: 1),
    ])
    func invalidHasherParameters(parameters: Argon2Parameters) {
        #expect(throws: Argon2Error.self) { try Argon2idHasher(parameters: parameters).hash(password: "pw".utf8) }
        #expect(throws: Argon2Error.self) { try parameters.validate() }
    }

    @Test("Explicit salts outside 8…64 bytes are rejected")
    func invalidExplicitSalt() {
        #expect(throws: Argon2Error.invalidSaltLength(7)) {
            try hasher.hash(password: "pw".utf8, salt: Array(repeating: 1, count: 7))
        }
        #expect(throws: Argon2Error.invalidSaltLength(65)) {
            try hasher.hash(password: "pw".utf8, salt: Array(repeating: 1, count: 65))
        }
    }

    @Test("Constant-time comparison: equal arrays match, any differing byte or length does not")
    func constantTime() {
        let a: [UInt8] = [1, 2, 3, 4]
        #expect(ConstantTime.equals(a, [1, 2, 3, 4]))
        #expect(ConstantTime.equals([], []))
        #expect(!ConstantTime.equals(a, [1, 2, 3, 5]))
        #expect(!ConstantTime.equals(a, [0, 2, 3, 4]))
        #expect(!ConstantTime.equals(a, [1, 2, 3]))
        #expect(!ConstantTime.equals(a, [1, 2, 3, 4, 0]))
    }
}

extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
