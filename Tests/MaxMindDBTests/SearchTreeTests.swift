import Testing
@testable import MaxMindDB

@Suite("Search tree: record sizes, IPv4 start node, IPv4-only trees")
struct SearchTreeTests {
    /// Two nodes whose records are 0xA0B0C0D-style values, laid out for each record size.
    @Test("24-, 28- and 32-bit records decode their left and right values, including the 28-bit high nibbles",
          arguments: [24, 28, 32])
    func recordLayouts(_ recordSize: Int) throws {
        let maximum = (1 << recordSize) - 1
        let values = [(0x0A_BCDE & maximum, maximum), (maximum - 1, (0x0F_EDCB | (1 << (recordSize - 1))) & maximum)]
        var bytes: [UInt8] = []
        for (left, right) in values {
            switch recordSize {
            case 24:
                bytes += bigEndian(UInt64(left), count: 3) + bigEndian(UInt64(right), count: 3)
            case 28:
                bytes += bigEndian(UInt64(left & 0xFF_FFFF), count: 3)
                bytes.append(UInt8((left >> 24) << 4 | (right >> 24)))
                bytes += bigEndian(UInt64(right & 0xFF_FFFF), count: 3)
            default:
                bytes += bigEndian(UInt64(left), count: 4) + bigEndian(UInt64(right), count: 4)
            }
        }
        let metadata = try Metadata(file: [UInt8](), recordSize: recordSize, nodeCount: 2)
        try bytes.withUnsafeBytes { raw in
            let layout = try TreeLayout(metadata: metadata, markerOffset: raw.count + 16, file: raw)
            let base = try #require(raw.baseAddress)
            let tree = SearchTree(base: base, layout: layout)
            for (node, (left, right)) in values.enumerated() {
                #expect(tree.record(node, bit: 0) == left)
                #expect(tree.record(node, bit: 1) == right)
            }
        }
    }

    @Test("synthetic databases answer the same with 24-, 28- and 32-bit records", arguments: [24, 28, 32])
    func syntheticDatabase(_ recordSize: Int) throws {
        var writer = DatabaseWriter(ipVersion: 6, recordSize: recordSize)
        writer.insert([192, 0, 2, 0], prefixLength: 24, value: .map(["city": .map(["names": .map(["en": .string("Doc")])])]))
        writer.insert([203, 0, 113, 7], prefixLength: 32, value: .map(["country": .map(["iso_code": .string("ZZ")])]))
        writer.insert([0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 12), prefixLength: 32, value: .string("documentation"))
        let database = try MaxMindDB(bytes: writer.build())
        #expect(database.metadata.recordSize == recordSize)
        #expect(database.location("192.0.2.200") == Location(city: "Doc", country: nil, countryCode: nil))
        #expect(database.lookupWithPrefix("192.0.2.200")?.prefixLength == 24)
        #expect(database.location("203.0.113.7")?.countryCode == "ZZ")
        #expect(database.lookup("203.0.113.8") == nil)
        #expect(database.lookup("2001:db8:ffff::1") == .string("documentation"))
        #expect(database.lookupWithPrefix("2001:db8::")?.prefixLength == 32)
        #expect(database.lookup("2001:db9::") == nil)
        // No ::ffff:0:0/96 alias in this tree: mapped addresses still resolve like IPv4.
        #expect(database.lookup("::ffff:192.0.2.1") == database.lookup("192.0.2.1"))
    }

    @Test("an IPv4-only tree (ip_version 4) answers IPv4 and IPv4-mapped addresses and nil for IPv6")
    func ipv4OnlyDatabase() throws {
        var writer = DatabaseWriter(ipVersion: 4, recordSize: 24)
        writer.insert([10, 1, 0, 0], prefixLength: 16, value: .string("ten-one"))
        let database = try MaxMindDB(bytes: writer.build())
        #expect(database.metadata.ipVersion == 4)
        #expect(database.lookup("10.1.2.3") == .string("ten-one"))
        #expect(database.lookupWithPrefix("10.1.2.3")?.prefixLength == 16)
        #expect(database.lookup("::ffff:10.1.2.3") == .string("ten-one"))
        #expect(database.lookupWithPrefix("::ffff:10.1.2.3")?.prefixLength == 112)
        #expect(database.lookup("10.2.0.0") == nil)
        #expect(database.lookup("2001:db8::1") == nil)
        #expect(database.lookupWithPrefix("2001:db8::1") == nil)
    }

    @Test("IPv4 lookups in an IPv6 tree start at the cached ::/96 node")
    func ipv4StartNode() throws {
        let database = try MaxMindDB(path: TestData.loopback)
        let bytes = try TestData.bytes(TestData.loopback)
        let metadata = database.metadata
        try bytes.withUnsafeBytes { raw in
            let marker = try #require(Metadata.markerOffset(in: raw))
            let layout = try TreeLayout(metadata: metadata, markerOffset: marker, file: raw)
            #expect(layout.ipv4StartDepth == 96)
            let tree = SearchTree(base: try #require(raw.baseAddress), layout: layout)
            var node = 0
            for _ in 0..<96 { node = tree.record(node, bit: 0) }
            #expect(layout.ipv4Start == node)
            #expect(node < metadata.nodeCount)
        }
    }
}

extension Metadata {
    /// Minimal metadata for tree-layout tests, decoded from a synthetic metadata map.
    init(file _: [UInt8], recordSize: Int, nodeCount: Int) throws {
        var writer = DataWriter()
        writer.write(.map([
            "node_count": .uint32(UInt32(nodeCount)), "record_size": .uint16(UInt16(recordSize)),
            "ip_version": .uint16(6), "database_type": .string("T"),
            "binary_format_major_version": .uint16(2), "binary_format_minor_version": .uint16(0),
            "build_epoch": .uint64(0),
        ]))
        let bytes = writer.bytes
        self = try bytes.withUnsafeBytes { raw throws in try Metadata(file: raw, metadataStart: 0) }
    }
}
