/// Russian plural categories for whole numbers (CLDR "one", "few", "many"), for the counts mails
/// name: "1 час, 2 часа, 5 часов".
enum MailRussianPlural: Sendable, Equatable {
    /// 1, 21, 31, 101 … (but not 11, 111)
    case one
    /// 2–4, 22–24, 102–104 … (but not 12–14)
    case few
    /// 0, 5–20, 25–30, 111–114 …
    case many

    init(_ number: Int) {
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

    /// Picks the form for `number`: `MailRussianPlural.form(5, one: "час", few: "часа", many: "часов")`.
    static func form(_ number: Int, one: String, few: String, many: String) -> String {
        switch MailRussianPlural(number) {
        case .one: one
        case .few: few
        case .many: many
        }
    }
}
