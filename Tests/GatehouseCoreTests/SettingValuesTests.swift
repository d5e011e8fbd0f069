import GatehouseCore
import Testing

@Suite("Setting value formats")
struct SettingValuesTests {
    @Test("durations accept s, m, h, d and plain seconds")
    func durations() {
        #expect(SettingValues.duration("90s") == .seconds(90))
        #expect(SettingValues.duration("60m") == .seconds(3600))
        #expect(SettingValues.duration("24h") == .seconds(86_400))
        #expect(SettingValues.duration("7d") == .seconds(604_800))
        #expect(SettingValues.duration("45") == .seconds(45))
        for bad in ["", "m", "-5m", "0", "1.5h", "ten", "5w"] {
            #expect(SettingValues.duration(bad) == nil, "\(bad)")
        }
        #expect(SettingValues.format(.seconds(3600)) == "1h")
        #expect(SettingValues.format(.seconds(90)) == "90s")
    }

    @Test("rates are COUNT/SECONDS")
    func rates() {
        #expect(SettingValues.rate("10/60") == RateLimit(count: 10, window: .seconds(60)))
        for bad in ["10", "10/0", "0/60", "a/b", "10/60/2", "-1/60"] {
            #expect(SettingValues.rate(bad) == nil, "\(bad)")
        }
    }

    @Test("sizes accept KiB and MiB")
    func sizes() {
        #expect(SettingValues.byteSize("64KiB") == 65_536)
        #expect(SettingValues.byteSize("1MiB") == 1_048_576)
        #expect(SettingValues.byteSize("512") == 512)
        #expect(SettingValues.byteSize("lots") == nil)
        #expect(SettingValues.byteSize("0") == nil)
    }
}
