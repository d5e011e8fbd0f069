import Foundation
import GatehouseCore

/// Problem `title` and `detail` in the request's language (CONTRACT: pages, mails and problems follow
/// `?lang=`, the `gatehouse_lang` cookie, then `Accept-Language`).
///
/// Details are written in English where the error is raised; this catalogue translates them the way
/// gettext does, keyed by the English text, with `{name}` standing for a value put in at run time. A
/// test reads every detail in `Sources/` and fails when one has no translation here.
enum ProblemText {
    static func title(_ code: ErrorCode, _ language: Language) -> String {
        guard language == .ru else { return Problem.defaultTitle(for: code) }
        return switch code {
        case .invalidCredentials: "Неверный логин или пароль"
        case .secondFactorInvalid: "Неверный код"
        case .backupCodeInvalid: "Неверный резервный код"
        case .validationFailed: "Неверные данные"
        case .passwordTooWeak: "Слишком слабый пароль"
        case .passwordCompromised: "Слишком распространённый пароль"
        case .unauthenticated: "Вход не выполнен"
        case .sessionExpired: "Сеанс истёк"
        case .forbidden: "Доступ запрещён"
        case .csrfFailed: "Проверка CSRF не пройдена"
        case .rateLimited: "Слишком много запросов"
        case .consentRequired: "Требуется согласие"
        case .twoFactorSetupRequired: "Требуется настройка двухфакторной аутентификации"
        case .secondFactorRequired: "Требуется второй фактор"
        case .tokenInvalidOrExpired: "Ссылка недействительна или устарела"
        case .invitationInvalid: "Приглашение недействительно"
        case .alreadyTaken: "Уже занято"
        case .notFound: "Не найдено"
        case .payloadTooLarge: "Слишком большое тело запроса"
        case .unsupportedMediaType: "Неподдерживаемый тип содержимого"
        case .serviceUnavailable: "Сервис недоступен"
        case .emailVerificationRequired: "Требуется подтверждение адреса почты"
        case .reauthenticationRequired: "Требуется повторный ввод пароля"
        case .limitReached: "Достигнут предел"
        case .badRequest: "Неверный запрос"
        case .methodNotAllowed: "Метод не разрешён"
        case .internalError: "Внутренняя ошибка"
        }
    }

    static func detail(_ english: String, _ language: Language) -> String {
        guard language == .ru else { return english }
        if let exact = russian.exact[english] { return exact }
        for entry in russian.templates {
            if let values = entry.match(english) { return entry.fill(values) }
        }
        return english
    }

