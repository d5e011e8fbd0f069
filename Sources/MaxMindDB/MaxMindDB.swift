import Foundation

/// A MaxMind DB (`.mmdb`) reader.
///
/// The file is memory-mapped read-only (or read into memory once if `mmap` fails) and lookups
/// decode in place from the mapped bytes. Instances are immutable and safe to share between
/// threads and tasks. Lookups never throw and never trap on malformed data: they return `nil`.
public final class MaxMindDB: Sendable {
    public let metadata: Metadata
    private let file: MappedFile
    private let layout: TreeLayout

    /// Whether the bytes come from `mmap` (as opposed to a heap copy).
    public var isMemoryMapped: Bool { file.isMemoryMapped }

    /// Opens and validates the database at `path`.
    public convenience init(path: String) throws(MaxMindDBError) {
        try self.init(file: MappedFile(path: path))
    }

    /// A database held in memory (copied from `bytes`).
    public convenience init(bytes: [UInt8]) throws(MaxMindDBError) {
        try self.init(file: bytes.withUnsafeBytes { MappedFile(copying: $0) })
    }

    /// A database held in memory (copied from `data`).
    public convenience init(data: Data) throws(MaxMindDBError) {
        try self.init(file: data.withUnsafeBytes { MappedFile(copying: $0) })
    }

    private init(file: MappedFile) throws(MaxMindDBError) {
        guard let marker = Metadata.markerOffset(in: file.bytes) else { throw .metadataNotFound }
        let metadata = try Metadata(file: file.bytes, metadataStart: marker + Metadata.marker.count)
        self.layout = try TreeLayout(metadata: metadata, markerOffset: marker, file: file.bytes)
        self.metadata = metadata
        self.file = file
    }

    // MARK: - Generic lookups

    /// The record for an IPv4 or IPv6 address in text form, or `nil` if the address is
    /// invalid, not in the database, or its record cannot be decoded.
    public func lookup(_ address: String) -> Value? {
        lookupWithPrefix(address)?.value
    }

    /// The record for a 4-byte (IPv4) or 16-byte (IPv6) address in network byte order.
    public func lookup(bytes: [UInt8]) -> Value? {
        guard let address = IPAddress(bytes: bytes) else { return nil }
        return search(address).flatMap { decodeValue(atDataOffset: $0.dataOffset) }
    }

    /// The record (`nil` when absent) and the prefix length of the network that matched, as
    /// MaxMind's readers report it: IPv4 addresses count IPv4 bits, IPv6 addresses (including
    /// IPv4-mapped ones) count IPv6 bits. `nil` only for an unparsable or unsearchable address.
    public func lookupWithPrefix(_ address: String) -> (value: Value?, prefixLength: Int)? {
        guard let address = IPAddress(address), let result = search(address) else { return nil }
        return (decodeValue(atDataOffset: result.dataOffset), result.prefixLength)
    }

    // MARK: - Typed lookups

    /// City and country names in `language` (falling back to `en` per field), decoding only
    /// those fields. `nil` if the address is invalid or not in the database, or the record
    /// has neither a city nor a country.
    public func location(_ address: String, language: String = "en") -> Location? {
        guard let address = IPAddress(address) else { return nil }
        return location(address, language: language)
    }

    /// `location(_:language:)` for a 4-byte or 16-byte address in network byte order.
    public func location(bytes: [UInt8], language: String = "en") -> Location? {
        guard let address = IPAddress(bytes: bytes) else { return nil }
        return location(address, language: language)
    }

    private func location(_ address: IPAddress, language: String) -> Location? {
        guard let offset = search(address)?.dataOffset else { return nil }
        let decoder = dataDecoder
        var language = language
        return language.withUTF8 { utf8 in
            try? decoder.location(at: offset, language: UnsafeRawBufferPointer(utf8))
        }
    }

    // MARK: - Internals

    private var dataDecoder: DataDecoder {
        DataDecoder(section: UnsafeRawBufferPointer(rebasing: file.bytes[layout.dataStart..<layout.dataEnd]))
    }

    private func decodeValue(atDataOffset offset: Int?) -> Value? {
        guard let offset else { return nil }
        return try? dataDecoder.decode(at: offset).value
    }

    /// Tree walk: the data offset (`nil` = no record) and the reported prefix length.
    @inline(__always)
    private func search(_ address: IPAddress) -> (dataOffset: Int?, prefixLength: Int)? {
        guard let base = file.bytes.baseAddress,
              let (record, depth) = SearchTree(base: base, layout: layout).search(address) else { return nil }
        var prefixLength = depth
        if address.isIPv4, layout.ipVersion == 6 {
            prefixLength = max(0, depth - 96) + (address.isMapped ? 96 : 0)
        } else if address.isMapped {
            prefixLength += 96
        }
        return (layout.dataOffset(forRecord: record), prefixLength)
    }
}
