import GatehouseWeb
import Testing

@Suite("Russian plurals")
struct RussianPluralTests {
    @Test(
        "minutes take the one, few and many forms",
        arguments: [
            (1, "1 минуту"), (2, "2 минуты"), (5, "5 минут"), (11, "11 минут"), (21, "21 минуту"),
            (22, "22 минуты"), (25, "25 минут"), (111, "111 минут"), (12, "12 минут"), (14, "14 минут"),
            (104, "104 минуты"), (0, "0 минут"), (60, "60 минут"),
        ]
    )
    func minutes(count: Int, expected: String) {
        #expect(Catalog.minutes(count, .ru) == expected)
    }

    @Test(
        "seconds take the one, few and many forms",
        arguments: [
            (1, "1 секунду"), (2, "2 секунды"), (5, "5 секунд"), (11, "11 секунд"), (21, "21 секунду"),
            (22, "22 секунды"), (25, "25 секунд"), (111, "111 секунд"), (13, "13 секунд"), (33, "33 секунды"),
        ]
    )
    func seconds(count: Int, expected: String) {
        #expect(Catalog.seconds(count, .ru) == expected)
    }

    @Test("the categories follow the last one and two digits")
    func categories() {
        #expect([1, 21, 101, 1001].map(RussianPlural.init) == [.one, .one, .one, .one])
        #expect([2, 3, 4, 22, 34, 102].map(RussianPlural.init) == [.few, .few, .few, .few, .few, .few])
        #expect([0, 5, 11, 12, 13, 14, 19, 20, 111, 112].allSatisfy { RussianPlural($0) == .many })
    }

    @Test("English uses singular only for one")
    func english() {
        #expect(Catalog.minutes(1, .en) == "1 minute")
        #expect(Catalog.minutes(21, .en) == "21 minutes")
        #expect(Catalog.seconds(1, .en) == "1 second")
        #expect(Catalog.seconds(5, .en) == "5 seconds")
    }
}