    /// English → Russian. `{name}` is a value (a number, a field name, a version) that stays as it is.
    static let russianDetails: [(english: String, russian: String)] = [
        // Sign-in and sessions
        ("The sign-in has ended; sign in again.", "Вход прерван; войдите снова."),
        ("The session has ended; sign in again.", "Сеанс завершён; войдите снова."),
        ("The session changed meanwhile; sign in again.", "Сеанс тем временем изменился; войдите снова."),
        ("The session ended meanwhile; sign in again.", "Сеанс тем временем завершился; войдите снова."),
        ("This sign-in step is already done.", "Этот шаг входа уже пройден."),
        ("This step does not apply to the session now.", "Этот шаг сейчас не относится к сеансу."),
        ("No such session.", "Такого сеанса нет."),
        ("Confirm your password first (POST /api/v1/account/reauthenticate).",
         "Сначала подтвердите пароль (POST /api/v1/account/reauthenticate)."),
        ("Too many attempts; try again in {seconds} seconds.", "Слишком много попыток; повторите через {seconds} с."),
        ("Too many sign-ins at once; try again in a moment.", "Слишком много входов одновременно; повторите чуть позже."),
        // Two-factor authentication
        ("A current code is needed while two-factor authentication is on.",
         "Пока двухфакторная аутентификация включена, нужен текущий код."),
        ("No authenticator is set up.", "Приложение-аутентификатор не настроено."),
        ("Two-factor authentication is not set up.", "Двухфакторная аутентификация не настроена."),
        ("Two-factor authentication is required here and cannot be turned off.",
         "Здесь двухфакторная аутентификация обязательна, её нельзя отключить."),
        ("No setup of this sign-in is waiting (or it expired); start it again.",
         "Настройка для этого входа не начата или устарела; начните заново."),
        ("The setup changed meanwhile; start it again.", "Настройка тем временем изменилась; начните заново."),
        ("Send `code` (6 digits) or `backup_code`.", "Передайте `code` (6 цифр) или `backup_code`."),
        ("Reissuing the authenticator with a password reset is turned off.",
         "Перевыпуск аутентификатора при сбросе пароля отключён."),
        ("Accounts with a platform role have their two-factor authentication reset by support.",
         "Двухфакторную аутентификацию учётных записей с ролью платформы сбрасывает поддержка."),
        ("A new authenticator was recently turned down for this account: give the backup code, or ask support.",
         "Новый аутентификатор для этой учётной записи недавно был отклонён: укажите резервный код или обратитесь в поддержку."),
        // Consent
        ("The agreement changed; read version {version} and answer again.",
         "Соглашение изменилось; прочитайте версию {version} и ответьте снова."),
        // Passwords
        ("The password must be at least {length} characters long.", "Пароль должен содержать не менее {length} символов."),
        ("The password must be at most {length} characters long.", "Пароль должен содержать не более {length} символов."),
        ("The password contains control characters.", "Пароль содержит управляющие символы."),
        ("The password must not contain the username.", "Пароль не должен содержать имя пользователя."),
        ("The password must not contain the email address.", "Пароль не должен содержать адрес почты."),
        ("This password is among the most commonly used passwords; choose another.",
         "Этот пароль — один из самых распространённых; выберите другой."),
        // Usernames and addresses
        ("That is not a valid email address.", "Это не адрес электронной почты."),
        ("That username is already in use.", "Это имя пользователя уже занято."),
        ("That {field} is already in use.", "Значение поля «{field}» уже занято."),
        ("The {field} must not be empty.", "Поле «{field}» не должно быть пустым."),
        ("The {field} is too long.", "Значение поля «{field}» слишком длинное."),
        ("A username may contain letters, digits, '.', '_' and '-' only.",
         "Имя пользователя может содержать только буквы, цифры, «.», «_» и «-»."),
        ("The {field} contains characters that are not allowed.", "Поле «{field}» содержит недопустимые символы."),
        ("The {field} is not a valid address.", "Поле «{field}» не содержит правильного адреса."),
        ("The {field} mixes letters of different scripts (such as Latin and Cyrillic).",
         "В поле «{field}» смешаны буквы разных алфавитов (например, латиница и кириллица)."),
        ("`email` is required without a session waiting for verification.",
         "Без сеанса, ожидающего подтверждения, нужно поле `email`."),
        ("Supported languages: en, ru.", "Поддерживаемые языки: en, ru."),
        // Administration
        ("No account has that id.", "Учётной записи с таким идентификатором нет."),
        ("No account has that username or email.", "Учётной записи с таким именем пользователя или адресом нет."),
        ("You cannot disable your own account.", "Нельзя отключить собственную учётную запись."),
        ("This is the last active administrator.", "Это последний действующий администратор."),
        // Organisations
        ("A slug is 2–40 characters of a-z, 0-9 and inner hyphens.",
         "Короткое имя — от 2 до 40 символов: a-z, 0-9 и дефисы внутри."),
        ("A name is 1–100 characters without invisible or control characters.",
         "Название — от 1 до 100 символов без невидимых и управляющих символов."),
        ("That slug is already in use.", "Это короткое имя уже занято."),
        ("No organisation has that slug.", "Организации с таким коротким именем нет."),
        ("That account is not a member of the organisation.", "Эта учётная запись не состоит в организации."),
        // Invitations and registration
        ("Give either organization (an existing slug) or new_organization.",
         "Укажите либо organization (короткое имя существующей организации), либо new_organization."),
        ("Give the address to register with, or the invitation's token.", "Укажите адрес для регистрации или токен приглашения."),
        ("No invitation has that id.", "Приглашения с таким идентификатором нет."),
        ("Only a platform administrator gives platform roles or creates organisations.",
         "Выдавать роли платформы и создавать организации может только администратор платформы."),
        ("Registration is closed: ask an administrator for an account.",
         "Регистрация закрыта: попросите администратора создать вам учётную запись."),
        ("The invitation was already accepted.", "Приглашение уже принято."),
        ("The invitation was already revoked.", "Приглашение уже отозвано."),
        ("This invitation is for another address.", "Это приглашение отправлено на другой адрес."),
        // Access requests
        ("A message is at most 2000 characters.", "Сообщение — не больше 2000 символов."),
        ("The message contains invisible or control characters.", "Сообщение содержит невидимые или управляющие символы."),
        ("No access request has that id.", "Запроса доступа с таким идентификатором нет."),
        ("The access request was already decided.", "По этому запросу доступа решение уже принято."),
        ("The request names no organisation: choose one to invite into.",
         "В запросе не указана организация: выберите, в какую пригласить."),
        // Requests
        ("Send the body as application/json.", "Передайте тело запроса как application/json."),
        ("The request body is not valid JSON.", "Тело запроса — не корректный JSON."),
        ("The request could not be read.", "Запрос не удалось прочитать."),
        ("The request body may be at most {bytes} bytes.", "Тело запроса может быть не больше {bytes} байт."),
        ("`{field}` is required.", "Поле `{field}` обязательно."),
        ("`{field}` has the wrong type.", "Поле `{field}` имеет неверный тип."),
        ("`{field}` has a value that is not allowed.", "Поле `{field}` имеет недопустимое значение."),
        ("The CSRF token is missing or wrong.", "Токен CSRF отсутствует или неверен."),
        ("Cross-site requests are not accepted.", "Межсайтовые запросы не принимаются."),
        ("The request does not show that it comes from this site (no Origin or Sec-Fetch-Site).",
         "Запрос не показывает, что он пришёл с этого сайта (нет Origin или Sec-Fetch-Site)."),
        // Operations
        ("Metrics are served to loopback clients, or with the metrics.token bearer secret.",
         "Метрики отдаются только локальным клиентам или по секрету metrics.token."),
        ("The database cannot be reached.", "База данных недоступна."),
        ("The database cannot be reached; try again shortly.", "База данных недоступна; повторите чуть позже."),
        ("Database migrations are pending: {versions}.", "Не применены миграции базы данных: {versions}."),
        // Permissions and API tokens
        ("A permission is resource:action (a-z, 0-9, _ and -).", "Разрешение записывается как ресурс:действие (a-z, 0-9, _ и -)."),
        ("A token is always created for the signed-in account.", "Токен всегда создаётся для учётной записи, под которой выполнен вход."),
        ("A token may live at most {days} days.", "Токен может действовать не дольше {days} дн."),
        ("A token must expire in the future.", "Срок действия токена должен заканчиваться в будущем."),
        ("A token's name is 1–100 characters without invisible or control characters.",
         "Название токена — от 1 до 100 символов, без невидимых и управляющих символов."),
        ("An API token cannot be used here: this needs a signed-in session.", "Здесь нельзя использовать API-токен: нужен вход в систему."),
        ("An account may hold at most {count} API tokens; delete one first.", "У учётной записи может быть не больше {count} API-токенов; сначала удалите один."),
        ("No permission group has that name.", "Группы разрешений с таким именем нет."),
        ("This token may not use {permission}: its permission group or its owner lacks it.",
         "Этому токену недоступно {permission}: его нет в группе разрешений токена или у его владельца."),
        ("You do not have the permission this page needs.", "У вас нет разрешения, нужного для этой страницы."),
        ("You have no token with that id.", "У вас нет токена с таким идентификатором."),
        ("A page holds 1 to 200 accounts.", "На странице от 1 до 200 учётных записей."),
        ("That cursor is not one this list gave.", "Этот курсор выдан не этим списком."),
        ("A page holds 1 to 200 events.", "На странице от 1 до 200 событий."),
        ("A disabled account cannot be accessed.", "Доступ к отключённой учётной записи невозможен."),
        ("Administrator access cannot be started from within administrator access.",
         "Доступ администратора нельзя начать изнутри другого доступа администратора."),
        ("Give the reason in 15 to 500 characters, on one line.", "Укажите причину: от 15 до 500 символов, в одну строку."),
        ("Not during administrator access: the account's own settings, sessions, tokens and administration stay closed.",
         "Недоступно во время доступа администратора: настройки, сеансы и токены учётной записи и администрирование закрыты."),
        ("Only standard accounts can be accessed, never your own.", "Доступ возможен только к обычным учётным записям и никогда — к собственной."),
        ("Only standard accounts can be accessed: this one has a platform role or operates an organisation.",
         "Доступ возможен только к обычным учётным записям, а у этой есть роль платформы или она управляет организацией."),
        ("This session is no administrator access.", "Этот сеанс не является доступом администратора."),
        ("Your own session ended meanwhile; sign in again.", "Ваш собственный сеанс тем временем завершился; войдите снова."),
        ("An account is named by its id (a UUID).", "Учётная запись указывается по идентификатору (UUID)."),
        ("An event type is lower-case letters, dots and underscores, e.g. login.failed.",
         "Тип события — строчные латинские буквы, точки и подчёркивания, например login.failed."),
        ("At most 20 event types at once.", "Не более 20 типов событий за раз."),
        ("The end of the period must come after its start.", "Конец периода должен быть позже его начала."),
        ("Platform roles are granted from a signed-in session only, never with an API token.",
         "Роли платформы выдаются только из сеанса после входа, а не с API-токеном."),
        ("You cannot grant or remove a role with permissions you do not hold.",
         "Нельзя выдать или снять роль с разрешениями, которых у вас нет."),
        ("That account holds permissions you do not hold.", "У этой учётной записи есть разрешения, которых нет у вас."),
        ("Give a reason of 15 to 500 characters.", "Укажите причину длиной от 15 до 500 символов."),
        ("You cannot erase your own account.", "Нельзя стереть собственную учётную запись."),
    ]

