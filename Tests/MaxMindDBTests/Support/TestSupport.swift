import Foundation
@testable import MaxMindDB

enum TestData {
    /// MaxMind's test databases and Gatehouse's loopback one, kept in the repository (TestData/geoip).
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("TestData/geoip").path + "/"
    static let city = directory + "GeoIP2-City-Test.mmdb"
    static let liteCity = directory + "GeoLite2-City-Test.mmdb"
    static let country = directory + "GeoIP2-Country-Test.mmdb"
    static let asn = directory + "GeoLite2-ASN-Test.mmdb"
    static let loopback = directory + "Gatehouse-Loopback-City-Test.mmdb"

    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

/// SplitMix64: a seeded generator so failures reproduce.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Value {
    /// `value["a", "b", 0, "c"]`-style access for tests.
    subscript(path: any PathComponent...) -> Value? {
        var current: Value? = self
        for component in path {
            current = component.step(current)
        }
        return current
    }
}

protocol PathComponent {
    func step(_ value: Value?) -> Value?
}

extension String: PathComponent {
    func step(_ value: Value?) -> Value? { value?[self] }
}

extension Int: PathComponent {
    func step(_ value: Value?) -> Value? { value?[self] }
}
