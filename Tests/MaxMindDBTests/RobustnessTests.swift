import Foundation
import Testing
@testable import MaxMindDB

@Suite("Corrupt, truncated and mutated files throw or return nil, never crash")
struct RobustnessTests {
    /// Mutated copies per test; raise with MAXMINDDB_FUZZ_ITERATIONS for a longer fuzz run.
    static let iterations = ProcessInfo.processInfo.environment["MAXMINDDB_FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 300

    @Test("a missing file, a directory and an empty file throw")
    func unopenableFiles() throws {
        #expect(throws: MaxMindDBError.self) { try MaxMindDB(path: "/nonexistent/GeoIP2-City.mmdb") }
        #expect(throws: MaxMindDBError.self) { try MaxMindDB(path: "/work/shared/data/geoip") }
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("maxminddb-empty-\(UUID().uuidString).mmdb")
        try Data().write(to: empty)
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(throws: MaxMindDBError.metadataNotFound) { try MaxMindDB(path: empty.path) }
        #expect(throws: MaxMindDBError.metadataNotFound) { try MaxMindDB(bytes: []) }
    }

    @Test("garbage files without the metadata marker throw metadataNotFound", arguments: [0, 13, 1_000, 200_000])
    func garbage(_ count: Int) {
        var generator = SeededGenerator(state: UInt64(count))
        let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(throws: MaxMindDBError.metadataNotFound) { try MaxMindDB(bytes: bytes) }
    }

    @Test("a marker beyond the last 128 KiB is not found")
    func markerTooFarFromEnd() throws {
        let bytes = try TestData.bytes(TestData.loopback) + [UInt8](repeating: 0, count: 128 * 1024)
        #expect(throws: MaxMindDBError.metadataNotFound) { try MaxMindDB(bytes: bytes) }
    }

    @Test("a file holding only the metadata marker throws", arguments: [0, 1, 16])
    func onlyMarker(_ padding: Int) {
        let bytes = [UInt8](repeating: 0, count: padding) + Metadata.marker
        #expect(throws: MaxMindDBError.self) { try MaxMindDB(bytes: bytes) }
    }

    @Test("a marker followed by something other than a map throws invalidMetadata")
    func metadataNotAMap() {
        var writer = DataWriter()
        writer.write(.array([.string("node_count")]))
        #expect(throws: MaxMindDBError.invalidMetadata("metadata is not a map")) { try MaxMindDB(bytes: Metadata.marker + writer.bytes) }
    }

    @Test("missing or ill-typed metadata keys throw", arguments: [
        ("node_count", nil), ("node_count", .string("1")), ("node_count", .uint32(0)), ("record_size", .uint16(27)),
        ("ip_version", .uint16(5)), ("database_type", nil), ("database_type", .uint16(1)), ("build_epoch", nil),
        ("binary_format_major_version", .uint16(3)), ("binary_format_minor_version", nil), ("languages", .string("en")),
        ("languages", .array([.uint16(1)])), ("description", .array([])), ("node_count", .uint64(.max)),
    ] as [(String, Value?)])
    func badMetadata(_ key: String, _ value: Value?) {
        var writer = DatabaseWriter()
        writer.insert([1, 2, 3, 4], prefixLength: 32, value: .string("x"))
        writer.metadataOverrides = [key: value]
        #expect(throws: MaxMindDBError.self) { try MaxMindDB(bytes: writer.build()) }
    }

    @Test("a node count larger than the file throws corruptDatabase")
    func treeLargerThanFile() {
        var writer = DatabaseWriter()
        writer.insert([1, 2, 3, 4], prefixLength: 32, value: .string("x"))
        writer.metadataOverrides = ["node_count": .uint32(10_000)]
        #expect {
            try MaxMindDB(bytes: writer.build())
        } throws: { error in
            if case .corruptDatabase = error as? MaxMindDBError { true } else { false }
        }
    }

    @Test("every truncation of the test databases throws", arguments: [TestData.city, TestData.loopback, TestData.asn])
    func truncatedFiles(_ path: String) throws {
        let bytes = try TestData.bytes(path)
        let metadataStart = try #require(bytes.withUnsafeBytes { Metadata.markerOffset(in: $0) })
        // Every length through the marker and metadata, and a sample of shorter ones.
        let lengths = Array(stride(from: 0, to: metadataStart, by: 97)) + Array(metadataStart..<bytes.count)
        for length in lengths {
            #expect(throws: MaxMindDBError.self) { try MaxMindDB(bytes: Array(bytes.prefix(length))) }
        }
        #expect(try MaxMindDB(bytes: bytes).metadata.nodeCount > 0)
    }

    @Test("random byte flips in the tree and data sections never crash lookups", arguments: [TestData.city, TestData.loopback])
    func mutatedTreeAndData(_ path: String) throws {
        let original = try TestData.bytes(path)
        let marker = try #require(original.withUnsafeBytes { Metadata.markerOffset(in: $0) })
        var generator = SeededGenerator(state: 0xC0FFEE)
        for _ in 0..<Self.iterations {
            var bytes = original
            for _ in 0..<Int.random(in: 1...12, using: &generator) {
                bytes[Int.random(in: 0..<marker, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator)
            }
            // Metadata is intact, so the file still opens; lookups may return anything or nil.
            let database = try MaxMindDB(bytes: bytes)
            exercise(database, generator: &generator)
        }
    }

    @Test("random byte flips anywhere, including the metadata, throw or open but never crash")
    func mutatedAnywhere() throws {
        let original = try TestData.bytes(TestData.loopback)
        var generator = SeededGenerator(state: 7)
        var opened = 0
        for _ in 0..<Self.iterations {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                bytes[Int.random(in: max(0, bytes.count - 400)..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            guard let database = try? MaxMindDB(bytes: bytes) else { continue }
            opened += 1
            exercise(database, generator: &generator)
        }
        #expect(opened > 0)
    }

    @Test("a data section replaced by random bytes never crashes lookups")
    func randomDataSection() throws {
        let original = try TestData.bytes(TestData.city)
        let database = try MaxMindDB(path: TestData.city)
        let marker = try #require(original.withUnsafeBytes { Metadata.markerOffset(in: $0) })
        let dataStart = database.metadata.nodeCount * database.metadata.recordSize / 4 + 16
        var generator = SeededGenerator(state: 99)
        for _ in 0..<max(1, Self.iterations / 3) {
            var bytes = original
            for index in dataStart..<marker { bytes[index] = UInt8.random(in: 0...255, using: &generator) }
            exercise(try MaxMindDB(bytes: bytes), generator: &generator)
        }
    }

    private func exercise(_ database: MaxMindDB, generator: inout SeededGenerator) {
        var addresses = ["81.2.69.142", "89.160.20.112", "216.160.83.56", "2001:480:10::", "2a02:d280::",
                         "127.0.0.1", "127.0.0.2", "127.0.0.4", "::1", "::ffff:127.0.0.3"]
        for _ in 0..<20 {
            let value = UInt32.random(in: .min ... .max, using: &generator)
            addresses.append("\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)")
        }
        for address in addresses {
            _ = database.lookup(address)
            _ = database.lookupWithPrefix(address)
            _ = database.location(address, language: "en")
            _ = database.location(address, language: "ru")
        }
    }
}
