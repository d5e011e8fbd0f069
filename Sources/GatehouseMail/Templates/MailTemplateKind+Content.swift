extension MailTemplateKind {
    /// What a mail of this kind says. Values are checked before (`MailTemplateValues.check`).
    func content(_ w: MailTemplateWriter) -> MailTemplateContent {
        let changePassword = w.contact(
            withSupport: .changePasswordAndWriteToSupport, withoutSupport: .changePasswordAndTellAdministrator)
        let unexpected = w.contact(withSupport: .unexpectedWriteToSupport, withoutSupport: .unexpectedTellAdministrator)
        let subject: MailTemplateText
        let blocks: [MailTemplateBlock]

        switch self {
        case .verifyEmail:
            subject = .verifyEmailSubject
            blocks = [
                w.paragraph(.verifyEmailIntro),
                w.action(.verifyEmailAction, link: "link"),
                w.paragraph(.linkValidity, w.hours("valid_hours")),
                w.paragraph(.verifyEmailNotYou),
            ]

        case .emailChangeVerify:
            subject = .emailChangeVerifySubject
            blocks = [
                w.paragraph(.emailChangeVerifyIntro),
                w.action(.emailChangeVerifyAction, link: "link"),
                w.paragraph(.linkValidity, w.hours("valid_hours")),
                w.paragraph(.emailChangeVerifyCurrentKeepsWorking),
                w.paragraph(.emailChangeVerifyNotYou),
            ]

        case .emailChangeRequested:
            subject = .emailChangeRequestedSubject
            blocks = [
                w.paragraph(.emailChangeRequestedIntro),
                w.paragraph(.emailChangeRequestedCurrentKeepsWorking),
                changePassword,
            ]

        case .emailChanged:
            subject = .emailChangedSubject
            blocks = [
                w.paragraph(.emailChangedIntro),
                w.contact(withSupport: .emailChangedNotYouWriteToSupport, withoutSupport: .emailChangedNotYouTellAdministrator),
            ]

        case .emailInUse:
            subject = .emailInUseSubject
            blocks = [
                w.paragraph(.emailInUseIntro),
                w.paragraph(.emailInUseIfYou),
                w.action(.actionResetPassword, link: "reset_link"),
                w.paragraph(.emailInUseNotYou),
            ]

        case .passwordReset:
            subject = .passwordResetSubject
            blocks = [
                w.paragraph(.passwordResetIntro),
                w.action(.passwordResetAction, link: "link"),
                w.paragraph(.linkValidity, w.minutes("valid_minutes")),
                w.paragraph(.passwordResetNotYou),
            ]

        case .passwordChanged:
            subject = .passwordChangedSubject
            blocks = [
                w.paragraph(.passwordChangedIntro),
                w.details([(.detailTime, "time")]),
                w.paragraph(.passwordChangedIfYou),
                w.paragraph(.resetPasswordNow),
                w.action(.actionResetPassword, link: "reset_link"),
                w.contact(withSupport: .passwordChangedThenWriteToSupport, withoutSupport: .passwordChangedThenTellAdministrator),
            ]

        case .accountLocked:
            subject = .accountLockedSubject
            let attempts = MailTemplateText.failedAttempts(w.values["failed_attempts"] ?? "", w.language)
            blocks =
                [
                    w.paragraph(.accountLockedIntro, ["attempts": attempts]),
                    w.paragraph(.accountLockedUnlock, w.hours("unlock_valid_hours")),
                    w.action(.accountLockedUnlockAction, link: "unlock_link"),
                    w.paragraph(.accountLockedReset, w.minutes("reset_valid_minutes")),
                    w.action(.actionResetPassword, link: "reset_link"),
                ] + (w.supportSentence(.accountLockedSupport).map { [.notice($0)] } ?? [])

        case .failedSignIn:
            // After a correct password, a wrong second-factor or backup code: the password is known.
            let passwordKnown = w.values["failed_step"] == "second_factor"
            subject = passwordKnown ? .failedSignInPasswordKnownSubject : .failedSignInSubject
            blocks = [
                w.paragraph(passwordKnown ? .failedSignInPasswordKnownIntro : .failedSignInIntro),
                w.details([
                    (.detailTime, "time"), (.detailLocation, "location"), (.detailDevice, "device"),
                    (.detailIPAddress, "ip"),
                ]),
                w.paragraph(passwordKnown ? .failedSignInPasswordKnownIfYou : .failedSignInIfYou),
                w.paragraph(passwordKnown ? .failedSignInPasswordKnownNotYou : .failedSignInNotYou),
                w.action(.actionResetPassword, link: "reset_link"),
            ]

        case .newSignIn:
            subject = .newSignInSubject
            blocks = [
                w.paragraph(.newSignInIntro),
                w.details([
                    (.detailTime, "time"), (.detailLocation, "location"), (.detailBrowser, "browser"),
                    (.detailOperatingSystem, "os"), (.detailIPAddress, "ip"),
                ]),
                w.paragraph(.newSignInIfYou),
                w.action(.newSignInSessionsAction, link: "sessions_link"),
                w.paragraph(.resetPasswordNow),
                w.action(.actionResetPassword, link: "reset_link"),
            ]

        case .twoFactorSetup:
            subject = .twoFactorSetupSubject
            blocks = [
                w.paragraph(.twoFactorSetupIntro),
                .steps([w.text(.twoFactorSetupStepInstall), w.text(.twoFactorSetupStepScan), w.text(.twoFactorSetupStepCode)]),
                w.action(.twoFactorSetupAction, link: "setup_link"),
                w.paragraph(.twoFactorSetupNoSecret),
                unexpected,
            ]

        case .twoFactorReset:
            subject = .twoFactorResetSubject
            let reason: MailTemplateText =
                switch w.values["reason"] {
                case "administrator": .twoFactorResetByAdministrator
                case "password_reset": .twoFactorResetWithPassword
                case "recovery": .twoFactorResetByRecovery
                default: .twoFactorResetOther
                }
            blocks = [
                w.paragraph(reason),
                w.paragraph(.twoFactorResetNextSignIn),
                w.action(.twoFactorResetAction, link: "login_link"),
                unexpected,
            ]

        case .backupCodeUsed:
            subject = .backupCodeUsedSubject
            blocks = [
                w.paragraph(.backupCodeUsedIntro),
                w.details([(.detailTime, "time"), (.detailIPAddress, "ip")]),
                w.paragraph(.backupCodeUsedReplaced),
                changePassword,
            ]

        case .backupCodeRegenerated:
            subject = .backupCodeRegeneratedSubject
            blocks = [
                w.paragraph(.backupCodeRegeneratedIntro),
                w.details([(.detailTime, "time")]),
                changePassword,
            ]

        case .twoFactorDisabled:
            subject = .twoFactorDisabledSubject
            blocks = [
                w.paragraph(.twoFactorDisabledIntro),
                w.details([(.detailTime, "time")]),
                changePassword,
            ]

        case .twoFactorEnabled:
            let replaced = w.values["replaced"] == "true"
            subject = replaced ? .twoFactorReplacedSubject : .twoFactorEnabledSubject
            blocks = [
                w.paragraph(replaced ? .twoFactorReplacedIntro : .twoFactorEnabledIntro),
                w.details([(.detailTime, "time")]),
                changePassword,
            ]

        case .twoFactorReissueScheduled:
            subject = .twoFactorReissueSubject
            blocks = [
                w.paragraph(.twoFactorReissueIntro),
                w.details([(.detailTime, "time")]),
                w.paragraph(.twoFactorReissueWhen),
                w.paragraph(.twoFactorReissueNotYou),
                w.action(.twoFactorReissueCancelAction, link: "cancel_link"),
                changePassword,
            ]

        case .accountCreated:
            subject = .accountCreatedSubject
            blocks = [
                w.paragraph(.accountCreatedIntro),
                w.action(.accountCreatedAction, link: "link"),
                w.paragraph(.linkValidity, w.hours("valid_hours")),
                w.paragraph(.accountCreatedExpired),
                w.action(.accountCreatedSignIn, link: "login_link"),
                unexpected,
            ]

        case .apiTokenIssued:
            let rotated = w.values["rotated"] == "true"
            subject = rotated ? .apiTokenRotatedSubject : .apiTokenCreatedSubject
            blocks = [
                w.paragraph(rotated ? .apiTokenRotatedIntro : .apiTokenCreatedIntro),
                w.details([
                    (.detailTokenName, "token_name"), (.detailPermissionGroup, "permission_group"), (.detailExpires, "expires"),
                    (.detailTime, "time"), (.detailIPAddress, "ip"),
                ]),
                w.paragraph(.apiTokenNotYou),
                w.action(.apiTokenAction, link: "tokens_link"),
                changePassword,
            ]

        case .administratorAccessStarted:
            subject = .administratorAccessSubject
            blocks = [
                w.paragraph(.administratorAccessIntro),
                w.details([(.detailAdministrator, "administrator"), (.detailReason, "reason"), (.detailTime, "time"), (.detailUntil, "until")]),
                w.paragraph(.administratorAccessEnds),
                w.action(.administratorAccessAction, link: "security_link"),
            ]

        case .usernameChanged:
            subject = .usernameChangedSubject
            blocks = [
                w.paragraph(.usernameChangedIntro),
                unexpected,
            ]

        case .invitation:
            subject = .invitationSubject
            blocks = [
                w.paragraph(w.has("inviter") ? .invitationIntroFrom : .invitationIntro),
                w.paragraph(.invitationRegister),
                w.action(.invitationAction, link: "link"),
                w.paragraph(.linkValidity, w.days("valid_days")),
                w.paragraph(.invitationNotExpected),
            ]

        case .invitationAccept:
            subject = .invitationSubject
            blocks = [
                w.paragraph(w.has("inviter") ? .invitationIntroFrom : .invitationIntro),
                w.paragraph(.invitationAcceptSignIn),
                w.action(.invitationAcceptAction, link: "link"),
                w.paragraph(.linkValidity, w.days("valid_days")),
                w.paragraph(.invitationNotExpected),
            ]

        case .accessRequest:
            subject = w.has("organization") ? .accessRequestSubjectFor : .accessRequestSubject
            blocks = [
                w.paragraph(w.has("organization") ? .accessRequestIntroFor : .accessRequestIntroNoOrganization),
                w.details([(.detailName, "requester_name"), (.detailEmail, "requester_email"), (.detailOrganization, "organization"),
                           (.detailMessage, "message")]),
                w.paragraph(.accessRequestTypedByThem),
                w.action(.accessRequestAction, link: "queue_link"),
            ]

        case .accessRequestAccountExists:
            subject = .accessRequestAccountExistsSubject
            blocks = [
                w.paragraph(.accessRequestAccountExistsIntro),
                w.action(.accessRequestSignInAction, link: "login_link"),
                w.paragraph(.accessRequestAccountExistsForgot),
                w.action(.actionResetPassword, link: "reset_link"),
                w.paragraph(.accessRequestNotYou),
            ]

        case .accessRequestRejected:
            subject = .accessRequestRejectedSubject
            blocks = [
                w.paragraph(w.has("organization") ? .accessRequestRejectedIntroFor : .accessRequestRejectedIntro),
                w.paragraph(.accessRequestRejectedNext),
            ]
        }

        // An invitation to register goes to an address with no account yet: no name to greet.
        let greeting = self == .invitation ? w.text(.greetingWithoutName) : w.text(.greeting)
        return MailTemplateContent(subject: w.text(subject), greeting: greeting, blocks: blocks)
    }
}
