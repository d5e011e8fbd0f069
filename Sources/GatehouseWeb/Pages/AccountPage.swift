import GatehouseCore
/// `/account`: the signed-in person's profile, the forms that change it, and their sessions.
///
/// Each change form posts `csrf_token` and its fields to its own path: `/account/password`
/// (`current_password`, `new_password`, `new_password_repeat`), `/account/username` (`username`,
/// `current_password`), `/account/email` (`email`, `current_password`) and `/account/language`
/// (`language` = `en` | `ru`). After a success the route redirects to `/account?changed=…` and passes
/// `Change.notice(_:)` as `notice`; after a failure it shows the page again with `error`.
///
/// The two-factor section (`twoFactor`, see `TwoFactorSection`) adds forms that post `csrf_token` and:
/// `/account/two-factor/check` (`code`: checked, not used), `/account/two-factor/backup-code`
/// (`current_password`, `code`), `/account/two-factor/setup` (`current_password`, and `code` while
/// two-factor authentication is on) and `/account/two-factor/disable` (`current_password`, `code`).
public struct AccountPage: Sendable {
    public struct SessionEntry: Sendable {
        public var id: String
        public var current: Bool
        /// "Firefox 128 · Windows 10", or nil when unknown.
        public var device: String?
        /// "Linköping, Sweden" in the page's language, or nil when unknown.
        public var location: String?
        public var ip: String?
        /// Already formatted, e.g. "2026-11-23 17:30 UTC".
        public var signedIn: String
        public var lastActive: String

        public init(id: String, current: Bool, device: String?, location: String?, ip: String?, signedIn: String, lastActive: String) {
            self.id = id
            self.current = current
            self.device = device
            self.location = location
            self.ip = ip
            self.signedIn = signedIn
            self.lastActive = lastActive
        }
    }

    /// The two-factor part of the page: its state and what the policy allows.
    public struct TwoFactorSection: Sendable, Equatable {
        /// An authenticator app (TOTP) is active.
        public var enabled: Bool
        /// When it was turned on, already formatted, e.g. "2026-11-23 17:30 UTC".
        public var enabledAt: String?
        /// Offers "Turn off" (policy `optional` and `enabled`).
        public var canDisable: Bool
        /// Says that the account must use two-factor authentication (policy `required`).
        public var required: Bool
        /// A reissue a password reset scheduled takes effect then (formatted); offers "Cancel the request"
        /// (posts `csrf_token` to `/account/two-factor/reissue/cancel`).
        public var reissueAt: String?

        public init(enabled: Bool, enabledAt: String? = nil, canDisable: Bool = false, required: Bool = false, reissueAt: String? = nil) {
            self.enabled = enabled
            self.enabledAt = enabledAt
            self.canDisable = canDisable
            self.required = required
            self.reissueAt = reissueAt
        }
    }

    /// What a change form changed; the raw value is the `?changed=` value of the redirect after it.
    /// `codeValid` and `codeInvalid` report the result of `/account/two-factor/check`.
    public enum Change: String, Sendable, CaseIterable {
        case password
        case username
        case email
        case language
        case twoFactorEnabled = "two_factor_enabled"
        case twoFactorDisabled = "two_factor_disabled"
        case codeValid = "code_valid"
        case codeInvalid = "code_invalid"
        case twoFactorReissueCancelled = "two_factor_reissue_cancelled"
        case tokenDeleted = "token_deleted"

        /// "Your password has been changed. …", for the page's `notice`.
        public func notice(_ language: Language) -> String {
            switch self {
            case .password: Catalog.text(.accountChangedPassword, language)
            case .username: Catalog.text(.accountChangedUsername, language)
            case .email: Catalog.text(.accountChangedEmail, language)
            case .language: Catalog.text(.accountChangedLanguage, language)
            case .twoFactorEnabled: Catalog.text(.accountChangedTwoFactorEnabled, language)
            case .twoFactorDisabled: Catalog.text(.accountChangedTwoFactorDisabled, language)
            case .codeValid: Catalog.text(.accountTwoFactorCodeValid, language)
            case .codeInvalid: Catalog.text(.accountTwoFactorCodeInvalid, language)
            case .twoFactorReissueCancelled: Catalog.text(.accountChangedTwoFactorReissueCancelled, language)
            case .tokenDeleted: Catalog.text(.accountChangedTokenDeleted, language)
            }
        }
    }

