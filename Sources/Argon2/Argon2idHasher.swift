/// Password hashing with Argon2id, storing PHC strings.
///
/// ```swift
/// let hasher = Argon2idHasher()                      // m=19456 KiB, t=2, p=1
/// let stored = try hasher.hash(password: "hunter2".utf8)
/// hasher.verify(password: "hunter2".utf8, against: stored)   // true
/// hasher.needsRehash(stored)                                  // false
/// ```
public struct Argon2idHasher: Sendable {
    public let parameters: Argon2Parameters

    /// Parameters are checked when hashing; call `parameters.validate()` at start-up
    /// to fail fast on a bad configuration.
    public init(parameters: Argon2Parameters = .default) {
        self.parameters = parameters
    }

    /// Hashes with a fresh random salt of `parameters.saltLength` bytes from the OS CSPRNG.
    /// - Throws: `Argon2Error` only if the parameters are out of range.
    public func hash(password: some Collection<UInt8>) throws(Argon2Error) -> String {
        try parameters.validate()
        return try hash(password: password, salt: Self.randomBytes(count: parameters.saltLength))
    }

    /// Deterministic hashing with the given salt (8…64 bytes).
    public func hash(password: some Collection<UInt8>, salt: [UInt8]) throws(Argon2Error) -> String {
        var parameters = parameters
        parameters.saltLength = salt.count
        try parameters.validate()
        let tag = try Argon2.hash(variant: .argon2id, password: password, salt: salt, parameters: parameters)
        return PHCString(variant: .argon2id, parameters: parameters, salt: salt, hash: tag).description
    }

    /// Checks a password against a stored PHC string, using the variant and costs
    /// recorded in it. Malformed or out-of-bounds strings verify as false.
    public func verify(password: some Collection<UInt8>, against phc: String) -> Bool {
        guard let stored = try? PHCString(parsing: phc),
            let tag = try? Argon2.hash(
                variant: stored.variant, password: password, salt: stored.salt,
                parameters: stored.parameters)
        else { return false }
        return ConstantTime.equals(tag, stored.hash)
    }

    /// True when the stored hash was made with anything other than Argon2id v19 at exactly
    /// these parameters (costs, salt and hash length), or cannot be parsed.
    public func needsRehash(_ phc: String) -> Bool {
        guard let stored = try? PHCString(parsing: phc) else { return true }
        return stored.variant != .argon2id || stored.version != Argon2.version || stored.parameters != parameters
    }

    /// Bytes from the OS CSPRNG (getrandom / arc4random), eight per generator call.
    static func randomBytes(count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8]()
        bytes.reserveCapacity(count + 7)
        while bytes.count < count {
            let word = generator.next()
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> shift)) }
        }
        return Array(bytes.prefix(count))
    }
}
