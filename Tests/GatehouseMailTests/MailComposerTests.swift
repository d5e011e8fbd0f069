import Foundation
import Testing

@testable import GatehouseMail

@Suite("Mail composer")
struct MailComposerTests {
    static let branding = MailBranding(productName: "Gatehouse", supportEmail: "help@example.org")
    let composer: MailComposer
    let withoutSupport: MailComposer

    init() throws {
        composer = try MailComposer(branding: Self.branding)
        withoutSupport = try MailComposer(branding: MailBranding(productName: "Gatehouse", supportEmail: nil))
    }

    /// Every required value of every kind, each one distinct so that a test can look for it.
    static let values: [String: [String: String]] = [
        "verify_email": ["username": "alice", "link": "https://id.example.org/verify-email?token=v1", "valid_hours": "24"],
        "email_change_verify": [
            "username": "alice", "new_email": "alice.new@example.net",
            "link": "https://id.example.org/verify-email?token=v2", "valid_hours": "24",
        ],
        "email_change_requested": ["username": "alice", "new_email": "alice.new@example.net"],
        "email_changed": ["username": "alice", "new_email": "alice.new@example.net"],
        "email_in_use": ["username": "alice", "reset_link": "https://id.example.org/password-reset"],
        "password_reset": [
            "username": "alice", "link": "https://id.example.org/password-reset/complete?token=r1", "valid_minutes": "60",
        ],
        "password_changed": [
            "username": "alice", "time": "2026-11-23 17:30 UTC", "reset_link": "https://id.example.org/password-reset",
        ],
        "account_locked": [
            "username": "alice", "failed_attempts": "5", "unlock_link": "https://id.example.org/unlock?token=u1",
            "unlock_valid_hours": "24", "reset_link": "https://id.example.org/password-reset/complete?token=r2",
            "reset_valid_minutes": "60",
        ],
        "failed_sign_in": [
            "username": "alice", "time": "2026-11-23 17:30 UTC", "ip": "203.0.113.7",
            "location": "Linköping, Sweden", "device": "Firefox 128, Windows 10",
            "reset_link": "https://id.example.org/password-reset",
        ],
        "new_sign_in": [
            "username": "alice", "time": "2026-11-23 17:30 UTC", "ip": "203.0.113.8", "location": "Kazan, Russia",
            "browser": "Safari 18", "os": "macOS 15", "sessions_link": "https://id.example.org/account#sessions",
            "reset_link": "https://id.example.org/password-reset",
        ],
        "two_factor_setup": ["username": "alice", "setup_link": "https://id.example.org/two-factor/setup"],
        "two_factor_reset": ["username": "alice", "login_link": "https://id.example.org/login", "reason": "administrator"],
        "backup_code_used": ["username": "alice", "time": "2026-11-23 17:30 UTC", "ip": "198.51.100.9"],
        "backup_code_regenerated": ["username": "alice", "time": "2026-11-23 17:31 UTC"],
        "account_created": ["username": "alice", "link": "https://id.example.org/password-reset/complete?token=abc", "valid_hours": "24",
                            "login_link": "https://id.example.org/login"],
        "api_token_issued": ["username": "alice", "time": "2026-11-23 17:31 UTC", "ip": "192.0.2.7", "token_name": "deploy job",
                             "permission_group": "read_only", "expires": "2027-02-21 17:31 UTC", "rotated": "false",
                             "tokens_link": "https://id.example.org/account#tokens"],
        "administrator_access_started": ["username": "alice", "administrator": "root", "reason": "ticket 4711: cannot see the reports",
                                         "time": "2026-11-23 17:31 UTC", "until": "2026-11-23 17:46 UTC",
                                         "security_link": "https://id.example.org/account#security"],
        "two_factor_disabled": ["username": "alice", "time": "2026-11-23 17:32 UTC"],
        "two_factor_enabled": ["username": "alice", "time": "2026-11-23 17:33 UTC", "replaced": "true"],
        "username_changed": ["username": "alice", "old_username": "alice_old"],
        "two_factor_reissue_scheduled": ["username": "alice", "time": "2026-11-23 17:33 UTC", "effective_time": "2026-11-26 17:33 UTC",
                                         "cancel_link": "https://id.example.org/two-factor/reissue/cancel?token=TOKEN"],
        "invitation": ["organization": "Rail operations", "inviter": "olga", "link": "https://id.example.org/register?invitation=TOKEN",
                       "valid_days": "7"],
        "invitation_accept": ["username": "alice", "organization": "Rail operations", "inviter": "olga",
                              "link": "https://id.example.org/invitations/accept?invitation=TOKEN", "valid_days": "7"],
        "access_request": ["username": "alice", "requester_name": "Vera Petrova", "requester_email": "vera@example.net",
                           "organization": "Rail operations", "message": "Please let me in", "queue_link": "https://id.example.org/organizations/rail"],
        "access_request_account_exists": ["username": "alice", "login_link": "https://id.example.org/login",
                                          "reset_link": "https://id.example.org/password-reset"],
        "access_request_rejected": ["username": "alice", "organization": "Rail operations"],
    ]