    public var context: PageContext
    public var username: String
    /// The current (verified or not) address; the profile leaves the row out when nil.
    public var email: String?
    /// A new address waiting for its confirmation link; the current one stays active until then.
    public var pendingEmail: String?
    /// The stored language of pages and emails; nil selects the page's language in the form.
    public var preferredLanguage: Language?
    public var csrfToken: String
    public var sessions: [SessionEntry]
    /// A localised notice, e.g. `Change.password.notice(language)` or `accountSessionsRevoked`.
    public var notice: String?
    /// A localised error, e.g. `Catalog.text(.errorCurrentPasswordWrong, language)`.
    public var error: String?
    /// What was typed into the username form, shown again after a failed attempt (default: `username`).
    public var newUsername: String?
    /// What was typed into the email form, shown again after a failed attempt.
    public var newEmail: String?
    /// `password.min_length`, for the hint under the new password.
    public var minimumPasswordLength: Int
    /// The two-factor section; nil leaves it out.
    public var twoFactor: TwoFactorSection?
    /// The organisations the person belongs to, with their role; operators get a link to manage it.
    public var organizations: [OrganizationEntry]
    /// A platform administrator: a link to every organisation.
    public var managesAllOrganizations: Bool
    /// The API tokens section; nil leaves it out. Its forms post `csrf_token` and: `/account/tokens`
    /// (`name`, `permission_group`, `lifetime_days`, `current_password`), `/account/tokens/rotate`
    /// (`id`, `current_password`) and `/account/tokens/delete` (`id`).
    public var tokens: TokensSection?
    /// The newest security events about the account (the audit log's, as the person may see them).
    public var securityEvents: [SecurityEvent]

    public struct SecurityEvent: Sendable {
        public var time: String
        public var type: String
        /// Who did it, when it was someone else (an administrator, an operator).
        public var by: String?
        /// Where it came from, for what the person (or someone trying their account) did.
        public var ip: String?
        /// The reason an administrator gave for accessing the account.
        public var reason: String?

        public init(time: String, type: String, by: String? = nil, ip: String? = nil, reason: String? = nil) {
            self.time = time
            self.type = type
            self.by = by
            self.ip = ip
            self.reason = reason
        }
    }

    public struct TokensSection: Sendable {
        public struct Entry: Sendable {
            public var id: String
            public var name: String
            public var group: String
            /// Already formatted.
            public var created: String
            public var expires: String
            public var expired: Bool
            /// "2026-12-07 10:00 UTC", and where ("Linköping, Sweden · 81.2.69.160"); nil: never used.
            public var lastUsed: (time: String, place: String)?

            public init(id: String, name: String, group: String, created: String, expires: String, expired: Bool, lastUsed: (time: String, place: String)?) {
                self.id = id
                self.name = name
                self.group = group
                self.created = created
                self.expires = expires
                self.expired = expired
                self.lastUsed = lastUsed
            }
        }

        public var entries: [Entry]
        /// The permission groups a new token may have.
        public var groups: [String]
        /// The lifetimes offered, in days (the longest is `tokens.max_lifetime`).
        public var lifetimes: [Int]
        /// A secret just created or rotated, shown this once.
        public var newSecret: NewSecret?
        /// What was typed into the name field, after a failed attempt.
        public var typedName: String?

        public init(entries: [Entry], groups: [String], lifetimes: [Int], newSecret: NewSecret? = nil, typedName: String? = nil) {
            self.entries = entries
            self.groups = groups
            self.lifetimes = lifetimes
            self.newSecret = newSecret
            self.typedName = typedName
        }
    }

    /// A token's secret shown once: its name, the secret, and the sealed note "Save as a file" posts
    /// back (so the secret never sits in a URL, which browsers keep in their download history).
    public struct NewSecret: Sendable {
        public var name: String
        public var secret: String
        public var note: String

        public init(name: String, secret: String, note: String) {
            self.name = name
            self.secret = secret
            self.note = note
        }
    }

    public struct OrganizationEntry: Sendable {
        public var slug: String
        public var name: String
        public var role: OrgRole

