import Testing
@testable import MaxMindDB

@Suite("Data section decoder: types, sizes, pointers, limits")
struct DataDecoderTests {
    private func decode(_ bytes: [UInt8], at offset: Int = 0) throws -> (value: Value, next: Int) {
        try bytes.withUnsafeBytes { raw throws in try DataDecoder(section: raw).decode(at: offset) }
    }

    private func encoded(_ value: Value) -> [UInt8] {
        var writer = DataWriter()
        writer.write(value)
        return writer.bytes
    }

    @Test("every data type round-trips through the decoder", arguments: [
        Value.string(""), .string("Linköping"), .double(-122.3149), .float(1.5), .bytes([]), .bytes([0, 1, 255]),
        .uint16(0), .uint16(255), .uint16(65_535), .uint32(0), .uint32(16_777_216), .uint32(.max),
        .int32(0), .int32(1), .int32(-1), .int32(.min), .int32(.max), .uint64(0), .uint64(.max),
        .uint128(high: 0, low: 0), .uint128(high: 1, low: 2), .uint128(high: .max, low: .max),
        .boolean(true), .boolean(false), .array([]), .array([.uint16(1), .string("two"), .array([.boolean(true)])]),
        .map([:]), .map(["en": .string("Berlin"), "ru": .string("Берлин"), "nested": .map(["x": .double(0)])]),
    ])
    func roundTrip(_ value: Value) throws {
        let bytes = encoded(value)
        let decoded = try decode(bytes)
        #expect(decoded.value == value)
        #expect(decoded.next == bytes.count)
    }

    @Test("extended size encodings (29, 285 and 65,821 thresholds) decode", arguments: [28, 29, 284, 285, 65_820, 65_821, 70_000])
    func sizeEncodings(_ length: Int) throws {
        let text = String(repeating: "a", count: length)
        #expect(try decode(encoded(.string(text))).value == .string(text))
    }

    @Test("pointers of each size class resolve with their offsets", arguments: [(0, 1_000), (1, 2_048), (1, 500_000), (2, 526_336), (2, 600_000), (3, 7), (3, 600_001)])
    func pointerSizes(_ sizeClass: Int, _ target: Int) throws {
        var writer = DataWriter()
        writer.pointer(to: target, sizeClass: sizeClass)
        let pointerLength = writer.bytes.count
        #expect(pointerLength == sizeClass + 2)
        var bytes = writer.bytes + [UInt8](repeating: 0xFF, count: max(0, target - pointerLength))
        let value = encoded(.string("target"))
        bytes.replaceSubrange(target..<min(bytes.count, target + value.count), with: value)
        let decoded = try decode(bytes)
        #expect(decoded.value == .string("target"))
        #expect(decoded.next == pointerLength)
    }

    @Test("map keys and values may be pointers")
    func pointersInMaps() throws {
        var writer = DataWriter()
        writer.write(.string("names"))            // 0
        writer.write(.map(["en": .string("X")]))  // 6
        let map = writer.bytes.count
        writer.control(type: 7, size: 1)
        writer.pointer(to: 0, sizeClass: 0)
        writer.pointer(to: 6, sizeClass: 0)
        #expect(try decode(writer.bytes, at: map).value == .map(["names": .map(["en": .string("X")])]))
    }

    @Test("a pointer to a pointer is rejected")
    func pointerToPointer() {
        var writer = DataWriter()
        writer.pointer(to: 2, sizeClass: 0)
        writer.pointer(to: 0, sizeClass: 0)
        #expect(throws: DataDecoder.DecodeError.self) { try decode(writer.bytes) }
    }

