/// Russian plural categories for whole numbers (CLDR rules "one", "few", "many").
public enum RussianPlural: Sendable, Equatable {
    /// 1, 21, 31, 101 … (but not 11, 111)
    case one
    /// 2–4, 22–24, 102–104 … (but not 12–14)
    case few
    /// 0, 5–20, 25–30, 111–114 …
    case many

    public init(_ number: Int) {
        let n = number.magnitude
        let lastDigit = n % 10
        let lastTwoDigits = n % 100
        if lastDigit == 1 && lastTwoDigits != 11 {
            self = .one
        } else if (2...4).contains(lastDigit) && !(12...14).contains(lastTwoDigits) {
            self = .few
        } else {
            self = .many
        }
    }

    /// Picks the form for `number`: `RussianPlural.form(5, one: "минуту", few: "минуты", many: "минут")`.
    public static func form(_ number: Int, one: String, few: String, many: String) -> String {
        switch RussianPlural(number) {
        case .one: one
        case .few: few
        case .many: many
        }
    }
}