        public init(slug: String, name: String, role: OrgRole) {
            self.slug = slug
            self.name = name
            self.role = role
        }
    }

    public init(
        context: PageContext,
        username: String,
        email: String? = nil,
        pendingEmail: String? = nil,
        preferredLanguage: Language? = nil,
        csrfToken: String,
        sessions: [SessionEntry],
        notice: String? = nil,
        error: String? = nil,
        newUsername: String? = nil,
        newEmail: String? = nil,
        minimumPasswordLength: Int = 8,
        twoFactor: TwoFactorSection? = nil,
        organizations: [OrganizationEntry] = [],
        managesAllOrganizations: Bool = false,
        tokens: TokensSection? = nil,
        securityEvents: [SecurityEvent] = []
    ) {
        self.context = context
        self.username = username
        self.email = email
        self.pendingEmail = pendingEmail
        self.preferredLanguage = preferredLanguage
        self.csrfToken = csrfToken
        self.sessions = sessions
        self.notice = notice
        self.error = error
        self.newUsername = newUsername
        self.newEmail = newEmail
        self.minimumPasswordLength = minimumPasswordLength
        self.twoFactor = twoFactor
        self.organizations = organizations
        self.managesAllOrganizations = managesAllOrganizations
        self.tokens = tokens
        self.securityEvents = securityEvents
    }
}

struct AccountView {
    struct Entry {
        let id: String
        let current: Bool
        let currentLabel: String
        let device: String
        let location: String
        let ip: String
        let signedIn: String
        let lastActive: String
        let csrfToken: String
        let revokeLabel: String
    }

    /// Names start with `twoFactor` so none falls through to the page's own (Mustache looks a
    /// missing name up in the enclosing objects).
    struct TwoFactorView {
        let twoFactorHeading: String
        let twoFactorStatus: String
        let twoFactorRequiredText: String?
        let twoFactorEnabled: Bool
        let twoFactorCSRFToken: String
        let twoFactorCodeLabel: String
        let twoFactorCheckHeading: String
        let twoFactorCheckHint: String
        let twoFactorCheckSubmit: String
        let twoFactorReissueNotice: String?
        let twoFactorReissueCancel: String
        /// The forms that take the password (and, with two-factor authentication on, a code): a new
        /// backup code, a new device, turning off; or, while off, the setup.
        let twoFactorForms: [TwoFactorForm]

        init(_ section: AccountPage.TwoFactorSection, csrfToken: String, language: Language) {
            twoFactorHeading = Catalog.text(.accountTwoFactor, language)
            if section.enabled {
                twoFactorStatus =
                    section.enabledAt.map { Catalog.text(.accountTwoFactorOnSince, language, ["time": $0]) }
                    ?? Catalog.text(.accountTwoFactorOn, language)
            } else {
                twoFactorStatus = Catalog.text(.accountTwoFactorOff, language)
            }
            if section.required {
                twoFactorRequiredText = Catalog.text(section.enabled ? .accountTwoFactorRequired : .twoFactorSetupRequired, language)
            } else {
                twoFactorRequiredText = nil
            }
            twoFactorEnabled = section.enabled
            twoFactorCSRFToken = csrfToken
            twoFactorCodeLabel = Catalog.text(.twoFactorSetupFieldCode, language)
            twoFactorCheckHeading = Catalog.text(.accountTwoFactorCheckHeading, language)
            twoFactorCheckHint = Catalog.text(.accountTwoFactorCheckHint, language)
            twoFactorCheckSubmit = Catalog.text(.accountTwoFactorCheckSubmit, language)
            twoFactorReissueNotice = section.reissueAt.map { Catalog.text(.accountTwoFactorReissuePending, language, ["time": $0]) }
            twoFactorReissueCancel = Catalog.text(.accountTwoFactorReissueCancel, language)
            if section.enabled {
                var forms = [
                    TwoFactorForm(.accountTwoFactorBackupCodeHeading, .accountTwoFactorBackupCodeHint, "/account/two-factor/backup-code",
                                  id: "backup-code", submit: .accountTwoFactorBackupCodeSubmit, language: language),
                    TwoFactorForm(.accountTwoFactorNewDeviceHeading, .accountTwoFactorNewDeviceHint, "/account/two-factor/setup",
                                  id: "two-factor-setup", submit: .accountTwoFactorNewDeviceSubmit, language: language),
                ]
                if section.canDisable {
                    forms.append(TwoFactorForm(.accountTwoFactorDisableHeading, .accountTwoFactorDisableHint, "/account/two-factor/disable",
                                               id: "two-factor-disable", submit: .accountTwoFactorDisableSubmit, secondary: true, language: language))
                }
                twoFactorForms = forms
            } else {
                twoFactorForms = [
                    TwoFactorForm(nil, .accountTwoFactorSetupHint, "/account/two-factor/setup", id: "two-factor-setup", needsCode: false,
                                  submit: .accountTwoFactorSetupSubmit, language: language)
                ]
            }
        }
    }

