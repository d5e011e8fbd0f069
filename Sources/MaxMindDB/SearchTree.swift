/// Where the search tree and the data section lie in the file; validated against its size.
struct TreeLayout: Sendable {
    let nodeCount: Int
    let recordSize: Int
    let ipVersion: Int
    /// Offset of the data section (just past the 16-byte separator).
    let dataStart: Int
    /// Offset of the metadata marker, i.e. the end of the data section.
    let dataEnd: Int
    /// The `::/96` node where IPv4 lookups start (the root in an IPv4 tree), and its depth.
    private(set) var ipv4Start = 0
    private(set) var ipv4StartDepth = 0

    init(metadata: Metadata, markerOffset: Int, file: UnsafeRawBufferPointer) throws(MaxMindDBError) {
        nodeCount = metadata.nodeCount
        recordSize = metadata.recordSize
        ipVersion = metadata.ipVersion
        let treeSize = metadata.searchTreeSize
        guard treeSize + 16 <= markerOffset else {
            throw .corruptDatabase("search tree (\(nodeCount) nodes, \(treeSize) bytes) and separator do not fit before the metadata at \(markerOffset)")
        }
        dataStart = treeSize + 16
        dataEnd = markerOffset

        if ipVersion == 6, let base = file.baseAddress {
            let tree = SearchTree(base: base, layout: self)
            var node = 0
            var depth = 0
            while depth < 96, node < nodeCount {
                node = tree.record(node, bit: 0)
                depth += 1
            }
            ipv4Start = node
            ipv4StartDepth = depth
        }
    }

    /// The data-section offset a terminal record points at, or `nil` for "no data" / out of range.
    @inline(__always)
    func dataOffset(forRecord record: Int) -> Int? {
        guard record > nodeCount else { return nil }
        let offset = record - nodeCount - 16
        guard offset >= 0, offset < dataEnd - dataStart else { return nil }
        return offset
    }
}

/// Binary search tree walk over the mapped bytes. The caller guarantees that `base` covers
/// `layout.nodeCount` nodes (checked by `TreeLayout.init`); nodes are only read while
/// `node < nodeCount`, so every read is in bounds.
struct SearchTree {
    let base: UnsafeRawPointer
    let layout: TreeLayout

    @inline(__always)
    private func byte(_ offset: Int) -> Int {
        Int(base.load(fromByteOffset: offset, as: UInt8.self))
    }

    /// The left (`bit` 0) or right (`bit` 1) record of `node`.
    @inline(__always)
    func record(_ node: Int, bit: Int) -> Int {
        switch layout.recordSize {
        case 24:
            let offset = node * 6 + bit * 3
            return byte(offset) << 16 | byte(offset + 1) << 8 | byte(offset + 2)
        case 28:
            let offset = node * 7
            if bit == 0 {
                return (byte(offset + 3) & 0xF0) << 20 | byte(offset) << 16 | byte(offset + 1) << 8 | byte(offset + 2)
            }
            return (byte(offset + 3) & 0x0F) << 24 | byte(offset + 4) << 16 | byte(offset + 5) << 8 | byte(offset + 6)
        default:
            let offset = node * 8 + bit * 4
            return byte(offset) << 24 | byte(offset + 1) << 16 | byte(offset + 2) << 8 | byte(offset + 3)
        }
    }

    /// Follows `address` down the tree. Returns the terminal record and the number of bits
    /// followed from the root (IPv4 in an IPv6 tree counts the 96 bits to `::/96`), or `nil`
    /// for an IPv6 address in an IPv4-only tree.
    @inline(__always)
    func search(_ address: IPAddress) -> (record: Int, depth: Int)? {
        let nodeCount = layout.nodeCount
        var node: Int
        var depth: Int
        if address.isIPv4 {
            node = layout.ipv4Start
            depth = layout.ipv4StartDepth
            let bits = address.ipv4
            var index = 0
            while index < 32, node < nodeCount {
                node = record(node, bit: Int(bits >> (31 - UInt32(index)) & 1))
                index += 1
            }
            return (node, depth + index)
        }
        guard layout.ipVersion == 6 else { return nil }
        node = 0
        depth = 0
        while depth < 128, node < nodeCount {
            let half = depth < 64 ? address.high : address.low
            node = record(node, bit: Int(half >> UInt64(63 - (depth & 63)) & 1))
            depth += 1
        }
        return (node, depth)
    }
}
