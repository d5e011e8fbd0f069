// Decoders for the data files in Data/, which are compiled into the binary by
// SwiftPM's `.embedInCode` resource rule as `PackageResources.<name>_bin`.
// The formats are described in scripts/generate-unicode-security.

/// The decoded tables, built once on first use (Swift runs `static let`
/// initialisers lazily and thread-safely).
enum Tables {
    static let properties = PropertyTable(bytes: PackageResources.properties_bin)
    static let confusables = MappingTable(bytes: PackageResources.confusables_bin, magic: "USC1")
    static let caseFolding = MappingTable(bytes: PackageResources.casefold_bin, magic: "USF1")
}

/// Reads the varint-based formats. The data is generated at build time, so a
/// malformed file is a packaging bug, not an input error: it stops the program.
struct ByteReader {
    private let bytes: [UInt8]
    private var offset = 0
    private let name: String

    init(_ bytes: [UInt8], name: String) {
        self.bytes = bytes
        self.name = name
    }

    var isAtEnd: Bool { offset == bytes.count }

    func malformed(_ what: String) -> Never {
        preconditionFailure("UnicodeSecurity: embedded \(name) is malformed (\(what) at byte \(offset))")
    }

    mutating func byte() -> UInt8 {
        guard offset < bytes.count else { malformed("unexpected end") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func varint() -> UInt32 {
        var value: UInt32 = 0
        var shift: UInt32 = 0
        while true {
            let b = byte()
            guard shift < 32 else { malformed("varint too long") }
            value |= UInt32(b & 0x7F) << shift
            if b & 0x80 == 0 { return value }
            shift += 7
        }
    }

    mutating func int() -> Int { Int(varint()) }

    mutating func ascii(count: Int) -> String {
        var s = ""
        for _ in 0..<count { s.unicodeScalars.append(Unicode.Scalar(byte())) }
        return s
    }

    mutating func scalar() -> Unicode.Scalar {
        let v = varint()
        guard let s = Unicode.Scalar(v) else { malformed("invalid scalar \(v)") }
        return s
    }

    mutating func expect(magic: String) {
        guard ascii(count: magic.utf8.count) == magic else { malformed("bad magic, expected \(magic)") }
    }

    func expectEnd() {
        guard isAtEnd else { malformed("trailing bytes") }
    }
}

/// Per-code-point properties: augmented Script_Extensions set and flags.
struct PropertyTable: Sendable {
    static let forbidden: UInt8 = 1
    static let defaultIgnorable: UInt8 = 2
    static let softDotted: UInt8 = 4

    let unicodeVersion: String
    /// ISO 15924 codes; bit `i` of a `ScriptSet` stands for `scriptCodes[i]`.
    let scriptCodes: [String]
    private let sets: [ScriptSet]
    private let starts: [UInt32]
    private let ends: [UInt32]
    private let setIndices: [UInt16]
    private let flags: [UInt8]

    init(bytes: [UInt8]) {
        var r = ByteReader(bytes, name: "properties.bin")
        r.expect(magic: "USP1")
        unicodeVersion = r.ascii(count: r.int())
        let scriptCount = r.int()
        guard scriptCount <= ScriptSet.capacity else { r.malformed("too many scripts") }
        scriptCodes = (0..<scriptCount).map { _ in r.ascii(count: 4) }

        var sets: [ScriptSet] = []
        for _ in 0..<r.int() {
            var set = ScriptSet.empty
            for _ in 0..<r.int() {
                let index = r.int()
                guard index < scriptCount else { r.malformed("script index") }
                set.insert(index: index)
            }
            sets.append(set)
        }
        // Set 0 is ALL (Common/Inherited), encoded with no members.
        guard sets.count >= 2 else { r.malformed("script sets") }
        sets[0] = .all
        self.sets = sets

        let rangeCount = r.int()
        var starts: [UInt32] = [], ends: [UInt32] = []
        var setIndices: [UInt16] = [], flags: [UInt8] = []
        starts.reserveCapacity(rangeCount)
        ends.reserveCapacity(rangeCount)
        setIndices.reserveCapacity(rangeCount)
        flags.reserveCapacity(rangeCount)
        var previousEnd: Int64 = -1
        for _ in 0..<rangeCount {
            let start = previousEnd + 1 + Int64(r.varint())
            let end = start + Int64(r.varint())
            let setIndex = r.int()
            guard end < 0x11_0000, setIndex < sets.count else { r.malformed("range") }
            starts.append(UInt32(start))
            ends.append(UInt32(end))
            setIndices.append(UInt16(setIndex))
            flags.append(r.byte())
            previousEnd = end
        }
        r.expectEnd()
        self.starts = starts
        self.ends = ends
        self.setIndices = setIndices
        self.flags = flags
    }

    /// Index of the range holding `value`, if any.
    private func rangeIndex(_ value: UInt32) -> Int? {
        var lo = 0, hi = starts.count  // find the last start <= value
        while lo < hi {
            let mid = (lo + hi) / 2
            if starts[mid] <= value { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0, value <= ends[lo - 1] else { return nil }
        return lo - 1
    }

    /// Code points outside every range are unassigned (script Unknown) and forbidden.
    func flags(_ scalar: Unicode.Scalar) -> UInt8 {
        guard let i = rangeIndex(scalar.value) else { return Self.forbidden }
        return flags[i]
    }

    func scripts(_ scalar: Unicode.Scalar) -> ScriptSet {
        guard let i = rangeIndex(scalar.value) else { return .empty }
        return sets[Int(setIndices[i])]
    }
}

/// A scalar-to-scalars mapping (confusables prototypes, case folding).
struct MappingTable: Sendable {
    let unicodeVersion: String
    private let sources: [UInt32]
    /// `targets[offsets[i]..<offsets[i + 1]]` is the mapping of `sources[i]`.
    private let offsets: [Int]
    private let targets: [Unicode.Scalar]

    var count: Int { sources.count }

    init(bytes: [UInt8], magic: String) {
        var r = ByteReader(bytes, name: magic)
        r.expect(magic: magic)
        unicodeVersion = r.ascii(count: r.int())
        let count = r.int()
        var sources: [UInt32] = [], offsets: [Int] = [0], targets: [Unicode.Scalar] = []
        sources.reserveCapacity(count)
        offsets.reserveCapacity(count + 1)
        var source: UInt32 = 0
        for i in 0..<count {
            let delta = r.varint()
            guard i == 0 || delta > 0, delta < 0x11_0000 - source else { r.malformed("source order") }
            source += delta
            for _ in 0..<r.int() { targets.append(r.scalar()) }
            sources.append(source)
            offsets.append(targets.count)
        }
        r.expectEnd()
        self.sources = sources
        self.offsets = offsets
        self.targets = targets
    }

    func mapping(_ scalar: Unicode.Scalar) -> ArraySlice<Unicode.Scalar>? {
        let value = scalar.value
        var lo = 0, hi = sources.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sources[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        guard lo < sources.count, sources[lo] == value else { return nil }
        return targets[offsets[lo]..<offsets[lo + 1]]
    }

    /// Every (source, target) pair, for tests and diagnostics.
    var entries: [(source: UInt32, target: ArraySlice<Unicode.Scalar>)] {
        sources.indices.map { (sources[$0], targets[offsets[$0]..<offsets[$0 + 1]]) }
    }
}
