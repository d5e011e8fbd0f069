/// Argon2d / Argon2i / Argon2id, version 0x13 (RFC 9106).
///
/// Lanes are filled one after another (slice by slice, as the synchronisation points
/// allow), so the result is identical to a multi-threaded implementation for any `p`.
public enum Argon2 {
    /// The only supported version, 0x13 (decimal 19).
    public static let version: UInt32 = 0x13

    /// Computes the raw Argon2 tag of `parameters.hashLength` bytes.
    ///
    /// Limits here are RFC 9106's (salt ≥ 8 bytes, tag ≥ 4 bytes, 1 ≤ p < 2²⁴,
    /// m ≥ 8·p KiB, t ≥ 1) plus `Argon2Parameters.maximumMemoryKiB`.
    /// `parameters.saltLength` is ignored: the salt is given.
    public static func hash(
        variant: Argon2Variant,
        password: some Collection<UInt8>,
        salt: [UInt8],
        secret: [UInt8] = [],
        associatedData: [UInt8] = [],
        parameters: Argon2Parameters
    ) throws(Argon2Error) -> [UInt8] {
        let maximumLength = Int(UInt32.max)
        let passwordLength = password.count
        guard passwordLength <= maximumLength else { throw .invalidPasswordLength(passwordLength) }
        guard salt.count >= 8, salt.count <= maximumLength else { throw .invalidSaltLength(salt.count) }
        guard secret.count <= maximumLength else { throw .invalidSecretLength(secret.count) }
        guard associatedData.count <= maximumLength else {
            throw .invalidAssociatedDataLength(associatedData.count)
        }
        let tagLength = parameters.hashLength
        guard tagLength >= 4, tagLength <= maximumLength else { throw .invalidHashLength(tagLength) }
        let p = parameters.parallelism
        let m = parameters.memoryKiB
        let t = parameters.iterations
        guard p >= 1, p < 1 << 24 else { throw .invalidParallelism(p) }
        guard t >= 1 else { throw .invalidIterations(t) }
        guard m / 8 >= p, m <= Argon2Parameters.maximumMemoryKiB else {
            throw .invalidMemory(memoryKiB: m, parallelism: p)
        }

        // H0 (RFC 9106 §3.2 step 1): every input is length-prefixed, little-endian.
        var h0Hasher = Blake2b(validatedOutputLength: 64)
        for word in [p, UInt32(tagLength), m, t, version, variant.rawValue, UInt32(passwordLength)] {
            h0Hasher.update(littleEndian: word)
        }
        h0Hasher.update(password)
        for field in [salt, secret, associatedData] {
            h0Hasher.update(littleEndian: UInt32(field.count))
            h0Hasher.update(field)
        }
        var h0 = h0Hasher.finalize()
        defer { h0.wipe() }

        let memory = Argon2Memory(variant: variant, lanes: Int(p), memoryKiB: Int(m), passes: Int(t))
        defer { memory.release() }
        memory.initialiseFirstBlocks(h0: h0)
        memory.fill()
        var final = memory.finalBlockBytes()
        defer { final.wipe() }
        return Blake2b.variableLengthHash(outputLength: tagLength, final)
    }
}

extension Array where Element == UInt8 {
    /// Best-effort scrubbing of secret intermediates before the buffer is released.
    mutating func wipe() {
        for index in indices { self[index] = 0 }
    }
}

/// The m' KiB block matrix (p lanes × q columns) and the fill algorithm of RFC 9106 §3.2–3.4.
struct Argon2Memory {
    static let wordsPerBlock = 128
    /// A block is handled as 64 two-word SIMD registers.
    static let registersPerBlock = 64
    static let syncPoints = 4

    let variant: Argon2Variant
    let lanes: Int
    let laneLength: Int
    let segmentLength: Int
    let passes: Int
    let blockCount: Int
    /// All blocks, lane-major; allocated once per hash and zeroed before it is freed.
    /// Every block is written before it is read, so it needs no initial clearing.
    let blocks: UnsafeMutablePointer<Lane2>
    /// Scratch: compression state R, address block, address input block.
    let scratch: UnsafeMutablePointer<Lane2>