    struct Template: Sendable {
        let pattern: NSRegularExpression
        let names: [String]
        let russian: String

        func match(_ text: String) -> [String: String]? {
            let range = NSRange(text.startIndex..., in: text)
            guard let result = pattern.firstMatch(in: text, range: range), result.range == range else { return nil }
            var values: [String: String] = [:]
            for (index, name) in names.enumerated() {
                guard let captured = Range(result.range(at: index + 1), in: text) else { return nil }
                values[name] = String(text[captured])
            }
            return values
        }

        func fill(_ values: [String: String]) -> String {
            values.reduce(russian) { text, value in text.replacingOccurrences(of: "{" + value.key + "}", with: value.value) }
        }
    }

    /// `{name}` placeholders of an entry, in order.
    static func placeholders(_ template: String) -> [String] {
        var names: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    static let russian: (exact: [String: String], templates: [Template]) = {
        var exact: [String: String] = [:]
        var templates: [Template] = []
        for (english, russian) in russianDetails {
            let names = placeholders(english)
            guard !names.isEmpty else {
                exact[english] = russian
                continue
            }
            var pattern = "^"
            var rest = Substring(english)
            for name in names {
                let marker = "{" + name + "}"
                guard let range = rest.range(of: marker) else { break }
                pattern += NSRegularExpression.escapedPattern(for: String(rest[..<range.lowerBound])) + "(.+?)"
                rest = rest[range.upperBound...]
            }
            pattern += NSRegularExpression.escapedPattern(for: String(rest)) + "$"
            guard let compiled = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { continue }
            templates.append(Template(pattern: compiled, names: names, russian: russian))
        }
        return (exact, templates)
    }()
}
