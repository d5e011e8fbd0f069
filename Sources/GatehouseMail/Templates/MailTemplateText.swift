import GatehouseCore
/// Every sentence a mail can contain, in every `Language` (`+English`, `+Russian`).
/// `{name}` is a placeholder: `{product}`, a value of the mail (`{username}`, `{new_email}` …), or
/// what the mail computes (`{duration}`, `{attempts}`). `{email}` is the support address, which the
/// HTML part links, so sentences carrying it are split around it rather than filled.
enum MailTemplateText: CaseIterable, Sendable {
    // Frame of every mail
    case greeting  // {username}
    case greetingWithoutName
    case footerSentBy  // {product}
    case footerSupport  // {email}
    case linkFallback
    case linkValidity  // {duration}

    // Details table
    case detailTime
    case detailLocation
    case detailDevice
    case detailBrowser
    case detailOperatingSystem
    case detailIPAddress
    case detailName
    case detailEmail
    case detailOrganization
    case detailMessage
    case detailTokenName
    case detailPermissionGroup
    case detailExpires
    case detailAdministrator
    case detailReason
    case detailUntil

    // Shared sentences and buttons
    case actionResetPassword
    case resetPasswordNow
    case changePasswordAndWriteToSupport  // {email}
    case changePasswordAndTellAdministrator
    case unexpectedWriteToSupport  // {email}
    case unexpectedTellAdministrator

    case verifyEmailSubject  // {product}
    case verifyEmailIntro  // {product}
    case verifyEmailAction
    case verifyEmailNotYou

    case emailChangeVerifySubject
    case emailChangeVerifyIntro  // {new_email} {product}
    case emailChangeVerifyAction
    case emailChangeVerifyCurrentKeepsWorking
    case emailChangeVerifyNotYou

    case emailChangeRequestedSubject
    case emailChangeRequestedIntro  // {product} {new_email}
    case emailChangeRequestedCurrentKeepsWorking  // {new_email}

    case emailChangedSubject
    case emailChangedIntro  // {product} {new_email}
    case emailChangedNotYouWriteToSupport  // {email}
    case emailChangedNotYouTellAdministrator

    case emailInUseSubject
    case emailInUseIntro  // {product}
    case emailInUseIfYou  // {username}
    case emailInUseNotYou

    case passwordResetSubject
    case passwordResetIntro  // {product}
    case passwordResetAction
    case passwordResetNotYou

    case passwordChangedSubject
    case passwordChangedIntro  // {product}
    case passwordChangedIfYou
    case passwordChangedThenWriteToSupport  // {email}
    case passwordChangedThenTellAdministrator

    case accountLockedSubject
    case accountLockedIntro  // {product} {attempts}
    case accountLockedUnlock  // {duration}
    case accountLockedUnlockAction
    case accountLockedReset  // {duration}
    case accountLockedSupport  // {email}

    case failedSignInSubject
    case failedSignInIntro  // {product}
    case failedSignInIfYou
    case failedSignInNotYou
    case failedSignInPasswordKnownSubject
    case failedSignInPasswordKnownIntro  // {product}
    case failedSignInPasswordKnownIfYou
    case failedSignInPasswordKnownNotYou

    case newSignInSubject
    case newSignInIntro  // {product}
    case newSignInIfYou
    case newSignInSessionsAction

    case twoFactorSetupSubject
    case twoFactorSetupIntro  // {product}
    case twoFactorSetupStepInstall
    case twoFactorSetupStepScan
    case twoFactorSetupStepCode
    case twoFactorSetupAction
    case twoFactorSetupNoSecret

    case twoFactorResetSubject
    case twoFactorResetByAdministrator  // {product}
    case twoFactorResetWithPassword  // {product}
    case twoFactorResetByRecovery  // {product}
    case twoFactorResetOther  // {product}
    case twoFactorResetNextSignIn
    case twoFactorResetAction

    case backupCodeUsedSubject
    case backupCodeUsedIntro  // {product}
    case backupCodeUsedReplaced

    case backupCodeRegeneratedSubject
    case backupCodeRegeneratedIntro  // {product}

    case twoFactorDisabledSubject
    case twoFactorDisabledIntro  // {product}

