/// Decodes MaxMind DB data fields in place from one section of the file (the data section or
/// the metadata section). Offsets, including pointer targets, are relative to the section start.
///
/// Every read is bounds-checked; malformed input throws `DecodeError` and never traps. Nesting
/// depth and the number of values built by one `decode` call are limited, so pointer cycles or
/// pointer fan-out in a corrupt file cannot recurse or loop without end.
struct DataDecoder {
    let section: UnsafeRawBufferPointer

    /// Deepest map/array nesting accepted (real GeoIP2 records nest four levels).
    static let maximumDepth = 64
    /// Most values one `decode` call builds before giving up.
    static let maximumValues = 1 << 20

    /// Why a value could not be decoded. A trivial enum, so throwing it costs no allocation and
    /// the typed-throws hot path returns it in a register.
    enum DecodeError: Error, Equatable, CustomStringConvertible {
        case outOfBounds, unknownType, pointerToPointer, unexpectedType, invalidSize, tooDeep, tooManyValues

        var description: String {
            switch self {
            case .outOfBounds: "read past the end of the section"
            case .unknownType: "unknown field type"
            case .pointerToPointer: "pointer to a pointer"
            case .unexpectedType: "unexpected field type"
            case .invalidSize: "invalid payload size for the field type"
            case .tooDeep: "maps/arrays nested deeper than \(DataDecoder.maximumDepth)"
            case .tooManyValues: "more than \(DataDecoder.maximumValues) values"
            }
        }
    }

    /// A field type code, 1–15. A struct rather than an enum so that turning a control byte
    /// into a type needs no conversion.
    struct FieldType: Equatable, CustomStringConvertible {
        let code: UInt8

        static let pointer = FieldType(code: 1)
        static let string = FieldType(code: 2)
        static let double = FieldType(code: 3)
        static let bytes = FieldType(code: 4)
        static let uint16 = FieldType(code: 5)
        static let uint32 = FieldType(code: 6)
        static let map = FieldType(code: 7)
        static let int32 = FieldType(code: 8)
        static let uint64 = FieldType(code: 9)
        static let uint128 = FieldType(code: 10)
        static let array = FieldType(code: 11)
        static let container = FieldType(code: 12)
        static let endMarker = FieldType(code: 13)
        static let boolean = FieldType(code: 14)
        static let float = FieldType(code: 15)

        var description: String { "type \(code)" }
    }

    /// A decoded control byte. For maps and arrays `size` is the entry count, for booleans the
    /// value, for pointers the target offset; otherwise it is the payload length in bytes.
    /// `payload` is the offset just past the control bytes (for pointers: past the pointer).
    struct Field {
        let type: FieldType
        let size: Int
        let payload: Int
    }

    // MARK: - Raw reads

    @inline(__always)
    func byte(at offset: Int) throws(DecodeError) -> UInt8 {
        guard offset >= 0, offset < section.count else { throw .outOfBounds }
        return section[offset]
    }

    /// `count` (0...8) big-endian bytes at `offset` as an unsigned integer.
    @inline(__always)
    func unsigned(at offset: Int, count: Int) throws(DecodeError) -> UInt64 {
        try checkRange(offset, count)
        var value: UInt64 = 0
        for index in 0..<count {
            value = value << 8 | UInt64(section[offset + index])
        }
        return value
    }

    @inline(__always)
    func checkRange(_ offset: Int, _ count: Int) throws(DecodeError) {
        guard offset >= 0, count >= 0, count <= section.count, offset <= section.count - count else {
            throw .outOfBounds
        }
    }

    // MARK: - Control bytes

    @inline(__always)
    func field(at offset: Int) throws(DecodeError) -> Field {
        let control = try byte(at: offset)
        let position = offset + 1
        let code = control >> 5

        if code == FieldType.pointer.code {
            let sizeBits = Int(control >> 3 & 0x3)
            let raw = try unsigned(at: position, count: sizeBits + 1)
            let target: UInt64
            if sizeBits == 3 {
                target = raw
            } else {
                let bias: UInt64 = sizeBits == 0 ? 0 : sizeBits == 1 ? 2_048 : 526_336
                target = (UInt64(control & 0x7) << (8 * UInt64(sizeBits + 1)) | raw) + bias
            }
            return Field(type: .pointer, size: Int(target), payload: position + sizeBits + 1)
        }

        let size = Int(control & 0x1f)
        if code != 0, size < 29 {
            return Field(type: FieldType(code: code), size: size, payload: position)
        }
        return try uncommonField(control: control, at: position)
    }

    /// Extended types (8–15) and payload sizes of 29 or more.
    @inline(never)
    private func uncommonField(control: UInt8, at start: Int) throws(DecodeError) -> Field {
        var position = start
        var code = control >> 5
        if code == 0 {
            let extended = try byte(at: position)
            position += 1
            guard extended >= 1, extended <= 8 else { throw .unknownType }
            code = 7 + extended
        }
        let type = FieldType(code: code)

        var size = Int(control & 0x1f)
        switch size {
        case 29:
            size = 29 + Int(try byte(at: position))
            position += 1
        case 30:
            size = 285 + Int(try unsigned(at: position, count: 2))
            position += 2
        case 31:
            size = 65_821 + Int(try unsigned(at: position, count: 3))
            position += 3
        default:
            break
        }
        return Field(type: type, size: size, payload: position)
    }

    /// The field at `offset`, following one pointer. `pointerEnd` is the offset just past the
    /// pointer when one was followed (the end of the value in the enclosing stream), else `nil`.
    @inline(__always)
    func resolvedField(at offset: Int) throws(DecodeError) -> (field: Field, pointerEnd: Int?) {
        let first = try field(at: offset)
        guard first.type == .pointer else { return (first, nil) }
        let target = try field(at: first.size)
        guard target.type != .pointer else { throw .pointerToPointer }
        return (target, first.payload)
    }