    init(variant: Argon2Variant, lanes: Int, memoryKiB: Int, passes: Int) {
        self.variant = variant
        self.lanes = lanes
        self.passes = passes
        // m' = 4·p·⌊m / 4p⌋ blocks of 1 KiB.
        segmentLength = memoryKiB / (Self.syncPoints * lanes)
        laneLength = segmentLength * Self.syncPoints
        blockCount = laneLength * lanes
        blocks = .allocate(capacity: blockCount * Self.registersPerBlock)
        scratch = .allocate(capacity: 3 * Self.registersPerBlock)
        scratch.initialize(repeating: .zero, count: 3 * Self.registersPerBlock)
    }

    func release() {
        blocks.update(repeating: .zero, count: blockCount * Self.registersPerBlock)
        scratch.update(repeating: .zero, count: 3 * Self.registersPerBlock)
        blocks.deallocate()
        scratch.deallocate()
    }

    @inline(__always)
    func block(lane: Int, column: Int) -> UnsafeMutablePointer<Lane2> {
        blocks + (lane * laneLength + column) * Self.registersPerBlock
    }

    /// B[i][0] = H'(H0 ‖ 0 ‖ i), B[i][1] = H'(H0 ‖ 1 ‖ i).
    func initialiseFirstBlocks(h0: [UInt8]) {
        for lane in 0..<lanes {
            for column in 0..<2 {
                var bytes = Blake2b.variableLengthHash(
                    outputLength: 1024, h0, littleEndianBytes(UInt32(column)), littleEndianBytes(UInt32(lane)))
                let destination = block(lane: lane, column: column)
                for word in 0..<Self.wordsPerBlock {
                    var value: UInt64 = 0
                    for byte in 0..<8 { value |= UInt64(bytes[word * 8 + byte]) << (8 * UInt64(byte)) }
                    destination[word / 2][word % 2] = value
                }
                bytes.wipe()
            }
        }
    }