    /// One of the two-factor section's password (+ code) forms; inputs get ids prefixed with `formID`.
    struct TwoFactorForm {
        let formHeading: String?
        let formHint: String
        let formAction: String
        let formID: String
        let formNeedsCode: Bool
        let formSubmit: String
        let formSecondary: Bool

        init(_ heading: MessageKey?, _ hint: MessageKey, _ action: String, id: String, needsCode: Bool = true, submit: MessageKey,
             secondary: Bool = false, language: Language) {
            formHeading = heading.map { Catalog.text($0, language) }
            formHint = Catalog.text(hint, language)
            formAction = action
            formID = id
            formNeedsCode = needsCode
            formSubmit = Catalog.text(submit, language)
            formSecondary = secondary
        }
    }

    struct LanguageOption {
        let value: String
        let label: String
        let selected: Bool
    }

    let title: String
    let notice: String?
    let error: String?
    let signedInAs: String
    let csrfToken: String

    let profileHeading: String
    let profileUsernameLabel: String
    let username: String
    let profileEmailLabel: String
    let email: String?
    let pendingEmailText: String?
    let profileLanguageLabel: String
    let languageName: String

    let passwordHeading: String
    let passwordHint: String
    let currentPasswordLabel: String
    let newPasswordLabel: String
    let passwordRules: String
    let repeatPasswordLabel: String
    let passwordSubmitLabel: String

    let usernameHeading: String
    let newUsernameLabel: String
    let usernameValue: String
    let usernameHint: String
    let usernameSubmitLabel: String

    let emailHeading: String
    let emailHint: String
    let newEmailLabel: String
    let emailValue: String
    let emailSubmitLabel: String

    let languageHeading: String
    let languageFieldLabel: String
    let languageOptions: [LanguageOption]
    let languageSubmitLabel: String

    let sessionsHeading: String
    let organizationsHeading: String
    let organizations: [OrganizationEntryView]
    let noOrganizations: String?
    let manageAllOrganizations: String?

    struct OrganizationEntryView {
        let organizationName: String
        let organizationRole: String
        let manageHref: String?
        let manageLabel: String
    }
    let sessionsIntro: String
    let sessions: [Entry]
    let hasOthers: Bool
    let revokeOthersLabel: String

    let twoFactor: TwoFactorView?
    let tokens: TokensView?

    let securityHeading: String
    let securityIntro: String
    let securityNone: String?
    let securityEvents: [SecurityEventView]

    /// Names start with `event` so none falls through to the page's own.
    struct SecurityEventView {
        let eventTime: String
        let eventText: String
        let eventDetail: String?
    }

    /// Names start with `token` so none falls through to the page's own.
    struct TokensView {
        struct EntryView {
            let tokenID: String
            let tokenName: String
            let tokenGroup: String
            let tokenDates: String
            let tokenExpired: String?
            let tokenLastUsed: String
        }

        struct LifetimeView {
            let days: Int
            let label: String
            let selected: Bool
        }