    case accountCreatedSubject  // {product}
    case accountCreatedIntro  // {product} {username}
    case accountCreatedAction
    case accountCreatedExpired
    case accountCreatedSignIn
    case apiTokenCreatedSubject  // {product}
    case apiTokenCreatedIntro  // {product}
    case apiTokenRotatedSubject  // {product}
    case apiTokenRotatedIntro  // {product}
    case apiTokenNotYou
    case apiTokenAction
    case administratorAccessSubject  // {product}
    case administratorAccessIntro  // {product}
    case administratorAccessEnds
    case administratorAccessAction
    case twoFactorEnabledSubject
    case twoFactorEnabledIntro  // {product}
    case twoFactorReplacedSubject
    case twoFactorReplacedIntro  // {product}

    case twoFactorReissueSubject
    case twoFactorReissueIntro  // {product}
    case twoFactorReissueWhen  // {effective_time}
    case twoFactorReissueNotYou
    case twoFactorReissueCancelAction

    case usernameChangedSubject
    case usernameChangedIntro  // {product} {old_username} {username}

    case invitationSubject  // {organization} {product}
    case invitationIntro  // {organization} {product}
    case invitationIntroFrom  // {inviter} {organization} {product}
    case invitationRegister
    case invitationAction
    case invitationAcceptSignIn  // {username}
    case invitationAcceptAction
    case invitationNotExpected

    case accessRequestSubject  // {product}
    case accessRequestSubjectFor  // {organization} {product}
    case accessRequestIntroFor  // {organization} {product}
    case accessRequestIntroNoOrganization  // {product}
    case accessRequestTypedByThem
    case accessRequestAction
    case accessRequestAccountExistsSubject  // {product}
    case accessRequestAccountExistsIntro  // {product} {username}
    case accessRequestSignInAction
    case accessRequestAccountExistsForgot
    case accessRequestNotYou
    case accessRequestRejectedSubject  // {product}
    case accessRequestRejectedIntro  // {product}
    case accessRequestRejectedIntroFor  // {organization} {product}
    case accessRequestRejectedNext

    /// The sentence as written, with no placeholder filled.
    func template(_ language: Language) -> String {
        switch language {
        case .en: english
        case .ru: russian
        }
    }

    /// The sentence with each `{name}` replaced by `arguments[name]`. One pass over the text, so a
    /// value that itself contains `{name}` is never filled again; an unknown placeholder stays as it is.
    func text(_ language: Language, _ arguments: [String: String]) -> String {
        Self.fill(template(language), arguments)
    }

    static func fill(_ template: String, _ arguments: [String: String]) -> String {
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
}

extension MailTemplateText {
    /// "1 hour", "24 hours"; "1 час", "2 часа", "5 часов". The Russian forms are nominative, as in
    /// "Срок действия ссылки — 24 часа".
    static func hours(_ count: String, _ language: Language) -> String {
        counted(count, language, english: ("hour", "hours"), russian: ("час", "часа", "часов"))
    }

    /// "1 day", "7 days"; "1 день", "2 дня", "7 дней".
    static func days(_ count: String, _ language: Language) -> String {
        counted(count, language, english: ("day", "days"), russian: ("день", "дня", "дней"))
    }

    /// "1 minute", "30 minutes"; "1 минута", "2 минуты", "30 минут".
    static func minutes(_ count: String, _ language: Language) -> String {
        counted(count, language, english: ("minute", "minutes"), russian: ("минута", "минуты", "минут"))
    }

    /// "1 failed sign-in attempt", "5 failed sign-in attempts"; "1 неудачная попытка",
    /// "2 неудачные попытки", "5 неудачных попыток" (followed by "входа подряд" in the sentence).
    static func failedAttempts(_ count: String, _ language: Language) -> String {
        counted(
            count, language,
            english: ("failed sign-in attempt", "failed sign-in attempts"),
            russian: ("неудачная попытка", "неудачные попытки", "неудачных попыток")
        )
    }

    /// A count that is not a whole number (the outbox always sends one) keeps its text and takes
    /// the English plural or the Russian "few" form, which is the one fractions take ("1,5 часа").
    private static func counted(
        _ count: String,
        _ language: Language,
        english: (one: String, other: String),
        russian: (one: String, few: String, many: String)
    ) -> String {
        let number = Int(count)
        let word: String
        switch language {
        case .en: word = number == 1 ? english.one : english.other
        case .ru:
            word = number.map { MailRussianPlural.form($0, one: russian.one, few: russian.few, many: russian.many) } ?? russian.few
        }
        return "\(count) \(word)"
    }
}
