import GatehouseCore
import Foundation
import Testing

@testable import GatehouseWeb

@Suite("Catalog")
struct CatalogTests {
    @Test("every key has an English and a Russian text", arguments: MessageKey.allCases)
    func everyKeyHasBothTexts(key: MessageKey) {
        #expect(!Catalog.text(key, .en).trimmingCharacters(in: .whitespaces).isEmpty)
        #expect(!Catalog.text(key, .ru).trimmingCharacters(in: .whitespaces).isEmpty)
    }

    @Test("a Russian text differs from the English one unless the key is meant to be the same")
    func russianIsTranslated() {
        for key in MessageKey.allCases {
            let same = Catalog.text(key, .en) == Catalog.text(key, .ru)
            #expect(same == MessageKey.sameInEveryLanguage.contains(key), "\(key)")
        }
    }

    @Test("Russian texts are written in Cyrillic", arguments: MessageKey.allCases)
    func russianUsesCyrillic(key: MessageKey) {
        guard !MessageKey.sameInEveryLanguage.contains(key) else { return }
        let text = Catalog.text(key, .ru)
        #expect(text.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) }, "\(key): \(text)")
    }

    @Test("both languages use the same placeholders", arguments: MessageKey.allCases)
    func placeholdersMatch(key: MessageKey) {
        #expect(placeholders(Catalog.template(key, .en)) == placeholders(Catalog.template(key, .ru)))
    }

    @Test("placeholders are filled from the arguments")
    func fillsPlaceholders() {
        #expect(Catalog.text(.supportContact, .en, ["email": "help@example.com"]) == "Need help? Write to help@example.com.")
        #expect(
            Catalog.text(.supportContact, .ru, ["email": "help@example.com"])
                == "Нужна помощь? Напишите на адрес help@example.com."
        )
    }

    @Test("a filled-in value is not searched for placeholders again, and unknown ones stay")
    func fillsOnce() {
        #expect(
            Catalog.text(.verifyEmailPending, .en, ["email": "{email}{x}@example.com", "unused": "u"])
                == "We have sent a confirmation link to {email}{x}@example.com. Open it to continue."
        )
        #expect(Catalog.text(.consentVersion, .en, ["other": "1"]) == "Version {version}")
        #expect(Catalog.text(.consentVersion, .ru, ["version": "4"]) == "Редакция 4")
    }

    @Test("the rate-limit message counts seconds under a minute and whole minutes above")
    func rateLimitedMessage() {
        #expect(Catalog.rateLimitedMessage(retryAfterSeconds: 30, .en) == "Too many attempts. Try again in 30 seconds.")
        #expect(Catalog.rateLimitedMessage(retryAfterSeconds: 1, .en) == "Too many attempts. Try again in 1 second.")
        #expect(Catalog.rateLimitedMessage(retryAfterSeconds: 61, .en) == "Too many attempts. Try again in 2 minutes.")
        #expect(Catalog.rateLimitedMessage(retryAfterSeconds: 300, .en) == "Too many attempts. Try again in 5 minutes.")
        #expect(
            Catalog.rateLimitedMessage(retryAfterSeconds: 60, .ru) == "Слишком много попыток. Попробуйте ещё раз через 1 минуту."
        )
        #expect(
            Catalog.rateLimitedMessage(retryAfterSeconds: 22, .ru) == "Слишком много попыток. Попробуйте ещё раз через 22 секунды."
        )
        #expect(
            Catalog.rateLimitedMessage(retryAfterSeconds: 0, .ru) == "Слишком много попыток. Попробуйте ещё раз через 1 секунду."
        )
    }

    @Test("the inactivity notice names the idle minutes")
    func sessionExpiredMessage() {
        #expect(Catalog.sessionExpiredMessage(idleMinutes: 60, .en) == "You were signed out after 60 minutes of inactivity.")
        #expect(Catalog.sessionExpiredMessage(idleMinutes: 60, .ru) == "Сеанс завершён, так как вы были неактивны 60 минут.")
        #expect(Catalog.sessionExpiredMessage(idleMinutes: 1, .ru) == "Сеанс завершён, так как вы были неактивны 1 минуту.")
        #expect(Catalog.sessionExpiredMessage(idleMinutes: 1, .en) == "You were signed out after 1 minute of inactivity.")
    }

    @Test("languages show their own names and codes")
    func languageNames() {
        #expect(Language.en.nativeName == "English")
        #expect(Language.ru.nativeName == "Русский")
        #expect(Language.en.code == "EN")
        #expect(Language.ru.code == "RU")
    }

    private func placeholders(_ text: String) -> Set<String> {
        Set(text.matches(of: #/\{[a-z_]+\}/#).map { String(text[$0.range]) })
    }
}
