/// BLAKE2b (RFC 7693) with a variable digest length of 1…64 bytes and an optional key.
///
/// Streaming use: `init`, any number of `update`, then `finalize`.
public struct Blake2b: Sendable {
    public static let maximumOutputLength = 64
    public static let maximumKeyLength = 64
    static let blockLength = 128

    static let iv: [UInt64] = [
        0x6a09_e667_f3bc_c908, 0xbb67_ae85_84ca_a73b, 0x3c6e_f372_fe94_f82b, 0xa54f_f53a_5f1d_36f1,
        0x510e_527f_ade6_82d1, 0x9b05_688c_2b3e_6c1f, 0x1f83_d9ab_fb41_bd6b, 0x5be0_cd19_137e_2179,
    ]

    // Message word schedule; rounds 10 and 11 reuse rows 0 and 1.
    static let sigma: [[Int]] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
        [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
        [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
        [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
        [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
        [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
        [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
        [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
        [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
        [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
    ]

    private var state: [UInt64]
    private var buffer: [UInt8]
    private var bufferCount = 0
    private var byteCount: (low: UInt64, high: UInt64) = (0, 0)
    public let outputLength: Int

    /// - Throws: `Argon2Error.invalidBlake2bParameters` if `outputLength` is not 1…64
    ///   or the key is longer than 64 bytes.
    public init(outputLength: Int, key: [UInt8] = []) throws(Argon2Error) {
        guard (1...Self.maximumOutputLength).contains(outputLength), key.count <= Self.maximumKeyLength else {
            throw .invalidBlake2bParameters(outputLength: outputLength, keyLength: key.count)
        }
        self.init(validatedOutputLength: outputLength, key: key)
    }

    init(validatedOutputLength outputLength: Int, key: [UInt8] = []) {
        self.outputLength = outputLength
        state = Self.iv
        // Parameter block word 0: digest length, key length, fanout 1, depth 1.
        state[0] ^= 0x0101_0000 ^ (UInt64(key.count) << 8) ^ UInt64(outputLength)
        buffer = [UInt8](repeating: 0, count: Self.blockLength)
        if !key.isEmpty {
            // A key is absorbed as a full zero-padded first block.
            update(key)
            bufferCount = Self.blockLength
        }
    }

    /// One-shot convenience.
    public static func hash(
        _ input: some Collection<UInt8>, outputLength: Int, key: [UInt8] = []
    ) throws(Argon2Error) -> [UInt8] {
        var hasher = try Blake2b(outputLength: outputLength, key: key)
        hasher.update(input)
        return hasher.finalize()
    }

    public mutating func update(_ input: some Collection<UInt8>) {
        // The last block must be compressed with the final flag, so a full buffer
        // is only compressed once more input arrives.
        for byte in input {
            if bufferCount == Self.blockLength {
                incrementCounter(by: UInt64(Self.blockLength))
                compress(isLast: false)
                bufferCount = 0
            }
            buffer[bufferCount] = byte
            bufferCount += 1
        }
    }

    mutating func update(littleEndian value: UInt32) {
        update(
            CollectionOfFour(
                UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8),
                UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 24)))
    }

    public consuming func finalize() -> [UInt8] {
        incrementCounter(by: UInt64(bufferCount))
        for index in bufferCount..<Self.blockLength { buffer[index] = 0 }
        compress(isLast: true)
        var output = [UInt8](repeating: 0, count: outputLength)
        for index in 0..<outputLength {
            output[index] = UInt8(truncatingIfNeeded: state[index / 8] >> (8 * UInt64(index % 8)))
        }
        wipe()
        return output
    }

    private mutating func wipe() {
        for index in state.indices { state[index] = 0 }
        for index in buffer.indices { buffer[index] = 0 }
    }

    private mutating func incrementCounter(by amount: UInt64) {
        let (low, overflow) = byteCount.low.addingReportingOverflow(amount)
        byteCount = (low, byteCount.high &+ (overflow ? 1 : 0))
    }

    private mutating func compress(isLast: Bool) {
        var m = [UInt64](repeating: 0, count: 16)
        for word in 0..<16 {
            var value: UInt64 = 0
            for byte in 0..<8 { value |= UInt64(buffer[word * 8 + byte]) << (8 * UInt64(byte)) }
            m[word] = value
        }
        var v = state + Self.iv
        v[12] ^= byteCount.low
        v[13] ^= byteCount.high
        if isLast { v[14] = ~v[14] }

        @inline(__always)
        func mix(_ a: Int, _ b: Int, _ c: Int, _ d: Int, _ x: UInt64, _ y: UInt64) {
            v[a] = v[a] &+ v[b] &+ x
            v[d] = rotateRight(v[d] ^ v[a], 32)
            v[c] = v[c] &+ v[d]
            v[b] = rotateRight(v[b] ^ v[c], 24)
            v[a] = v[a] &+ v[b] &+ y
            v[d] = rotateRight(v[d] ^ v[a], 16)
            v[c] = v[c] &+ v[d]
            v[b] = rotateRight(v[b] ^ v[c], 63)
        }

        for round in 0..<12 {
            let s = Self.sigma[round % 10]
            mix(0, 4, 8, 12, m[s[0]], m[s[1]])
            mix(1, 5, 9, 13, m[s[2]], m[s[3]])
            mix(2, 6, 10, 14, m[s[4]], m[s[5]])
            mix(3, 7, 11, 15, m[s[6]], m[s[7]])
            mix(0, 5, 10, 15, m[s[8]], m[s[9]])
            mix(1, 6, 11, 12, m[s[10]], m[s[11]])
            mix(2, 7, 8, 13, m[s[12]], m[s[13]])
            mix(3, 4, 9, 14, m[s[14]], m[s[15]])
        }
        for index in 0..<8 { state[index] ^= v[index] ^ v[index + 8] }
    }
}

@inline(__always)
func rotateRight(_ value: UInt64, _ count: UInt64) -> UInt64 {
    (value &>> count) | (value &<< (64 &- count))
}

/// Four bytes without a heap allocation, for little-endian length prefixes.
struct CollectionOfFour: RandomAccessCollection {
    private let bytes: (UInt8, UInt8, UInt8, UInt8)
    init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) { bytes = (a, b, c, d) }
    var startIndex: Int { 0 }
    var endIndex: Int { 4 }
    subscript(position: Int) -> UInt8 {
        switch position {
        case 0: bytes.0
        case 1: bytes.1
        case 2: bytes.2
        default: bytes.3
        }
    }
}

// MARK: - Argon2's variable-length hash H' (RFC 9106 §3.3)

extension Blake2b {
    /// H'^T(X): digests longer than 64 bytes are built from a chain of BLAKE2b-512
    /// outputs, keeping the first 32 bytes of each.
    static func variableLengthHash(
        outputLength: Int, _ parts: [UInt8]...
    ) -> [UInt8] {
        // Callers validate the tag length (4…2³²−1); every BLAKE2b length below is 1…64.
        func blake(_ length: Int, _ feed: (inout Blake2b) -> Void) -> [UInt8] {
            var hasher = Blake2b(validatedOutputLength: length)
            feed(&hasher)
            return hasher.finalize()
        }
        let prefix = UInt32(truncatingIfNeeded: outputLength)
        if outputLength <= 64 {
            return blake(outputLength) { hasher in
                hasher.update(littleEndian: prefix)
                for part in parts { hasher.update(part) }
            }
        }
        var output = [UInt8]()
        output.reserveCapacity(outputLength)
        var v = blake(64) { hasher in
            hasher.update(littleEndian: prefix)
            for part in parts { hasher.update(part) }
        }
        output.append(contentsOf: v[0..<32])
        let r = (outputLength + 31) / 32 - 2
        for _ in 1..<r {
            v = blake(64) { $0.update(v) }
            output.append(contentsOf: v[0..<32])
        }
        let last = blake(outputLength - 32 * r) { $0.update(v) }
        output.append(contentsOf: last)
        return output
    }
}
