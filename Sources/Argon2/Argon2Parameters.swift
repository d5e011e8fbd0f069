/// The three Argon2 variants; raw values are the type numbers `y` of RFC 9106.
public enum Argon2Variant: UInt32, Sendable, Hashable, CaseIterable {
    case argon2d = 0
    case argon2i = 1
    case argon2id = 2

    /// The identifier used in PHC strings (`argon2d`, `argon2i`, `argon2id`).
    public var identifier: String {
        switch self {
        case .argon2d: "argon2d"
        case .argon2i: "argon2i"
        case .argon2id: "argon2id"
        }
    }

    public init?(identifier: some StringProtocol) {
        switch identifier {
        case "argon2d": self = .argon2d
        case "argon2i": self = .argon2i
        case "argon2id": self = .argon2id
        default: return nil
        }
    }
}

/// Cost parameters plus the salt and tag lengths a hasher produces.
public struct Argon2Parameters: Sendable, Hashable {
    public var memoryKiB: UInt32
    public var iterations: UInt32
    public var parallelism: UInt32
    public var saltLength: Int
    public var hashLength: Int

    public init(
        memoryKiB: UInt32, iterations: UInt32, parallelism: UInt32,
        saltLength: Int = 16, hashLength: Int = 32
    ) {
        self.memoryKiB = memoryKiB
        self.iterations = iterations
        self.parallelism = parallelism
        self.saltLength = saltLength
        self.hashLength = hashLength
    }

    /// OWASP's recommended minimum for Argon2id: 19 MiB, 2 passes, 1 lane.
    public static let `default` = Argon2Parameters(memoryKiB: 19456, iterations: 2, parallelism: 1)

    // Upper bounds for stored hashes and hasher configuration: a PHC string read from a
    // database must not be able to make verification allocate or spin without bound.
    public static let maximumMemoryKiB: UInt32 = 4 * 1024 * 1024
    public static let iterationRange: ClosedRange<UInt32> = 1...1000
    public static let parallelismRange: ClosedRange<UInt32> = 1...255
    public static let saltLengthRange: ClosedRange<Int> = 8...64
    public static let hashLengthRange: ClosedRange<Int> = 4...64

    /// Checks the bounds that PHC strings and `Argon2idHasher` accept
    /// (stricter than what the raw `Argon2.hash` function allows).
    public func validate() throws(Argon2Error) {
        guard Self.parallelismRange.contains(parallelism) else { throw .invalidParallelism(parallelism) }
        guard Self.iterationRange.contains(iterations) else { throw .invalidIterations(iterations) }
        guard memoryKiB >= 8 * parallelism, memoryKiB <= Self.maximumMemoryKiB else {
            throw .invalidMemory(memoryKiB: memoryKiB, parallelism: parallelism)
        }
        guard Self.saltLengthRange.contains(saltLength) else { throw .invalidSaltLength(saltLength) }
        guard Self.hashLengthRange.contains(hashLength) else { throw .invalidHashLength(hashLength) }
    }
}
