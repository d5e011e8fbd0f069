import Testing
@testable import MaxMindDB

@Suite("Gatehouse-Loopback-City-Test.mmdb: sign-ins over loopback show four cities")
struct LoopbackDatabaseTests {
    let database: MaxMindDB

    init() throws {
        database = try MaxMindDB(path: TestData.loopback)
    }

    @Test("127.0.0.1–4 are London, Linköping, Milton and Berlin in English")
    func englishNames() {
        #expect(database.location("127.0.0.1", language: "en") == Location(city: "London", country: "United Kingdom", countryCode: "GB"))
        #expect(database.location("127.0.0.2", language: "en") == Location(city: "Linköping", country: "Sweden", countryCode: "SE"))
        #expect(database.location("127.0.0.3", language: "en") == Location(city: "Milton", country: "United States", countryCode: "US"))
        #expect(database.location("127.0.0.4", language: "en") == Location(city: "Berlin", country: "Germany", countryCode: "DE"))
    }

    @Test("127.0.0.1–4 have Russian city and country names")
    func russianNames() {
        #expect(database.location("127.0.0.1", language: "ru") == Location(city: "Лондон", country: "Великобритания", countryCode: "GB"))
        #expect(database.location("127.0.0.2", language: "ru") == Location(city: "Линчёпинг", country: "Швеция", countryCode: "SE"))
        #expect(database.location("127.0.0.3", language: "ru") == Location(city: "Мильтон", country: "США", countryCode: "US"))
        #expect(database.location("127.0.0.4", language: "ru") == Location(city: "Берлин", country: "Германия", countryCode: "DE"))
    }

    @Test("a language without names falls back to English", arguments: ["de", "zh-CN", "", "EN"])
    func unknownLanguageFallsBackToEnglish(_ language: String) {
        #expect(database.location("127.0.0.2", language: language) == Location(city: "Linköping", country: "Sweden", countryCode: "SE"))
    }

    @Test("the default language is English")
    func defaultLanguage() {
        #expect(database.location("127.0.0.4")?.city == "Berlin")
    }

    @Test("::1 is London, like 127.0.0.1")
    func ipv6Loopback() {
        #expect(database.location("::1", language: "en") == database.location("127.0.0.1", language: "en"))
        #expect(database.location("::1", language: "ru")?.city == "Лондон")
        #expect(database.lookupWithPrefix("::1")?.prefixLength == 128)
    }

    @Test("IPv4-mapped ::ffff:127.0.0.x resolves like the IPv4 address", arguments: ["127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"])
    func ipv4Mapped(_ ipv4: String) {
        #expect(database.lookup("::ffff:" + ipv4) == database.lookup(ipv4))
        #expect(database.location("::ffff:" + ipv4, language: "ru") == database.location(ipv4, language: "ru"))
        #expect(database.location("0:0:0:0:0:FFFF:" + ipv4) == database.location(ipv4))
    }

    @Test("6to4 2002:7f00:3:: is Milton")
    func sixToFour() {
        #expect(database.location("2002:7f00:3::")?.city == "Milton")
        #expect(database.lookupWithPrefix("2002:7f00:3::")?.prefixLength == 48)
    }

    @Test("0.0.0.1 shares the ::1 leaf because IPv4 lives in ::/96")
    func ipv4InsideIPv6Tree() {
        #expect(database.location("0.0.0.1")?.city == "London")
        #expect(database.lookupWithPrefix("0.0.0.1")?.prefixLength == 32)
    }

    @Test("addresses without a record give nil", arguments: ["127.0.0.5", "127.0.0.0", "10.0.0.1", "8.8.8.8", "255.255.255.255", "::2", "2001:db8::1"])
    func noRecord(_ address: String) {
        #expect(database.lookup(address) == nil)
        #expect(database.location(address, language: "en") == nil)
        #expect(database.location(address, language: "ru") == nil)
    }

    @Test("the full record carries location, postal code, subdivisions and the EU flag")
    func fullRecord() throws {
        let milton = try #require(database.lookup("127.0.0.3"))
        #expect(milton["location", "latitude"] == .double(47.2513))
        #expect(milton["location", "longitude"] == .double(-122.3149))
        #expect(milton["location", "accuracy_radius"] == .uint16(22))
        #expect(milton["postal", "code"]?.stringValue == "98354")
        #expect(milton["subdivisions", 0, "names", "ru"]?.stringValue == "Вашингтон")
        #expect(milton["registered_country"] == milton["country"])
        let sweden = try #require(database.lookup("127.0.0.2"))
        #expect(sweden["country", "is_in_european_union"] == .boolean(true))
        #expect(sweden["continent", "names", "ru"]?.stringValue == "Европа")
        #expect(sweden["city", "geoname_id"]?.intValue == 2_694_762)
    }

    @Test("metadata: 189 nodes, 28-bit records, IPv6 tree, en + ru, fixed build epoch")
    func metadata() {
        let metadata = database.metadata
        #expect(metadata.nodeCount == 189)
        #expect(metadata.recordSize == 28)
        #expect(metadata.ipVersion == 6)
        #expect(metadata.databaseType == "Gatehouse-Loopback-City")
        #expect(metadata.languages == ["en", "ru"])
        #expect(metadata.buildEpoch == 1_735_689_600)
        #expect(metadata.buildDate.timeIntervalSince1970 == 1_735_689_600)
        #expect(metadata.description.keys.sorted() == ["en", "ru"])
    }

    @Test("lookup(bytes:) and location(bytes:) take 4- or 16-byte addresses")
    func byteAddresses() {
        #expect(database.location(bytes: [127, 0, 0, 4])?.city == "Berlin")
        #expect(database.location(bytes: [UInt8](repeating: 0, count: 15) + [1], language: "ru")?.city == "Лондон")
        #expect(database.location(bytes: [UInt8](repeating: 0, count: 10) + [0xFF, 0xFF, 127, 0, 0, 2])?.city == "Linköping")
        #expect(database.lookup(bytes: [127, 0, 0, 1]) == database.lookup("127.0.0.1"))
        #expect(database.lookup(bytes: [127, 0, 0]) == nil)
        #expect(database.location(bytes: []) == nil)
    }
}