    @Test("extended types 8–15 use the extension byte; extension 0 or above 8 is rejected")
    func extendedTypes() throws {
        #expect(try decode([0x04, 0x01, 0xFF, 0xFF, 0xFF, 0xFE]).value == .int32(-2))
        #expect(try decode([0x01, 0x07]).value == .boolean(true))
        #expect(throws: DataDecoder.DecodeError.self) { try decode([0x00, 0x00]) }
        #expect(throws: DataDecoder.DecodeError.self) { try decode([0x00, 0x09]) }
        #expect(throws: DataDecoder.DecodeError.self) { try decode([0x00, 0xFF]) }
        #expect(throws: DataDecoder.DecodeError.self) { try decode([0x00, 0x05]) } // data cache container
        #expect(throws: DataDecoder.DecodeError.self) { try decode([0x00, 0x06]) } // end marker
    }

    @Test("wrong payload sizes for fixed-size types are rejected", arguments: [
        [UInt8]([0x67, 0, 0, 0, 0, 0, 0, 0]) /* double of 7 */, [0x03, 0x08, 0, 0, 0] /* float of 3 */,
        [0xA3, 0, 0, 0] /* uint16 of 3 */, [0x05, 0x01] + [UInt8](repeating: 0, count: 5) /* int32 of 5 */,
        [0x09, 0x02] + [UInt8](repeating: 0, count: 9) /* uint64 of 9 */, [0x11, 0x03] + [UInt8](repeating: 0, count: 17),
        [0x02, 0x07] /* boolean of 2 */,
    ])
    func wrongSizes(_ bytes: [UInt8]) {
        #expect(throws: DataDecoder.DecodeError.self) { try decode(bytes) }
    }

    @Test("every truncation of an encoded record throws instead of reading past the section")
    func truncation() throws {
        let bytes = encoded(.map(["city": .map(["names": .map(["en": .string("London"), "ru": .string("Лондон")])]), "n": .uint128(high: 1, low: 1), "d": .double(1)]))
        for length in 0..<bytes.count {
            #expect(throws: DataDecoder.DecodeError.self) { try decode(Array(bytes.prefix(length))) }
        }
        #expect(throws: DataDecoder.DecodeError.self) { try decode(bytes, at: bytes.count) }
        #expect(throws: DataDecoder.DecodeError.self) { try decode(bytes, at: -1) }
    }

    @Test("a pointer past the section end throws")
    func pointerOutOfRange() {
        var writer = DataWriter()
        writer.pointer(to: 100_000, sizeClass: 3)
        #expect(throws: DataDecoder.DecodeError.self) { try decode(writer.bytes) }
    }

    @Test("a map that contains itself through a pointer stops at the depth limit")
    func selfReference() throws {
        // map { "a": <pointer to offset 0> }
        var writer = DataWriter()
        writer.control(type: 7, size: 1)
        writer.write(.string("a"))
        writer.pointer(to: 0, sizeClass: 0)
        #expect(throws: DataDecoder.DecodeError.self) { try decode(writer.bytes) }
        let end = try writer.bytes.withUnsafeBytes { raw throws in try DataDecoder(section: raw).skip(at: 0) }
        #expect(end == writer.bytes.count)
    }

    @Test("pointer fan-out (2^26 values from 26 small arrays) is stopped by the value budget")
    func fanOut() {
        // level i (i < 26): [pointer to level i+1, pointer to level i+1] (6 bytes); level 26: "leaf".
        var writer = DataWriter()
        let levels = 26
        var offsets: [Int] = []
        for level in 0..<levels {
            offsets.append(writer.bytes.count)
            writer.control(type: 11, size: 2)
            writer.pointer(to: (level + 1) * 6, sizeClass: 0)
            writer.pointer(to: (level + 1) * 6, sizeClass: 0)
        }
        #expect(offsets == (0..<levels).map { $0 * 6 })
        writer.write(.string("leaf"))
        #expect(throws: DataDecoder.DecodeError.self) { try decode(writer.bytes) }
    }

    @Test("invalid UTF-8 in strings decodes with replacement characters instead of failing")
    func invalidUTF8() throws {
        #expect(try decode([0x42, 0xC3, 0x28]).value == .string("\u{FFFD}("))
    }
}
