@testable import MaxMindDB

/// Encodes MaxMind DB data fields (test-only writer, mirrors the format spec).
struct DataWriter {
    var bytes: [UInt8] = []

    mutating func control(type: UInt8, size: Int) {
        let sizeBits: UInt8
        var sizeBytes: [UInt8] = []
        switch size {
        case ..<29:
            sizeBits = UInt8(size)
        case ..<285:
            sizeBits = 29
            sizeBytes = [UInt8(size - 29)]
        case ..<65_821:
            sizeBits = 30
            sizeBytes = bigEndian(UInt64(size - 285), count: 2)
        default:
            sizeBits = 31
            sizeBytes = bigEndian(UInt64(size - 65_821), count: 3)
        }
        if type <= 7 {
            bytes.append(type << 5 | sizeBits)
        } else {
            bytes.append(sizeBits)
            bytes.append(type - 7)
        }
        bytes += sizeBytes
    }

    mutating func write(_ value: Value) {
        switch value {
        case let .string(string):
            let utf8 = Array(string.utf8)
            control(type: 2, size: utf8.count)
            bytes += utf8
        case let .double(double):
            control(type: 3, size: 8)
            bytes += bigEndian(double.bitPattern, count: 8)
        case let .bytes(raw):
            control(type: 4, size: raw.count)
            bytes += raw
        case let .uint16(number):
            writeUnsigned(type: 5, UInt64(number))
        case let .uint32(number):
            writeUnsigned(type: 6, UInt64(number))
        case let .map(entries):
            control(type: 7, size: entries.count)
            for (key, element) in entries.sorted(by: { $0.key < $1.key }) {
                write(.string(key))
                write(element)
            }
        case let .int32(number):
            if number >= 0 {
                writeUnsigned(type: 8, UInt64(number))
            } else {
                control(type: 8, size: 4)
                bytes += bigEndian(UInt64(UInt32(bitPattern: number)), count: 4)
            }
        case let .uint64(number):
            writeUnsigned(type: 9, number)
        case let .uint128(high, low):
            if high == 0 {
                writeUnsigned(type: 10, low)
            } else {
                let highBytes = minimalBigEndian(high)
                control(type: 10, size: highBytes.count + 8)
                bytes += highBytes + bigEndian(low, count: 8)
            }
        case let .array(elements):
            control(type: 11, size: elements.count)
            for element in elements { write(element) }
        case let .boolean(flag):
            control(type: 14, size: flag ? 1 : 0)
        case let .float(float):
            control(type: 15, size: 4)
            bytes += bigEndian(UInt64(float.bitPattern), count: 4)
        }
    }

    /// A pointer to `target` using size class `sizeClass` (0...3).
    mutating func pointer(to target: Int, sizeClass: Int) {
        switch sizeClass {
        case 0:
            precondition(target < 2_048)
            bytes += [0x20 | UInt8(target >> 8), UInt8(target & 0xFF)]
        case 1:
            let value = target - 2_048
            precondition(value >= 0 && value < 1 << 19)
            bytes += [0x28 | UInt8(value >> 16)] + bigEndian(UInt64(value & 0xFFFF), count: 2)
        case 2:
            let value = target - 526_336
            precondition(value >= 0 && value < 1 << 27)
            bytes += [0x30 | UInt8(value >> 24)] + bigEndian(UInt64(value & 0xFF_FFFF), count: 3)
        default:
            bytes += [0x38] + bigEndian(UInt64(target), count: 4)
        }
    }

    private mutating func writeUnsigned(type: UInt8, _ number: UInt64) {
        let payload = minimalBigEndian(number)
        control(type: type, size: payload.count)
        bytes += payload
    }
}

func bigEndian(_ number: UInt64, count: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: number >> (8 * UInt64(count - 1 - $0))) }
}

func minimalBigEndian(_ number: UInt64) -> [UInt8] {
    Array(bigEndian(number, count: 8).drop(while: { $0 == 0 }))
}

/// Builds a complete MaxMind DB file in memory from networks and records.
struct DatabaseWriter {
    enum Record { case empty, node(Int), data(Int) }

    var ipVersion = 6
    var recordSize = 28
    var metadataOverrides: [String: Value?] = [:]
    private var nodes: [[Record]] = [[.empty, .empty]]
    private var data = DataWriter()

    init(ipVersion: Int = 6, recordSize: Int = 28) {
        self.ipVersion = ipVersion
        self.recordSize = recordSize
    }

    /// Adds `address/prefixLength` (4 or 16 address bytes). IPv4 networks go under `::/96`
    /// in an IPv6 tree.
    mutating func insert(_ address: [UInt8], prefixLength: Int, value: Value) {
        var bits: [Int] = []
        if address.count == 4, ipVersion == 6 { bits = Array(repeating: 0, count: 96) }
        for byte in address {
            for shift in (0..<8).reversed() { bits.append(Int(byte >> UInt8(shift) & 1)) }
        }
        let prefix = Array(bits.prefix((ipVersion == 6 && address.count == 4 ? 96 : 0) + prefixLength))
        let offset = data.bytes.count
        data.write(value)
        var node = 0
        for (index, bit) in prefix.enumerated() {
            if index == prefix.count - 1 {
                nodes[node][bit] = .data(offset)
            } else if case let .node(next) = nodes[node][bit] {
                node = next
            } else {
                nodes.append([.empty, .empty])
                nodes[node][bit] = .node(nodes.count - 1)
                node = nodes.count - 1
            }
        }
    }

    func build() -> [UInt8] {
        let nodeCount = nodes.count
        var file: [UInt8] = []
        func number(_ record: Record) -> UInt64 {
            switch record {
            case .empty: UInt64(nodeCount)
            case let .node(index): UInt64(index)
            case let .data(offset): UInt64(nodeCount + 16 + offset)
            }
        }
        for node in nodes {
            let left = number(node[0])
            let right = number(node[1])
            switch recordSize {
            case 24:
                file += bigEndian(left, count: 3) + bigEndian(right, count: 3)
            case 28:
                file += bigEndian(left & 0xFF_FFFF, count: 3)
                file.append(UInt8((left >> 24) << 4 | (right >> 24)))
                file += bigEndian(right & 0xFF_FFFF, count: 3)
            default:
                file += bigEndian(left, count: 4) + bigEndian(right, count: 4)
            }
        }
        file += [UInt8](repeating: 0, count: 16)
        file += data.bytes
        file += Metadata.marker
        var metadata: [String: Value] = [
            "node_count": .uint32(UInt32(nodeCount)),
            "record_size": .uint16(UInt16(recordSize)),
            "ip_version": .uint16(UInt16(ipVersion)),
            "database_type": .string("Test-DB"),
            "languages": .array([.string("en")]),
            "binary_format_major_version": .uint16(2),
            "binary_format_minor_version": .uint16(0),
            "build_epoch": .uint64(1_700_000_000),
            "description": .map(["en": .string("synthetic test database")]),
        ]
        for (key, value) in metadataOverrides { metadata[key] = value }
        var writer = DataWriter()
        writer.write(.map(metadata))
        file += writer.bytes
        return file
    }
}