    /// XOR of every lane's last block, serialised little-endian, input of the final H'.
    func finalBlockBytes() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: Self.wordsPerBlock * 8)
        for word in 0..<Self.wordsPerBlock {
            var value: UInt64 = 0
            for lane in 0..<lanes { value ^= block(lane: lane, column: laneLength - 1)[word / 2][word % 2] }
            for byte in 0..<8 { bytes[word * 8 + byte] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(byte))) }
        }
        return bytes
    }

    func fill() {
        for pass in 0..<passes {
            for slice in 0..<Self.syncPoints {
                // Within a slice, a lane only references other lanes' finished slices,
                // so filling lanes sequentially matches the parallel result.
                for lane in 0..<lanes {
                    fillSegment(pass: pass, lane: lane, slice: slice)
                }
            }
        }
    }

    private func fillSegment(pass: Int, lane: Int, slice: Int) {
        let dataIndependent =
            variant == .argon2i || (variant == .argon2id && pass == 0 && slice < Self.syncPoints / 2)
        let r = scratch
        let addresses = scratch + Self.registersPerBlock
        let input = scratch + 2 * Self.registersPerBlock

        if dataIndependent {
            // Words: pass, lane, slice, m', t, type, counter (input[3].x), then zeros.
            input.update(repeating: .zero, count: Self.registersPerBlock)
            input[0] = Lane2(UInt64(pass), UInt64(lane))
            input[1] = Lane2(UInt64(slice), UInt64(blockCount))
            input[2] = Lane2(UInt64(passes), UInt64(variant.rawValue))
        }

        var startingIndex = 0
        if pass == 0 && slice == 0 {
            // The first two blocks of each lane come from H0.
            startingIndex = 2
            if dataIndependent { nextAddresses(input: input, addresses: addresses, r: r) }
        }

        var currentOffset = lane * laneLength + slice * segmentLength + startingIndex
        var previousOffset = currentOffset % laneLength == 0 ? currentOffset + laneLength - 1 : currentOffset - 1
        let withXor = pass != 0  // version 0x13 XORs over the previous pass's block
        let startPosition = (pass == 0 || slice == Self.syncPoints - 1) ? 0 : (slice + 1) * segmentLength

        for index in startingIndex..<segmentLength {
            let pseudoRandom: UInt64
            if dataIndependent {
                if index % Self.wordsPerBlock == 0 {
                    nextAddresses(input: input, addresses: addresses, r: r)
                }
                let word = index % Self.wordsPerBlock
                pseudoRandom = addresses[word / 2][word % 2]
            } else {
                pseudoRandom = blocks[previousOffset * Self.registersPerBlock].x
            }

            // J2 picks the lane (own lane during the very first slice), J1 the column.
            let referenceLane = (pass == 0 && slice == 0) ? lane : Int((pseudoRandom >> 32) % UInt64(lanes))
            let sameLane = referenceLane == lane
            let referenceAreaSize: Int
            if pass == 0 {
                if slice == 0 {
                    referenceAreaSize = index - 1
                } else if sameLane {
                    referenceAreaSize = slice * segmentLength + index - 1
                } else {
                    referenceAreaSize = slice * segmentLength - (index == 0 ? 1 : 0)
                }
            } else if sameLane {
                referenceAreaSize = laneLength - segmentLength + index - 1
            } else {
                referenceAreaSize = laneLength - segmentLength - (index == 0 ? 1 : 0)
            }
            // Non-uniform mapping φ(J1) = |W| − 1 − (|W| · (J1² / 2³²)) / 2³².
            let j1 = pseudoRandom & 0xFFFF_FFFF
            let x = (j1 &* j1) >> 32
            let y = (UInt64(referenceAreaSize) &* x) >> 32
            let relativePosition = referenceAreaSize - 1 - Int(y)
            let referenceColumn = (startPosition + relativePosition) % laneLength

            fillBlock(
                previous: blocks + previousOffset * Self.registersPerBlock,
                reference: block(lane: referenceLane, column: referenceColumn),
                next: blocks + currentOffset * Self.registersPerBlock,
                withXor: withXor, r: r)

            currentOffset += 1
            previousOffset = currentOffset - 1
        }
    }

    /// Address block = G(0, G(0, input)) with the input's counter incremented first.
    @inline(__always)
    private func nextAddresses(
        input: UnsafeMutablePointer<Lane2>, addresses: UnsafeMutablePointer<Lane2>,
        r: UnsafeMutablePointer<Lane2>
    ) {
        input[3].x &+= 1
        // G(0, X) = P(X) ⊕ X.
        for k in 0..<Self.registersPerBlock { r[k] = input[k] }
        permuteBlock(r)
        for k in 0..<Self.registersPerBlock { addresses[k] = r[k] ^ input[k] }
        for k in 0..<Self.registersPerBlock { r[k] = addresses[k] }
        permuteBlock(r)
        for k in 0..<Self.registersPerBlock { addresses[k] ^= r[k] }
    }

    /// next = G(previous, reference) [⊕ next]; G(X, Y) = P(X ⊕ Y) ⊕ X ⊕ Y.
    @inline(__always)
    private func fillBlock(
        previous: UnsafeMutablePointer<Lane2>, reference: UnsafeMutablePointer<Lane2>,
        next: UnsafeMutablePointer<Lane2>, withXor: Bool, r: UnsafeMutablePointer<Lane2>
    ) {
        for k in 0..<Self.registersPerBlock { r[k] = previous[k] ^ reference[k] }
        permuteBlock(r)
        if withXor {
            for k in 0..<Self.registersPerBlock { next[k] ^= r[k] ^ previous[k] ^ reference[k] }
        } else {
            for k in 0..<Self.registersPerBlock { next[k] = r[k] ^ previous[k] ^ reference[k] }
        }
    }
}

@inline(__always)
private func littleEndianBytes(_ value: UInt32) -> [UInt8] {
    [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: value >> $0) }
}
