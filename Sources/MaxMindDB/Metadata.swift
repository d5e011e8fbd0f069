import Foundation

/// The metadata map stored at the end of a MaxMind DB file.
public struct Metadata: Sendable, Equatable {
    public let nodeCount: Int
    /// Bits per search-tree record: 24, 28 or 32.
    public let recordSize: Int
    /// 4 (IPv4-only tree) or 6 (IPv6 tree, IPv4 in `::/96`).
    public let ipVersion: Int
    public let databaseType: String
    /// Languages the database declares. Records may carry names in more languages than listed.
    public let languages: [String]
    public let binaryFormatMajorVersion: Int
    public let binaryFormatMinorVersion: Int
    /// Build time, seconds since 1970-01-01 UTC.
    public let buildEpoch: UInt64
    /// Description by language code (may be empty).
    public let description: [String: String]

    public var buildDate: Date { Date(timeIntervalSince1970: TimeInterval(buildEpoch)) }

    /// Size of the search tree in bytes.
    var searchTreeSize: Int { nodeCount * recordSize / 4 }
}

extension Metadata {
    /// `\xAB\xCD\xEFMaxMind.com`
    static let marker: [UInt8] = [0xAB, 0xCD, 0xEF] + Array("MaxMind.com".utf8)
    /// The marker must lie in the file's last 128 KiB.
    static let searchWindow = 128 * 1024

    /// Offset of the last metadata marker in `file`, or `nil`.
    static func markerOffset(in file: UnsafeRawBufferPointer) -> Int? {
        let markerCount = marker.count
        guard file.count >= markerCount else { return nil }
        let lowest = max(0, file.count - searchWindow)
        var candidate = file.count - markerCount
        while candidate >= lowest {
            if file[candidate] == marker[0], file[candidate + 1] == marker[1], file[candidate + 2] == marker[2] {
                var matches = true
                for index in 3..<markerCount where file[candidate + index] != marker[index] {
                    matches = false
                    break
                }
                if matches { return candidate }
            }
            candidate -= 1
        }
        return nil
    }

    /// Decodes and validates the metadata map that starts at `offset` in `file`.
    init(file: UnsafeRawBufferPointer, metadataStart offset: Int) throws(MaxMindDBError) {
        let section = UnsafeRawBufferPointer(rebasing: file[offset...])
        guard !section.isEmpty else { throw .invalidMetadata("empty metadata section") }
        let decoder = DataDecoder(section: section)
        let root: Value
        do {
            root = try decoder.decode(at: 0).value
        } catch {
            throw .invalidMetadata("cannot decode metadata map: \(error)")
        }
        guard case let .map(map) = root else { throw .invalidMetadata("metadata is not a map") }

        func integer(_ key: String) throws(MaxMindDBError) -> UInt64 {
            guard let value = map[key] else { throw .invalidMetadata("missing \(key)") }
            guard let number = value.uintValue else { throw .invalidMetadata("\(key) is not an unsigned integer: \(value)") }
            return number
        }
        func smallInteger(_ key: String) throws(MaxMindDBError) -> Int {
            let number = try integer(key)
            guard number <= UInt64(UInt32.max) else { throw .invalidMetadata("\(key) out of range: \(number)") }
            return Int(number)
        }

        binaryFormatMajorVersion = try smallInteger("binary_format_major_version")
        binaryFormatMinorVersion = try smallInteger("binary_format_minor_version")
        guard binaryFormatMajorVersion == 2 else {
            throw .unsupportedFormat("binary format major version \(binaryFormatMajorVersion) (only 2 is supported)")
        }
        nodeCount = try smallInteger("node_count")
        guard nodeCount > 0 else { throw .invalidMetadata("node_count is 0") }
        recordSize = try smallInteger("record_size")
        guard [24, 28, 32].contains(recordSize) else { throw .unsupportedFormat("record_size \(recordSize)") }
        ipVersion = try smallInteger("ip_version")
        guard ipVersion == 4 || ipVersion == 6 else { throw .invalidMetadata("ip_version \(ipVersion)") }
        guard let type = map["database_type"]?.stringValue else { throw .invalidMetadata("missing or non-string database_type") }
        databaseType = type
        buildEpoch = try integer("build_epoch")

        switch map["languages"] {
        case nil:
            languages = []
        case let .array(elements)?:
            var names: [String] = []
            for element in elements {
                guard let name = element.stringValue else { throw .invalidMetadata("languages holds a non-string") }
                names.append(name)
            }
            languages = names
        case let other?:
            throw .invalidMetadata("languages is not an array: \(other)")
        }

        switch map["description"] {
        case nil:
            description = [:]
        case let .map(entries)?:
            var texts: [String: String] = [:]
            for (language, text) in entries {
                guard let string = text.stringValue else { throw .invalidMetadata("description.\(language) is not a string") }
                texts[language] = string
            }
            description = texts
        case let other?:
            throw .invalidMetadata("description is not a map: \(other)")
        }
    }
}
