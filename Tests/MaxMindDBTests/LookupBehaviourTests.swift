import Foundation
import Testing
@testable import MaxMindDB

@Suite("Lookups in MaxMind's official test databases")
struct LookupBehaviourTests {
    @Test("Russian falls back to English per field: Linköping has no ru name, Sweden has one")
    func perFieldFallback() throws {
        let database = try MaxMindDB(path: TestData.city)
        #expect(database.location("89.160.20.112", language: "ru") == Location(city: "Linköping", country: "Швеция", countryCode: "SE"))
        #expect(database.lookup("89.160.20.112")?["city", "names", "ru"] == nil)
    }

    @Test("IPv4-mapped IPv6 addresses resolve like IPv4 and report IPv6 prefix lengths",
          arguments: ["81.2.69.142", "89.160.20.112", "216.160.83.56", "175.16.199.0", "2.125.160.216", "10.0.0.1"])
    func ipv4MappedInCityDatabase(_ ipv4: String) throws {
        let database = try MaxMindDB(path: TestData.city)
        let plain = try #require(database.lookupWithPrefix(ipv4))
        let mapped = try #require(database.lookupWithPrefix("::ffff:" + ipv4))
        #expect(mapped.value == plain.value)
        #expect(mapped.prefixLength == plain.prefixLength + 96)
        #expect(database.location("::ffff:" + ipv4, language: "ru") == database.location(ipv4, language: "ru"))
    }

    @Test("addresses not in the database give nil", arguments: ["127.0.0.1", "10.0.0.1", "192.168.1.1", "0.0.0.0", "255.255.255.255", "::1", "::", "fe80::1", "2001:db8::1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"])
    func notInDatabase(_ address: String) throws {
        let database = try MaxMindDB(path: TestData.city)
        #expect(database.lookup(address) == nil)
        #expect(database.location(address, language: "en") == nil)
        #expect(database.lookupWithPrefix(address) != nil)
    }

    @Test("malformed address strings give nil", arguments: ["", "localhost", "1.2.3", "1.2.3.4.5", "256.1.1.1", "81.2.69.142 ", " 81.2.69.142", "::g", "1:2:3:4:5:6:7:8:9", ":::", "81.2.69.142/24", String(repeating: "1", count: 100)])
    func malformedAddresses(_ address: String) throws {
        let database = try MaxMindDB(path: TestData.city)
        #expect(database.lookup(address) == nil)
        #expect(database.lookupWithPrefix(address) == nil)
        #expect(database.location(address) == nil)
    }

    @Test("an IPv6 zone suffix is ignored")
    func zoneSuffix() throws {
        let database = try MaxMindDB(path: TestData.city)
        #expect(database.location("2001:480:10::%eth0")?.city == "San Diego")
    }

    @Test("the Country database gives country and code but no city")
    func countryDatabase() throws {
        let database = try MaxMindDB(path: TestData.country)
        #expect(database.location("81.2.69.142", language: "ru") == Location(city: nil, country: "Великобритания", countryCode: "GB"))
        #expect(database.location("2001:480:10::") == Location(city: nil, country: "United States", countryCode: "US"))
    }

    @Test("the ASN database has no location; lookup gives the AS number and organisation")
    func asnDatabase() throws {
        let database = try MaxMindDB(path: TestData.asn)
        #expect(database.location("1.128.0.0") == nil)
        let record = try #require(database.lookup("1.128.0.0"))
        #expect(record == .map(["autonomous_system_number": .uint32(1221), "autonomous_system_organization": .string("Telstra Pty Ltd")]))
    }

    @Test("registered_country may differ from country (81.2.69.142: GB vs US)")
    func registeredCountry() throws {
        let record = try #require(try MaxMindDB(path: TestData.city).lookup("81.2.69.142"))
        #expect(record["country", "iso_code"]?.stringValue == "GB")
        #expect(record["registered_country", "iso_code"]?.stringValue == "US")
    }

    @Test("a database opened from a path is memory-mapped; from bytes it is an in-memory copy")
    func storage() throws {
        #expect(try MaxMindDB(path: TestData.city).isMemoryMapped)
        let copy = try MaxMindDB(bytes: TestData.bytes(TestData.city))
        #expect(!copy.isMemoryMapped)
        #expect(copy.lookup("81.2.69.142") == (try MaxMindDB(path: TestData.city)).lookup("81.2.69.142"))
        let fromData = try MaxMindDB(data: Data(TestData.bytes(TestData.loopback)))
        #expect(fromData.location("127.0.0.4")?.city == "Berlin")
    }

    @Test("one instance serves concurrent lookups from many tasks")
    func concurrentLookups() async throws {
        let database = try MaxMindDB(path: TestData.city)
        let cities = await withTaskGroup(of: String?.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let address = index.isMultiple(of: 2) ? "81.2.69.142" : "2001:480:10::"
                    var city: String?
                    for _ in 0..<200 { city = database.location(address, language: "ru")?.city }
                    return city
                }
            }
            var results: [String?] = []
            for await city in group { results.append(city) }
            return results
        }
        #expect(cities.filter { $0 == "Лондон" }.count == 32)
        #expect(cities.filter { $0 == "Сан-Диего" }.count == 32)
    }
}