    // MARK: - Skipping

    /// The offset just past the value at `offset`, without building it (pointers are not followed).
    @inline(__always)
    func skip(at offset: Int, depth: Int = 0) throws(DecodeError) -> Int {
        let field = try field(at: offset)
        switch field.type {
        case .pointer, .boolean:
            return field.payload
        case .map, .array:
            return try skipContainer(field, depth: depth)
        case .container, .endMarker:
            throw .unexpectedType
        default:
            try checkRange(field.payload, field.size)
            return field.payload + field.size
        }
    }

    private func skipContainer(_ field: Field, depth: Int) throws(DecodeError) -> Int {
        guard depth < Self.maximumDepth else { throw .tooDeep }
        let items = field.type == .map ? 2 * field.size : field.size
        var position = field.payload
        for _ in 0..<items {
            position = try skip(at: position, depth: depth + 1)
        }
        return position
    }

    // MARK: - Strings and keys

    /// The byte range of the UTF-8 string at `offset` (following a pointer) and the offset past it.
    @inline(__always)
    func stringRange(at offset: Int) throws(DecodeError) -> (range: Range<Int>, next: Int) {
        let (field, pointerEnd) = try resolvedField(at: offset)
        guard field.type == .string else { throw .unexpectedType }
        try checkRange(field.payload, field.size)
        let range = field.payload..<(field.payload + field.size)
        return (range, pointerEnd ?? range.upperBound)
    }

    func string(in range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: section[range]), as: UTF8.self)
    }

    /// Whether the bytes in `range` (already bounds-checked) equal `other`. Keys are short, so a
    /// plain loop beats a `memcmp` call.
    @inline(__always)
    func bytes(in range: Range<Int>, equal other: UnsafeRawBufferPointer) -> Bool {
        guard range.count == other.count else { return false }
        var index = 0
        while index < other.count {
            guard section[range.lowerBound + index] == other[index] else { return false }
            index += 1
        }
        return true
    }

    @inline(__always)
    func bytes(in range: Range<Int>, equal key: StaticString) -> Bool {
        bytes(in: range, equal: UnsafeRawBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
    }

    // MARK: - Full decoding

    /// The value at `offset` (following a pointer) and the offset just past it in the stream.
    func decode(at offset: Int) throws(DecodeError) -> (value: Value, next: Int) {
        var budget = Self.maximumValues
        return try decode(at: offset, depth: 0, budget: &budget)
    }

    private func decode(at offset: Int, depth: Int, budget: inout Int) throws(DecodeError) -> (value: Value, next: Int) {
        let (field, pointerEnd) = try resolvedField(at: offset)
        let (value, end) = try decode(field, depth: depth, budget: &budget)
        return (value, pointerEnd ?? end)
    }

    private func decode(_ field: Field, depth: Int, budget: inout Int) throws(DecodeError) -> (Value, Int) {
        budget -= 1
        guard budget >= 0 else { throw .tooManyValues }
        let start = field.payload
        let size = field.size

        switch field.type {
        case .map:
            guard depth < Self.maximumDepth else { throw .tooDeep }
            var entries: [String: Value] = [:]
            entries.reserveCapacity(min(size, max(0, section.count - start) / 2))
            var position = start
            for _ in 0..<size {
                let key = try stringRange(at: position)
                let (value, next) = try decode(at: key.next, depth: depth + 1, budget: &budget)
                entries[string(in: key.range)] = value
                position = next
            }
            return (.map(entries), position)
        case .array:
            guard depth < Self.maximumDepth else { throw .tooDeep }
            var elements: [Value] = []
            elements.reserveCapacity(min(size, max(0, section.count - start)))
            var position = start
            for _ in 0..<size {
                let (value, next) = try decode(at: position, depth: depth + 1, budget: &budget)
                elements.append(value)
                position = next
            }
            return (.array(elements), position)
        case .boolean:
            guard size <= 1 else { throw .invalidSize }
            return (.boolean(size == 1), start)
        case .pointer, .container, .endMarker:
            throw .unexpectedType
        default:
            try checkRange(start, size)
            return (try scalar(field), start + size)
        }
    }

    /// Decodes a fixed-payload field whose range has been checked.
    private func scalar(_ field: Field) throws(DecodeError) -> Value {
        let start = field.payload
        let size = field.size
        func requireSize(_ valid: Bool) throws(DecodeError) {
            guard valid else { throw .invalidSize }
        }
        switch field.type {
        case .string:
            return .string(string(in: start..<(start + size)))
        case .bytes:
            return .bytes(Array(section[start..<(start + size)]))
        case .double:
            try requireSize(size == 8)
            return .double(Double(bitPattern: try unsigned(at: start, count: 8)))
        case .float:
            try requireSize(size == 4)
            return .float(Float(bitPattern: UInt32(try unsigned(at: start, count: 4))))
        case .uint16:
            try requireSize(size <= 2)
            return .uint16(UInt16(try unsigned(at: start, count: size)))
        case .uint32:
            try requireSize(size <= 4)
            return .uint32(UInt32(try unsigned(at: start, count: size)))
        case .int32:
            try requireSize(size <= 4)
            return .int32(Int32(bitPattern: UInt32(try unsigned(at: start, count: size))))
        case .uint64:
            try requireSize(size <= 8)
            return .uint64(try unsigned(at: start, count: size))
        case .uint128:
            try requireSize(size <= 16)
            let highCount = max(0, size - 8)
            let high = try unsigned(at: start, count: highCount)
            let low = try unsigned(at: start + highCount, count: size - highCount)
            return .uint128(high: high, low: low)
        default:
            throw .unexpectedType
        }
    }
}
