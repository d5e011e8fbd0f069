/// The texts of the web pages in every `PageLanguage`.
public enum Catalog {
    /// The text for `key` in `language`, with each `{name}` placeholder replaced by `arguments[name]`.
    /// A placeholder without an argument is left as it is, so a missing argument shows up in review.
    public static func text(
        _ key: MessageKey,
        _ language: PageLanguage,
        _ arguments: [String: String] = [:]
    ) -> String {
        fill(self.template(key, language), arguments)
    }

    /// The text for `key` with no placeholder filled: `{name}` appears as written.
    public static func template(_ key: MessageKey, _ language: PageLanguage) -> String {
        switch language {
        case .en: english(key)
        case .ru: russian(key)
        }
    }

    /// "1 minute", "5 minutes"; "1 минуту", "2 минуты", "5 минут". The Russian words are in the
    /// accusative, the case every catalogue sentence with a duration uses ("через 5 минут").
    public static func minutes(_ count: Int, _ language: PageLanguage) -> String {
        quantity(count, .minute, language)
    }

    /// "1 second", "5 seconds"; "1 секунду", "2 секунды", "5 секунд".
    public static func seconds(_ count: Int, _ language: PageLanguage) -> String {
        quantity(count, .second, language)
    }

    /// "Too many attempts. Try again in 5 minutes." from a `Retry-After` in seconds: under a minute
    /// in seconds, otherwise in whole minutes rounded up.
    public static func rateLimitedMessage(retryAfterSeconds: Int, _ language: PageLanguage) -> String {
        let wait = max(retryAfterSeconds, 1)
        let duration =
            wait < 60
            ? seconds(wait, language)
            : minutes((wait + 59) / 60, language)
        return text(.errorRateLimited, language, ["duration": duration])
    }

    /// "You were signed out after 60 minutes of inactivity."
    public static func sessionExpiredMessage(idleMinutes: Int, _ language: PageLanguage) -> String {
        text(.noticeSessionExpired, language, ["duration": minutes(idleMinutes, language)])
    }

    /// One pass over the text, so a value that itself contains `{name}` is never filled again.
    private static func fill(_ template: String, _ arguments: [String: String]) -> String {
        guard !arguments.isEmpty else { return template }
        var result = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let nameStart = rest.index(after: open)
            if let close = rest[nameStart...].firstIndex(of: "}"),
                let value = arguments[String(rest[nameStart..<close])]
            {
                result += value
                rest = rest[rest.index(after: close)...]
            } else {
                result += "{"
                rest = rest[nameStart...]
            }
        }
        return result + rest
    }

    private enum Unit {
        case minute
        case second
    }

    private static func quantity(_ count: Int, _ unit: Unit, _ language: PageLanguage) -> String {
        let word: String
        switch (language, unit) {
        case (.en, .minute): word = count == 1 ? "minute" : "minutes"
        case (.en, .second): word = count == 1 ? "second" : "seconds"
        case (.ru, .minute): word = RussianPlural.form(count, one: "минуту", few: "минуты", many: "минут")
        case (.ru, .second): word = RussianPlural.form(count, one: "секунду", few: "секунды", many: "секунд")
        }
        return "\(count) \(word)"
    }
}
