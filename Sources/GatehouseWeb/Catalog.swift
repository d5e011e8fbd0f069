import GatehouseCore
/// The texts of the web pages in every `Language`.
public enum Catalog {
    /// The text for `key` in `language`, with each `{name}` placeholder replaced by `arguments[name]`.
    /// A placeholder without an argument is left as it is, so a missing argument shows up in review.
    public static func text(
        _ key: MessageKey,
        _ language: Language,
        _ arguments: [String: String] = [:]
    ) -> String {
        fill(self.template(key, language), arguments)
    }

    /// The text for `key` with no placeholder filled: `{name}` appears as written.
    public static func template(_ key: MessageKey, _ language: Language) -> String {
        switch language {
        case .en: english(key)
        case .ru: russian(key)
        }
    }

    /// "1 minute", "5 minutes"; "1 минуту", "2 минуты", "5 минут". The Russian words are in the
    /// accusative, the case every catalogue sentence with a duration uses ("через 5 минут").
    public static func minutes(_ count: Int, _ language: Language) -> String {
        quantity(count, .minute, language)
    }

    /// "1 second", "5 seconds"; "1 секунду", "2 секунды", "5 секунд".
    public static func seconds(_ count: Int, _ language: Language) -> String {
        quantity(count, .second, language)
    }

    /// "1 hour", "24 hours"; "1 час", "2 часа", "24 часа".
    public static func hours(_ count: Int, _ language: Language) -> String {
        quantity(count, .hour, language)
    }

    /// "1 character", "8 characters"; "1 символ", "2 символа", "8 символов".
    public static func characters(_ count: Int, _ language: Language) -> String {
        quantity(count, .character, language)
    }

    /// A lifetime in whole hours when it is one ("1 hour"), otherwise in minutes ("90 minutes").
    public static func duration(minutes count: Int, _ language: Language) -> String {
        count > 0 && count % 60 == 0 ? hours(count / 60, language) : minutes(count, language)
    }

    /// "At least 8 characters. Common passwords and … are not accepted." for `password.min_length`.
    public static func passwordRules(minimumLength: Int, _ language: Language) -> String {
        text(.passwordRules, language, ["length": characters(minimumLength, language)])
    }

    /// "The password must have at least 8 characters." (`password_too_weak`, `too_short`).
    public static func passwordTooShortMessage(minimumLength: Int, _ language: Language) -> String {
        text(.errorPasswordTooShort, language, ["length": characters(minimumLength, language)])
    }

    /// "The password may have at most 128 characters." (`password_too_weak`, `too_long`).
    public static func passwordTooLongMessage(maximumLength: Int, _ language: Language) -> String {
        text(.errorPasswordTooLong, language, ["length": characters(maximumLength, language)])
    }

    /// "The link is valid for 1 hour." for the configured `reset_ttl` in minutes.
    public static func passwordResetLinkValidity(minutes: Int, _ language: Language) -> String {
        text(.passwordResetLinkValidity, language, ["duration": duration(minutes: minutes, language)])
    }

    /// "Too many attempts. Try again in 5 minutes." from a `Retry-After` in seconds: under a minute
    /// in seconds, otherwise in whole minutes rounded up.
    public static func rateLimitedMessage(retryAfterSeconds: Int, _ language: Language) -> String {
        let wait = max(retryAfterSeconds, 1)
        let duration =
            wait < 60
            ? seconds(wait, language)
            : minutes((wait + 59) / 60, language)
        return text(.errorRateLimited, language, ["duration": duration])
    }

    /// "You were signed out after 60 minutes of inactivity."
    public static func sessionExpiredMessage(idleMinutes: Int, _ language: Language) -> String {
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
        case hour
        case character
    }

    private static func quantity(_ count: Int, _ unit: Unit, _ language: Language) -> String {
        let word: String
        switch (language, unit) {
        case (.en, .minute): word = count == 1 ? "minute" : "minutes"
        case (.en, .second): word = count == 1 ? "second" : "seconds"
        case (.ru, .minute): word = RussianPlural.form(count, one: "минуту", few: "минуты", many: "минут")
        case (.ru, .second): word = RussianPlural.form(count, one: "секунду", few: "секунды", many: "секунд")
        case (.en, .hour): word = count == 1 ? "hour" : "hours"
        case (.en, .character): word = count == 1 ? "character" : "characters"
        case (.ru, .hour): word = RussianPlural.form(count, one: "час", few: "часа", many: "часов")
        case (.ru, .character): word = RussianPlural.form(count, one: "символ", few: "символа", many: "символов")
        }
        return "\(count) \(word)"
    }
}
