import Testing
@testable import MaxMindDB

@Suite("Official and Gatehouse test databases match expected_lookups.json")
struct ExpectedLookupsTests {
    @Test("expected_lookups.json is readable and covers the five test databases")
    func coversAllDatabases() {
        #expect(ExpectedLookups.databases.keys.sorted() == [
            "Gatehouse-Loopback-City-Test.mmdb", "GeoIP2-City-Test.mmdb", "GeoIP2-Country-Test.mmdb",
            "GeoLite2-ASN-Test.mmdb", "GeoLite2-City-Test.mmdb",
        ])
        #expect(ExpectedLookups.lookupCases.count == 43)
    }

    @Test("metadata equals the expected node count, record size, IP version, type, languages and build epoch",
          arguments: ExpectedLookups.databaseCases)
    func metadata(_ entry: DatabaseCase) throws {
        let metadata = try MaxMindDB(path: entry.path).metadata
        #expect(metadata.nodeCount == entry.expected.node_count)
        #expect(metadata.recordSize == entry.expected.record_size)
        #expect(metadata.ipVersion == entry.expected.ip_version)
        #expect(metadata.databaseType == entry.expected.database_type)
        #expect(metadata.languages == entry.expected.languages)
        #expect(metadata.buildEpoch == entry.expected.build_epoch)
        #expect(metadata.binaryFormatMajorVersion == 2)
        #expect(metadata.binaryFormatMinorVersion == 0)
    }

    @Test("lookup returns the expected record, or nil, with the expected prefix length",
          arguments: ExpectedLookups.lookupCases)
    func lookup(_ entry: LookupCase) throws {
        let database = try MaxMindDB(path: entry.path)
        let result = try #require(database.lookupWithPrefix(entry.lookup.ip))
        #expect(result.prefixLength == entry.lookup.prefix_len)
        #expect((result.value != nil) == entry.lookup.found)
        #expect(database.lookup(entry.lookup.ip) == result.value)
        guard let expected = entry.lookup.expected, let record = result.value else { return }

        #expect(record["city", "names", "en"]?.stringValue == expected.city?.en)
        #expect(record["city", "names", "ru"]?.stringValue == expected.city?.ru)
        #expect(record["country", "iso_code"]?.stringValue == expected.country?.iso_code)
        #expect(record["country", "names", "en"]?.stringValue == expected.country?.en)
        #expect(record["country", "names", "ru"]?.stringValue == expected.country?.ru)

        let subdivisions = record["subdivisions"]?.arrayValue ?? []
        #expect(subdivisions.count == (expected.subdivisions?.count ?? 0))
        for (actual, wanted) in zip(subdivisions, expected.subdivisions ?? []) {
            #expect(actual["iso_code"]?.stringValue == wanted.iso_code)
            #expect(actual["names", "en"]?.stringValue == wanted.en)
            #expect(actual["names", "ru"]?.stringValue == wanted.ru)
        }

        if let location = expected.location {
            #expect(record["location", "latitude"]?.doubleValue == location.latitude)
            #expect(record["location", "longitude"]?.doubleValue == location.longitude)
            #expect(record["location", "accuracy_radius"]?.intValue == location.accuracy_radius)
            #expect(record["location", "time_zone"]?.stringValue == location.time_zone)
        }
        #expect(record["autonomous_system_number"]?.intValue == expected.autonomous_system_number)
        #expect(record["autonomous_system_organization"]?.stringValue == expected.autonomous_system_organization)
    }

    @Test("location() gives the expected city, country and code in English, and in Russian with English fallback",
          arguments: ExpectedLookups.lookupCases)
    func location(_ entry: LookupCase) throws {
        let database = try MaxMindDB(path: entry.path)
        let english = database.location(entry.lookup.ip, language: "en")
        let russian = database.location(entry.lookup.ip, language: "ru")
        guard let expected = entry.lookup.expected, expected.city != nil || expected.country != nil else {
            #expect(english == nil)
            #expect(russian == nil)
            return
        }
        #expect(english == Location(city: expected.city?.en, country: expected.country?.en,
                                    countryCode: expected.country?.iso_code))
        #expect(russian == Location(city: expected.city?.ru ?? expected.city?.en,
                                    country: expected.country?.ru ?? expected.country?.en,
                                    countryCode: expected.country?.iso_code))
    }
}
