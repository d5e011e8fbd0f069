/// An Argon2 hash in PHC string format, as the reference implementation writes it:
/// `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>` (base64, no padding).
public struct PHCString: Sendable, Hashable, CustomStringConvertible {
    public var variant: Argon2Variant
    public var version: UInt32
    /// Cost parameters; `saltLength` and `hashLength` match `salt` and `hash`.
    public var parameters: Argon2Parameters
    public var salt: [UInt8]
    public var hash: [UInt8]

    /// Longest string worth looking at: all fields at their maximum fit in ~230 bytes.
    static let maximumEncodedLength = 512

    public init(variant: Argon2Variant, parameters: Argon2Parameters, salt: [UInt8], hash: [UInt8]) {
        self.variant = variant
        self.version = Argon2.version
        self.salt = salt
        self.hash = hash
        var parameters = parameters
        parameters.saltLength = salt.count
        parameters.hashLength = hash.count
        self.parameters = parameters
    }

    /// Parses and bounds-checks a PHC string (see `Argon2Parameters.validate()`).
    public init(parsing text: String) throws(Argon2Error) {
        let utf8 = Array(text.utf8)
        guard utf8.count <= Self.maximumEncodedLength else { throw .malformedPHCString(reason: "too long") }
        let fields = utf8.split(separator: UInt8(ascii: "$"), omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0].isEmpty else {
            throw .malformedPHCString(reason: "expected $variant$v=…$m=…,t=…,p=…$salt$hash")
        }
        let variantName = String(decoding: fields[1], as: UTF8.self)
        guard let variant = Argon2Variant(identifier: variantName) else { throw .unsupportedVariant(variantName) }

        let version = try Self.number(in: fields[2], key: "v")
        guard version == Argon2.version else { throw .unsupportedVersion(version) }

        let costs = fields[3].split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        guard costs.count == 3 else { throw .malformedPHCString(reason: "expected m=…,t=…,p=…") }
        let memory = try Self.number(in: costs[0], key: "m")
        let iterations = try Self.number(in: costs[1], key: "t")
        let parallelism = try Self.number(in: costs[2], key: "p")

        guard let salt = Base64.decode(fields[4]) else { throw .malformedPHCString(reason: "bad salt base64") }
        guard let hash = Base64.decode(fields[5]) else { throw .malformedPHCString(reason: "bad hash base64") }

        let parameters = Argon2Parameters(
            memoryKiB: memory, iterations: iterations, parallelism: parallelism,
            saltLength: salt.count, hashLength: hash.count)
        try parameters.validate()
        self.variant = variant
        self.version = version
        self.parameters = parameters
        self.salt = salt
        self.hash = hash
    }

    /// The encoded string.
    public var description: String {
        "$\(variant.identifier)$v=\(version)$m=\(parameters.memoryKiB),t=\(parameters.iterations)"
            + ",p=\(parameters.parallelism)$\(Base64.encode(salt))$\(Base64.encode(hash))"
    }

    /// Parses `key=<decimal>`; decimals are canonical (no sign, no leading zeros)
    /// and must fit in 32 bits.
    private static func number(in field: ArraySlice<UInt8>, key: Character) throws(Argon2Error) -> UInt32 {
        let prefix = Array("\(key)=".utf8)
        guard field.starts(with: prefix) else { throw .malformedPHCString(reason: "expected \(key)=") }
        let digits = field.dropFirst(prefix.count)
        guard let first = digits.first, digits.count <= 10, first != UInt8(ascii: "0") || digits.count == 1 else {
            throw .malformedPHCString(reason: "bad number for \(key)")
        }
        var value: UInt64 = 0
        for digit in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else {
                throw .malformedPHCString(reason: "bad number for \(key)")
            }
            value = value * 10 + UInt64(digit - UInt8(ascii: "0"))
        }
        guard let result = UInt32(exactly: value) else { throw .malformedPHCString(reason: "\(key) out of range") }
        return result
    }
}