        let tokenHeading: String
        let tokenIntro: String
        let tokenNone: String?
        let tokenEntries: [EntryView]
        let tokenRotateLabel: String
        let tokenDeleteLabel: String
        let tokenPasswordLabel: String
        let tokenCSRF: String
        let tokenCreateHeading: String
        let tokenNameLabel: String
        let tokenTypedName: String
        let tokenGroupLabel: String
        let tokenGroups: [String]
        let tokenLifetimeLabel: String
        let tokenLifetimes: [LifetimeView]
        let tokenCreateSubmit: String
        let tokenSecretHeading: String?
        let tokenSecret: String?
        let tokenSecretHint: String
        let tokenCopyLabel: String
        let tokenCopiedLabel: String
        let tokenDownloadLabel: String
        let tokenDownloadNote: String?

        init(_ section: AccountPage.TokensSection, csrfToken: String, language: Language) {
            tokenHeading = Catalog.text(.accountTokens, language)
            tokenIntro = Catalog.text(.accountTokensIntro, language)
            tokenNone = section.entries.isEmpty ? Catalog.text(.accountTokensNone, language) : nil
            tokenEntries = section.entries.map { entry in
                EntryView(tokenID: entry.id, tokenName: entry.name, tokenGroup: entry.group,
                          tokenDates: Catalog.text(.accountTokenCreated, language, ["time": entry.created]) + " · "
                            + Catalog.text(.accountTokenExpires, language, ["time": entry.expires]),
                          tokenExpired: entry.expired ? Catalog.text(.accountTokenExpired, language) : nil,
                          tokenLastUsed: entry.lastUsed.map { Catalog.text(.accountTokenLastUsed, language, ["time": $0.time, "place": $0.place]) }
                            ?? Catalog.text(.accountTokenNeverUsed, language))
            }
            tokenRotateLabel = Catalog.text(.accountTokenRotate, language)
            tokenDeleteLabel = Catalog.text(.accountTokenDelete, language)
            tokenPasswordLabel = Catalog.text(.accountFieldCurrentPassword, language)
            tokenCSRF = csrfToken
            tokenCreateHeading = Catalog.text(.accountTokenCreateHeading, language)
            tokenNameLabel = Catalog.text(.accountTokenFieldName, language)
            tokenTypedName = section.typedName ?? ""
            tokenGroupLabel = Catalog.text(.accountTokenFieldGroup, language)
            tokenGroups = section.groups
            tokenLifetimeLabel = Catalog.text(.accountTokenFieldLifetime, language)
            let preferred = section.lifetimes.contains(90) ? 90 : section.lifetimes.last ?? 0
            tokenLifetimes = section.lifetimes.map {
                LifetimeView(days: $0, label: Catalog.text(.accountTokenLifetimeDays, language, ["days": String($0)]), selected: $0 == preferred)
            }
            tokenCreateSubmit = Catalog.text(.accountTokenCreateSubmit, language)
            tokenSecretHeading = section.newSecret.map { Catalog.text(.accountTokenSecretHeading, language, ["name": $0.name]) }
            tokenSecret = section.newSecret?.secret
            tokenSecretHint = Catalog.text(.accountTokenSecretHint, language)
            tokenCopyLabel = Catalog.text(.accountTokenCopy, language)
            tokenCopiedLabel = Catalog.text(.accountTokenCopied, language)
            tokenDownloadLabel = Catalog.text(.accountTokenDownload, language)
            tokenDownloadNote = section.newSecret?.note
        }
    }

