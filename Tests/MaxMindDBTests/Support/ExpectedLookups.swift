import Foundation
import Testing

/// `/work/shared/data/geoip/expected_lookups.json`, produced with MaxMind's Python reader.
struct ExpectedDatabase: Decodable, Sendable {
    let database_type: String
    let ip_version: Int
    let record_size: Int
    let node_count: Int
    let build_epoch: UInt64
    let languages: [String]
    let lookups: [ExpectedLookup]
}

struct ExpectedLookup: Decodable, Sendable {
    let ip: String
    let prefix_len: Int
    let found: Bool
    let expected: ExpectedRecord?
}

struct ExpectedRecord: Decodable, Sendable {
    struct Names: Decodable, Sendable { let en: String?; let ru: String? }
    struct Country: Decodable, Sendable { let iso_code: String; let en: String?; let ru: String? }
    struct Subdivision: Decodable, Sendable { let iso_code: String; let en: String?; let ru: String? }
    struct Location: Decodable, Sendable {
        let latitude: Double
        let longitude: Double
        let accuracy_radius: Int
        let time_zone: String
    }

    let city: Names?
    let country: Country?
    let subdivisions: [Subdivision]?
    let location: Location?
    let autonomous_system_number: Int?
    let autonomous_system_organization: String?
}

/// One row of the JSON, as a test-case argument.
struct LookupCase: Sendable, CustomTestStringConvertible {
    let file: String
    let lookup: ExpectedLookup
    var path: String { TestData.directory + file }
    var testDescription: String { "\(file) \(lookup.ip)" }
}

struct DatabaseCase: Sendable, CustomTestStringConvertible {
    let file: String
    let expected: ExpectedDatabase
    var path: String { TestData.directory + file }
    var testDescription: String { file }
}

enum ExpectedLookups {
    static let path = TestData.directory + "expected_lookups.json"

    /// Database file name → expectations; empty if the JSON cannot be read (a test checks that).
    static let databases: [String: ExpectedDatabase] = {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path)),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        var result: [String: ExpectedDatabase] = [:]
        for (file, entry) in object where !file.hasPrefix("_") {
            guard let entryData = try? JSONSerialization.data(withJSONObject: entry),
                  let database = try? JSONDecoder().decode(ExpectedDatabase.self, from: entryData) else { continue }
            result[file] = database
        }
        return result
    }()

    static var databaseCases: [DatabaseCase] {
        databases.keys.sorted().compactMap { file in databases[file].map { DatabaseCase(file: file, expected: $0) } }
    }

    static var lookupCases: [LookupCase] {
        databaseCases.flatMap { database in database.expected.lookups.map { LookupCase(file: database.file, lookup: $0) } }
    }
}