    static let kindsAndLanguages: [(String, String)] = MailComposer.kinds.flatMap { [($0, "en"), ($0, "ru")] }

    func compose(_ kind: String, _ language: String = "en", _ changes: [String: String?] = [:]) throws -> ComposedMail {
        var values = Self.values[kind] ?? [:]
        for (key, value) in changes { values[key] = value }
        return try composer.compose(kind: kind, language: language, values: values)
    }

    // MARK: - Every kind

    @Test("the fixtures cover exactly the kinds the composer knows")
    func kindsAreCovered() {
        #expect(Set(MailComposer.kinds) == Set(Self.values.keys))
        #expect(MailComposer.kinds.count == 26)
    }

    @Test("every kind renders with every value in both parts", arguments: kindsAndLanguages)
    func rendersEveryKind(kind: String, language: String) throws {
        let mail = try compose(kind, language)
        #expect(!mail.subject.isEmpty)
        #expect(!mail.subject.contains { $0.isNewline })
        #expect(mail.subject.hasSuffix(" — Gatehouse"))
        for (key, value) in Self.values[kind] ?? [:] {
            // Counts appear inside phrases ("24 hours"), the reason only as its sentence.
            guard key != "reason", key != "replaced", key != "rotated" else { continue }
            #expect(mail.text.contains(value), "\(kind) \(language): text lacks \(key)")
            #expect(mail.html.contains(value), "\(kind) \(language): html lacks \(key)")
        }
        // An invitation to register goes to an address without an account: nobody to name.
        if kind != "invitation" { #expect(mail.text.contains("alice")) }
    }

    @Test("the HTML part is a complete small document with inline styles only", arguments: kindsAndLanguages)
    func htmlDocument(kind: String, language: String) throws {
        let html = try compose(kind, language).html
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(language)\">"))
        #expect(html.hasSuffix("</html>\n"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        let lowercased = html.lowercased()
        for forbidden in ["<script", "<style", "<link", "<img", "javascript:", "{{", "}}"] {
            #expect(!lowercased.contains(forbidden), "\(kind) \(language) contains \(forbidden)")
        }
    }

    @Test("the text part has LF line endings and lines of at most 78 characters but for URLs", arguments: kindsAndLanguages)
    func textLines(kind: String, language: String) throws {
        let text = try compose(kind, language, ["username": "a-rather-long-username-to-push-the-greeting-line"]).text
        #expect(!text.contains("\r"))
        #expect(text.hasSuffix("\n"))
        #expect(!text.contains("\n\n\n"))
        #expect(!text.contains("{") && !text.contains("}"))
        for line in text.split(separator: "\n") where line.count > 78 {
            #expect(line.hasPrefix("https://") && !line.contains(" "), "\(kind) \(language): \(line)")
        }
    }

    @Test("each link is a button and its plain URL in HTML, and a line of its own in text", arguments: kindsAndLanguages)
    func links(kind: String, language: String) throws {
        let mail = try compose(kind, language)
        let links = (Self.values[kind] ?? [:]).filter { $0.key.hasSuffix("link") }.map(\.value)
        for link in links {
            let escaped = link.replacingOccurrences(of: "&", with: "&amp;")
            // Once on the button, once on the plain URL's anchor, once as that anchor's text.
            #expect(mail.html.components(separatedBy: escaped).count - 1 == 3, "\(kind) \(language): \(link)")
            #expect(mail.html.contains("display:inline-block"))
            #expect(mail.text.split(separator: "\n").contains { $0 == link }, "\(kind) \(language): \(link)")
        }
    }

    @Test("every mail ends with the footer naming the product", arguments: kindsAndLanguages)
    func footer(kind: String, language: String) throws {
        let mail = try compose(kind, language)
        let sentBy = language == "ru" ? "Это письмо отправлено сервисом «Gatehouse»." : "This message was sent by Gatehouse."
        #expect(mail.text.contains("\n-- \n\(sentBy)\n"))
        #expect(mail.html.contains(sentBy))
    }

    // MARK: - Errors and fallbacks

    @Test("a missing or blank required value is refused")
    func missingValue() throws {
        for kind in MailComposer.kinds {
            for key in (Self.values[kind] ?? [:]).keys where !["location", "device", "browser", "os", "inviter", "message"].contains(key)
                && !(key == "organization" && kind.hasPrefix("access_request")) {
                #expect(throws: MailComposerError.missingValue(kind: kind, key: key)) {
                    try compose(kind, "en", [key: nil])
                }
            }
        }
        #expect(throws: MailComposerError.missingValue(kind: "password_reset", key: "link")) {
            try compose("password_reset", "ru", ["link": " \n "])
        }
    }

    @Test("an unknown kind is refused")
    func unknownKind() {
        #expect(throws: MailComposerError.unknownKind("welcome")) {
            try composer.compose(kind: "welcome", language: "en", values: ["username": "alice"])
        }
    }

    @Test("a language other than Russian falls back to English")
    func languageFallback() throws {
        let english = try compose("verify_email", "en")
        #expect(try compose("verify_email", "de") == english)
        #expect(try compose("verify_email", "") == english)
        #expect(try compose("verify_email", "ru-RU") == compose("verify_email", "ru"))
        #expect(english.html.contains("<html lang=\"en\">"))
    }

    @Test("an unknown two-factor reset reason still gives a sentence")
    func twoFactorResetReasons() throws {
        let sentences = try ["administrator", "password_reset", "recovery", "something_else"].map {
            try compose("two_factor_reset", "en", ["reason": $0]).text.unwrapped
        }
        #expect(Set(sentences).count == 4)
        #expect(sentences[0].contains("An administrator reset two-factor authentication"))
        #expect(sentences[1].contains("together with your password"))
        #expect(sentences[2].contains("backup code"))
        #expect(sentences[3].contains("was reset."))
        for text in sentences {
            #expect(text.contains("again the next time you sign in"))
        }
    }

    @Test("an authenticator set up from the account says whether it replaced the previous one", arguments: ["en", "ru"])
    func twoFactorEnabled(language: String) throws {
        let replaced = try compose("two_factor_enabled", language, ["replaced": "true"])
        let first = try compose("two_factor_enabled", language, ["replaced": "false"])
        #expect(replaced.subject != first.subject)
        if language == "en" {
            #expect(replaced.subject == "Your authenticator app was changed — Gatehouse")
            #expect(replaced.text.unwrapped.contains("the old backup code no longer work"))
            #expect(first.subject == "Two-factor authentication was turned on — Gatehouse")
        } else {
            #expect(replaced.subject == "Приложение-аутентификатор заменено — Gatehouse")
            #expect(first.text.unwrapped.contains("включена двухфакторная аутентификация"))
        }
    }

    @Test("a failed sign-in after the right password says the password is known, in both languages")
    func passwordKnown() throws {
        let english = try compose("failed_sign_in", "en", ["failed_step": "second_factor"])
        #expect(english.subject == "Someone has your password — Gatehouse")
        #expect(english.text.unwrapped.contains("with your correct password, then entered a wrong code"))
        let russian = try compose("failed_sign_in", "ru", ["failed_step": "second_factor"])
        #expect(russian.subject == "Кто-то знает ваш пароль — Gatehouse")
        #expect(try compose("failed_sign_in", "en").subject == "Failed sign-in attempt — Gatehouse")
    }

    // MARK: - Escaping and injection

    @Test("user-typed values are escaped in HTML and verbatim in text", arguments: ["en", "ru"])
    func escaping(language: String) throws {
        let hostile = #"<script>alert(1)</script>&"'"#
        for kind in MailComposer.kinds {
            let mail = try compose(
                kind, language,
                ["username": hostile, "new_email": hostile + "@example.net", "location": hostile, "device": hostile, "organization": hostile,
                 "requester_name": hostile]
            )
            #expect(!mail.html.contains("<script"), "\(kind)")
            #expect(!mail.html.contains(#"&""#), "\(kind)")
            #expect(mail.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;"), "\(kind)")
            #expect(mail.text.contains(hostile), "\(kind)")
            #expect(!mail.text.contains("&lt;") && !mail.text.contains("&amp;"), "\(kind)")
        }
        // A combining mark after the character does not carry it past the escaping (one Character, two scalars).
        let marked = "x\"\u{301} onclick=alert(1) <\u{301}b>"
        let mail = try compose("username_changed", language, ["username": marked])
        let unescaped = "\"\u{301} onclick", escaped = "&quot;\u{301} onclick=alert(1) &lt;\u{301}b&gt;"
        #expect(!mail.html.contains(unescaped))
        #expect(mail.html.contains(escaped), "\(mail.html)")
    }

    @Test("a value that looks like a template stays text")
    func templateSyntaxInValues() throws {
        let mail = try compose("username_changed", "en", ["username": "{{greeting}}{email}{product}", "old_username": "{{{x}}}"])
        #expect(mail.text.contains("“{{greeting}}{email}{product}”"))
        #expect(mail.text.contains("“{{{x}}}”"))
        #expect(mail.html.contains("{{greeting}}{email}{product}"))
    }

    @Test("line breaks in values cannot add a header to the subject or lines to the text")
    func headerInjection() throws {
        let injected = try MailComposer(branding: MailBranding(productName: "Gatehouse\r\nBcc: x@y", supportEmail: "a@b\r\nBcc: x@y"))
        for kind in MailComposer.kinds {
            let mail = try injected.compose(kind: kind, language: "ru", values: Self.values[kind] ?? [:])
            #expect(!mail.subject.contains("\r") && !mail.subject.contains("\n"), "\(kind)")
            #expect(mail.subject.hasSuffix("Gatehouse Bcc: x@y"), "\(kind)")
            #expect(!mail.text.contains("\r"), "\(kind)")
        }
        let mail = try compose("email_change_requested", "en", ["username": "alice\r\nBcc: x@y", "new_email": "b@c\nBcc: x@y"])
        #expect(mail.text.contains("Hello, alice Bcc: x@y,"))
        #expect(!mail.text.contains("\nBcc"))
        #expect(!mail.text.contains("\r"))
    }

    // MARK: - Optional values and support

    @Test("absent optional values leave out their rows", arguments: ["en", "ru"])
    func optionalRows(language: String) throws {
        let labels =
            language == "ru"
            ? ["Местоположение", "Устройство", "Браузер", "Операционная система"]
            : ["Location", "Device", "Browser", "Operating system"]
        let full = try compose("new_sign_in", language).text + compose("failed_sign_in", language).text
        for label in labels {
            #expect(full.contains("\(label):"))
        }
        let bare = ["location": nil, "device": nil, "browser": nil, "os": "  "] as [String: String?]
        for kind in ["new_sign_in", "failed_sign_in"] {
            let mail = try compose(kind, language, bare)
            for label in labels {
                #expect(!mail.text.contains(label), "\(kind)")
                #expect(!mail.html.contains(label), "\(kind)")
            }
            let time = language == "ru" ? "Время" : "Time"
            let ip = language == "ru" ? "IP-адрес" : "IP address"
            #expect(mail.text.contains("\(time):"))
            #expect(mail.text.contains("\(ip):"))
            #expect(mail.html.contains(">\(ip)</td>"))
        }
    }

    @Test("new and failed sign-in show the same details table")
    func consistentDetails() throws {
        let failed = try compose("failed_sign_in", "en").text
        let new = try compose("new_sign_in", "en").text
        #expect(failed.contains("Time:        2026-11-23 17:30 UTC\nLocation:    Linköping, Sweden\nDevice:      Firefox 128, Windows 10\nIP address:  203.0.113.7\n"))
        #expect(new.contains("Time:              2026-11-23 17:30 UTC\nLocation:          Kazan, Russia\nBrowser:           Safari 18\nOperating system:  macOS 15\nIP address:        203.0.113.8\n"))
    }

    @Test("without a support address no mail names one", arguments: kindsAndLanguages)
    func supportAbsent(kind: String, language: String) throws {
        let mail = try withoutSupport.compose(kind: kind, language: language, values: Self.values[kind] ?? [:])
        for part in [mail.text, mail.html] {
            #expect(!part.contains("mailto:"))
            #expect(!part.contains("Questions?"))
            #expect(!part.contains("Есть вопросы?"))
            #expect(!part.contains("If you can’t unlock"))
            #expect(!part.contains("Если не получается"))
        }
    }

    @Test("with a support address every mail names it in both parts", arguments: kindsAndLanguages)
    func supportPresent(kind: String, language: String) throws {
        let mail = try compose(kind, language)
        let question = language == "ru" ? "Есть вопросы? Напишите на адрес help@example.org." : "Questions? Write to help@example.org."
        #expect(mail.text.contains(question))
        #expect(mail.html.contains("<a href=\"mailto:help@example.org\""))
    }

    @Test("an invitation to register greets nobody by name, names the inviter when there is one and counts its days in both languages")
    func invitationMail() throws {
        let english = try compose("invitation", "en")
        #expect(english.subject == "You are invited to Rail operations — Gatehouse")
        #expect(english.text.hasPrefix("Hello,\n"))
        #expect(english.text.unwrapped.contains("olga invited you to join Rail operations on Gatehouse."))
        #expect(english.text.unwrapped.contains("The link is valid for 7 days."))
        let fromCommandLine = try withoutSupport.compose(kind: "invitation", language: "en",
                                                         values: (Self.values["invitation"] ?? [:]).filter { $0.key != "inviter" })
        #expect(fromCommandLine.text.unwrapped.contains("You are invited to join Rail operations on Gatehouse."))
        let russian = try compose("invitation", "ru", ["valid_days": "2"])
        #expect(russian.text.hasPrefix("Здравствуйте!\n"))
        #expect(russian.text.unwrapped.contains("Срок действия ссылки — 2 дня") || russian.text.unwrapped.contains("2 дня"))
        let accept = try compose("invitation_accept", "en")
        #expect(accept.text.hasPrefix("Hello, alice,"))
        #expect(accept.text.unwrapped.contains("You already have an account (alice)."))
        #expect(accept.text.contains("https://id.example.org/invitations/accept?invitation=TOKEN"))
    }

    @Test("the lockout mail shows the support address prominently")
    func lockoutSupport() throws {
        let english = try compose("account_locked", "en")
        #expect(english.html.contains("border-left:4px solid"))
        #expect(english.text.unwrapped.contains("If you can’t unlock your account, write to help@example.org."))
        let russian = try compose("account_locked", "ru")
        #expect(russian.text.unwrapped.contains("Если не получается разблокировать учётную запись, напишите на адрес help@example.org."))
        let bare = try withoutSupport.compose(kind: "account_locked", language: "en", values: Self.values["account_locked"] ?? [:])
        #expect(!bare.html.contains("border-left:4px solid"))
    }

    @Test("sentences about an unexpected change name the administrator when there is no support address")
    func administratorFallback() throws {
        let mail = try withoutSupport.compose(kind: "email_changed", language: "ru", values: Self.values["email_changed"] ?? [:])
        #expect(mail.text.contains("сообщите об этом администратору"))
        let english = try withoutSupport.compose(kind: "password_changed", language: "en", values: Self.values["password_changed"] ?? [:])
        #expect(english.text.contains("Then tell your administrator."))
    }

    @Test("the two-factor setup mail explains the app and carries no secret")
    func twoFactorSetup() throws {
        let english = try compose("two_factor_setup", "en")
        for phrase in ["Google Authenticator", "Yandex Key", "Microsoft Authenticator", "every 30 seconds", "1. Install"] {
            #expect(english.text.unwrapped.contains(phrase))
        }
        #expect(english.html.contains("<ol"))
        #expect(!english.html.contains("otpauth:") && !english.text.contains("otpauth:"))
        let russian = try compose("two_factor_setup", "ru")
        #expect(russian.text.unwrapped.contains("Яндекс Ключ"))
        #expect(russian.text.unwrapped.contains("каждые 30 секунд"))
    }

    // MARK: - Russian

    @Test("Russian mails are in Russian", arguments: MailComposer.kinds)
    func russianIsRussian(kind: String) throws {
        let mail = try compose(kind, "ru")
        #expect(mail.subject.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) })
        #expect(mail.text.hasPrefix(kind == "invitation" ? "Здравствуйте!\n" : "Здравствуйте, alice!\n"))
        let englishFragments = MailTemplateText.allCases
            .flatMap { $0.template(.en).split(separator: #/\{[a-z_]+\}/#) }
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters)) }
            .filter { $0.count >= 4 && !["Google Authenticator", "Microsoft Authenticator"].contains($0) }
        // The links and other values are the fixture's, not the mail's words.
        let valuesRemoved = (Self.values[kind] ?? [:]).values.reduce(mail.text.unwrapped + mail.html) {
            $0.replacingOccurrences(of: $1, with: "")
        }
        for fragment in englishFragments {
            #expect(!valuesRemoved.contains(fragment), "\(kind) shows English \"\(fragment)\"")
        }
        for phrase in ["Hello", "This message", "If it wasn", "Questions?"] {
            #expect(!mail.text.contains(phrase), "\(kind): \(phrase)")
        }
    }

    @Test("English mails contain no Russian")
    func englishIsEnglish() throws {
        for kind in MailComposer.kinds {
            let mail = try compose(kind, "en")
            for part in [mail.subject, mail.text, mail.html] {
                #expect(!part.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) }, "\(kind)")
            }
        }
    }

    @Test("Russian key phrases and quotes")
    func russianPhrases() throws {
        #expect(try compose("verify_email", "ru").subject == "Подтвердите адрес электронной почты — Gatehouse")
        #expect(try compose("verify_email", "ru").text.unwrapped.contains("Срок действия ссылки — 24 часа."))
        #expect(try compose("password_reset", "ru", ["valid_minutes": "1"]).text.unwrapped.contains("Срок действия ссылки — 1 минута."))
        #expect(try compose("password_reset", "ru", ["valid_minutes": "30"]).text.unwrapped.contains("Срок действия ссылки — 30 минут."))
        #expect(try compose("password_reset", "ru").text.unwrapped.contains("Пароль останется прежним."))
        let locked = try compose("account_locked", "ru", ["failed_attempts": "3"]).text.unwrapped
        #expect(locked.contains("Причина — 3 неудачные попытки входа подряд."))
        #expect(try compose("account_locked", "ru", ["failed_attempts": "21"]).text.unwrapped.contains("21 неудачная попытка входа"))
        #expect(try compose("account_locked", "ru", ["failed_attempts": "5"]).text.unwrapped.contains("5 неудачных попыток входа"))
        #expect(try compose("username_changed", "ru").text.unwrapped.contains("с «alice_old» на «alice»"))
        #expect(try compose("email_changed", "ru").html.contains("сервисе «Gatehouse»"))
        #expect(try compose("verify_email", "en").text.unwrapped.contains("The link is valid for 24 hours."))
        #expect(try compose("password_reset", "en", ["valid_minutes": "1"]).text.unwrapped.contains("valid for 1 minute."))
        #expect(try compose("account_locked", "en", ["failed_attempts": "1"]).text.unwrapped.contains("after 1 failed sign-in attempt in a row"))
    }

    @Test(
        "Russian plurals take the one, few and many forms",
        arguments: [
            (1, "1 час", "1 минута", "1 неудачная попытка"),
            (2, "2 часа", "2 минуты", "2 неудачные попытки"),
            (4, "4 часа", "4 минуты", "4 неудачные попытки"),
            (5, "5 часов", "5 минут", "5 неудачных попыток"),
            (11, "11 часов", "11 минут", "11 неудачных попыток"),
            (12, "12 часов", "12 минут", "12 неудачных попыток"),
            (14, "14 часов", "14 минут", "14 неудачных попыток"),
            (21, "21 час", "21 минута", "21 неудачная попытка"),
            (22, "22 часа", "22 минуты", "22 неудачные попытки"),
            (24, "24 часа", "24 минуты", "24 неудачные попытки"),
            (0, "0 часов", "0 минут", "0 неудачных попыток"),
            (111, "111 часов", "111 минут", "111 неудачных попыток"),
            (101, "101 час", "101 минута", "101 неудачная попытка"),
        ]
    )
    func russianPlurals(count: Int, hours: String, minutes: String, attempts: String) {
        #expect(MailTemplateText.hours(String(count), .ru) == hours)
        #expect(MailTemplateText.minutes(String(count), .ru) == minutes)
        #expect(MailTemplateText.failedAttempts(String(count), .ru) == attempts)
        #expect(MailRussianPlural.form(count, one: "попытка", few: "попытки", many: "попыток") == String(attempts.split(separator: " ").last ?? ""))
    }

    @Test("a count that is not a whole number keeps its text")
    func nonIntegerCount() {
        #expect(MailTemplateText.hours("1,5", .ru) == "1,5 часа")
        #expect(MailTemplateText.hours("1.5", .en) == "1.5 hours")
    }

    // MARK: - Wrapping

    @Test("wrapping fills lines, keeps long words whole and never starts a line with a dash")
    func wrapping() {
        let words = Array(repeating: "word", count: 40).joined(separator: " ")
        let wrapped = MailTextWrapping.wrap(words)
        #expect(wrapped.split(separator: "\n").allSatisfy { $0.count <= 78 })
        #expect(wrapped.split(separator: "\n").first?.count == 74)
        let url = "https://id.example.org/" + String(repeating: "x", count: 100)
        #expect(MailTextWrapping.wrap("Open \(url) now") == "Open\n\(url)\nnow")
        let dash = String(repeating: "a", count: 74) + " bb — cc"
        #expect(MailTextWrapping.wrap(dash) == String(repeating: "a", count: 74) + "\nbb — cc")
        #expect(MailTextWrapping.wrap("one two", firstPrefix: "1. ", restPrefix: "   ") == "1. one two")
    }
}

fileprivate extension String {
    /// The text with its wrapped (and indented) lines joined again, for looking up a sentence.
    var unwrapped: String { split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ") }
}