    init(_ page: AccountPage) {
        let language = page.context.language
        title = Catalog.text(.accountTitle, language)
        notice = page.notice
        error = page.error
        signedInAs = Catalog.text(.accountSignedInAs, language, ["username": page.username])
        csrfToken = page.csrfToken

        let preferred = page.preferredLanguage ?? language
        profileHeading = Catalog.text(.accountProfile, language)
        profileUsernameLabel = Catalog.text(.accountProfileUsername, language)
        username = page.username
        profileEmailLabel = Catalog.text(.accountProfileEmail, language)
        email = page.email
        pendingEmailText = page.pendingEmail.map { Catalog.text(.accountPendingEmail, language, ["email": $0]) }
        profileLanguageLabel = Catalog.text(.accountProfileLanguage, language)
        languageName = preferred.nativeName

        passwordHeading = Catalog.text(.accountPassword, language)
        passwordHint = Catalog.text(.accountPasswordHint, language)
        currentPasswordLabel = Catalog.text(.accountFieldCurrentPassword, language)
        newPasswordLabel = Catalog.text(.passwordResetFieldNewPassword, language)
        passwordRules = Catalog.passwordRules(minimumLength: page.minimumPasswordLength, language)
        repeatPasswordLabel = Catalog.text(.passwordResetFieldRepeatPassword, language)
        passwordSubmitLabel = Catalog.text(.accountPasswordSubmit, language)

        usernameHeading = Catalog.text(.accountUsername, language)
        newUsernameLabel = Catalog.text(.accountFieldNewUsername, language)
        usernameValue = page.newUsername ?? page.username
        usernameHint = Catalog.text(.accountUsernameHint, language)
        usernameSubmitLabel = Catalog.text(.accountUsernameSubmit, language)

        emailHeading = Catalog.text(.accountEmail, language)
        emailHint = Catalog.text(.accountEmailHint, language)
        newEmailLabel = Catalog.text(.accountFieldNewEmail, language)
        emailValue = page.newEmail ?? ""
        emailSubmitLabel = Catalog.text(.accountEmailSubmit, language)

        languageHeading = Catalog.text(.accountLanguage, language)
        languageFieldLabel = Catalog.text(.accountFieldLanguage, language)
        languageOptions = Language.allCases.map {
            LanguageOption(value: $0.rawValue, label: $0.nativeName, selected: $0 == preferred)
        }
        languageSubmitLabel = Catalog.text(.accountLanguageSubmit, language)

        sessionsHeading = Catalog.text(.accountSessions, language)
        organizationsHeading = Catalog.text(.accountOrganizationsHeading, language)
        organizations = page.organizations.map { entry in
            OrganizationEntryView(organizationName: entry.name, organizationRole: entry.role.label(language),
                                  manageHref: entry.role == .operator || page.managesAllOrganizations ? "/organizations/" + entry.slug : nil,
                                  manageLabel: Catalog.text(.accountOrganizationManage, language))
        }
        noOrganizations = page.organizations.isEmpty ? Catalog.text(.accountNoOrganizations, language) : nil
        manageAllOrganizations = page.managesAllOrganizations ? Catalog.text(.accountManageOrganizations, language) : nil
        sessionsIntro = Catalog.text(.accountSessionsIntro, language)
        sessions = page.sessions.map { session in
            Entry(
                id: session.id, current: session.current, currentLabel: Catalog.text(.accountSessionsCurrent, language),
                device: session.device ?? Catalog.text(.accountSessionsDeviceUnknown, language),
                location: session.location ?? Catalog.text(.accountSessionsLocationUnknown, language),
                ip: session.ip ?? "—",
                signedIn: Catalog.text(.accountSessionsSignedIn, language, ["time": session.signedIn]),
                lastActive: Catalog.text(.accountSessionsLastActive, language, ["time": session.lastActive]),
                csrfToken: page.csrfToken, revokeLabel: Catalog.text(.accountSessionsRevoke, language))
        }
        hasOthers = page.sessions.contains { !$0.current }
        revokeOthersLabel = Catalog.text(.accountSessionsRevokeOthers, language)

        twoFactor = page.twoFactor.map { TwoFactorView($0, csrfToken: page.csrfToken, language: language) }
        tokens = page.tokens.map { TokensView($0, csrfToken: page.csrfToken, language: language) }

        securityHeading = Catalog.text(.accountSecurityHeading, language)
        securityIntro = Catalog.text(.accountSecurityIntro, language)
        securityNone = page.securityEvents.isEmpty ? Catalog.text(.accountSecurityNone, language) : nil
        securityEvents = Self.securityEventViews(page.securityEvents, language: language)
    }

    static func securityEventViews(_ events: [AccountPage.SecurityEvent], language: Language) -> [SecurityEventView] {
        events.map { event in
            var details: [String] = []
            if let by = event.by { details.append(Catalog.text(.accountSecurityBy, language, ["name": by])) }
            if let reason = event.reason { details.append(Catalog.text(.administratorAccessReason, language, ["reason": reason])) }
            if let ip = event.ip { details.append(ip) }
            return SecurityEventView(eventTime: event.time, eventText: Catalog.securityEvent(event.type, language),
                                     eventDetail: details.isEmpty ? nil : details.joined(separator: " · "))
        }
    }
}
