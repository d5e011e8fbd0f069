/// Every text a page can show. Each key has an English and a Russian text (see `Catalog`);
/// `{name}` in a text is a placeholder filled from `Catalog.text(_:_:_:)`'s arguments.
public enum MessageKey: String, CaseIterable, Sendable {
    // Page frame
    case skipToContent
    case languageSelectorLabel
    case languageNameEnglish
    case languageNameRussian
    case languageCodeEnglish
    case languageCodeRussian
    case signOut
    case administratorAccessBanner  // {administrator}, {until}
    case administratorAccessReason  // {reason}
    case administratorAccessEnd
    case accountSecurityHeading
    case accountSecurityIntro
    case accountSecurityNone
    case accountSecurityBy  // {name}
    case adminConsoleTitle
    case adminNavUsers
    case adminNavOrganizations
    case adminNavAudit
    case adminUsersTitle
    case adminUsersSearchLabel
    case adminUsersSearchSubmit
    case adminUsersNone
    case adminNextPage
    case adminStateActive
    case adminStateLocked
    case adminStateDisabled
    case adminTwoFactorOn
    case adminTwoFactorOff
    case adminVerified
    case adminUnverified
    case adminLastSignIn  // {time}
    case adminNeverSignedIn
    case adminUserRoles
    case adminUserOrganizations
    case adminUserSessions
    case adminUserNoSessions
    case adminUserActions
    case adminActionUnlock
    case adminActionResetTwoFactor
    case adminActionDisable
    case adminActionEnable
    case adminActionEndSessions
    case adminActionImpersonate
    case adminConfirmUnlock  // {username}
    case adminConfirmResetTwoFactor  // {username}
    case adminConfirmDisable  // {username}
    case adminConfirmEnable  // {username}
    case adminConfirmEndSessions  // {username}
    case adminConfirmImpersonate  // {username}
    case adminExplainUnlock  // {username}
    case adminExplainResetTwoFactor  // {username}
    case adminExplainDisable  // {username}
    case adminExplainEnable  // {username}
    case adminExplainEndSessions  // {username}
    case adminExplainImpersonate  // {username}, {duration}
    case adminConfirmAccount  // {username}, {email}
    case adminConfirmPasswordHint
    case adminConfirmBack
    case adminFieldReason
    case adminDoneUnlock
    case adminDoneResetTwoFactor
    case adminDoneDisable
    case adminDoneEnable
    case adminDoneEndSessions
    case adminErrorForbidden
    case adminErrorPassword
    case adminErrorReason
    case adminAuditTitle
    case adminAuditFieldActor
    case adminAuditFieldSubject
    case adminAuditFieldType
    case adminAuditFieldFrom
    case adminAuditFieldTo
    case adminAuditFilter
    case adminAuditNone
    case adminAuditActor  // {name}
    case adminAuditSubject  // {name}
    case adminAccessTitle
    case adminNavQueues
    case adminQueuesTitle
    case adminQueuesInvitations
    case adminQueuesNoInvitations
    case adminQueuesExpires  // {time}
    case adminActionRoles
    case adminConfirmRoles  // {username}
    case adminExplainRoles  // {username}
    case adminDoneRoles
    case adminFieldRoles
    case adminErrorRoles
    case adminAccessText  // {username}
    case supportContact  // {email}
    case backToSignIn
    case goToSignIn
    case goToAccount
    case requestNewLink

    // Sign-in
    case loginTitle
    case loginFieldLogin
    case loginFieldPassword
    case loginSubmit
    case loginForgotPassword
    case loginRequestAccess

    // Errors and notices shown on sign-in pages
    case errorInvalidCredentials
    case errorRateLimited  // {duration}
    case errorCSRF
    case errorServiceUnavailable
    case errorTokenInvalidOrExpired
    case noticeSignedOut
    case noticeSessionExpired  // {duration}
    case noticeSessionEnded

    // Second factor
    case secondFactorTitle
    case secondFactorInstructions
    case secondFactorFieldCode
    case secondFactorSubmit
    /// The label of the link to `/login/recovery` (lost phone: two-factor authentication is turned off).
    case secondFactorUseBackupCode
    case errorSecondFactorInvalid
    case secondFactorBackupCodeHeading
    case secondFactorBackupCodeInstructions
    case secondFactorBackupCodeSubmit
    case secondFactorLostPhone

    // Recovery with the backup code
    case recoveryTitle
    case recoveryInstructions
    case recoveryFieldBackupCode
    case recoverySubmit
    case recoveryUseAuthenticator
    case errorBackupCodeInvalid

    // Consent
    case consentTitle
    case consentIntro
    case consentAgreementLabel
    case consentVersion  // {version}
    case consentCheckbox
    case consentContinue
    case consentDecline
    case errorConsentNotAccepted

    // Two-factor enrolment
    case twoFactorSetupTitle
    case twoFactorSetupRequired
    case twoFactorSetupInstructions
    case twoFactorSetupQRCodeLabel
    case twoFactorSetupKey
    case twoFactorSetupOpenInApp
    case twoFactorSetupFieldCode
    case twoFactorSetupSubmit

    // Backup code (shown once)
    case backupCodeTitle
    case backupCodeShownOnce
    case backupCodeReplaced
    case backupCodeContinue

    // Password reset
    case passwordResetTitle
    case passwordResetInstructions
    case passwordResetFieldEmail
    case passwordResetSubmit
    case passwordResetSent
    case passwordResetSpamNote
    case passwordResetLinkValidity  // {duration}
    case passwordResetTwoFactorNote
    case passwordResetCompleteTitle
    case passwordResetCompleteInstructions
    case passwordResetFieldNewPassword
    case passwordResetFieldRepeatPassword
    case passwordResetReissueTwoFactor
    case passwordResetReissueTwoFactorHint
    case passwordResetCompleteSubmit
    case passwordResetDoneTitle
    case passwordResetDone
    case passwordResetDoneReissueTwoFactor
    case passwordResetReissueBackupCode
    case passwordResetReissueBackupCodeHint  // {hours}
    case passwordResetDoneReissueScheduled  // {time}
    case passwordResetReissueNotAllowed
    case passwordResetReissueRecentlyCancelled

    // The cancel link of a scheduled two-factor reissue (`/two-factor/reissue/cancel`)
    case reissueCancelTitle
    case reissueCancelInstructions
    case reissueCancelSubmit
    case reissueCancelDoneTitle
    case reissueCancelDone
    case accountTwoFactorReissuePending  // {time}
    case accountTwoFactorReissueCancel
    case accountChangedTwoFactorReissueCancelled

    // New passwords (reset and account page)
    case passwordRules  // {length}
    case errorPasswordTooWeak
    case errorPasswordTooShort  // {length}
    case errorPasswordTooLong  // {length}
    case errorPasswordContainsUsername
    case errorPasswordContainsEmail
    case errorPasswordInvalidCharacters
    case errorPasswordCompromised
    case errorPasswordsDoNotMatch

    // Email verification
    case verifyEmailTitle
    case verifyEmailInstructions
    case verifyEmailSubmit
    case verifyEmailDoneTitle
    case verifyEmailDone
    case verifyEmailPending  // {email}
    case verifyEmailResend
    case verifyEmailResent

    // Unlock
    case unlockTitle
    case unlockInstructions
    case unlockSubmit
    case unlockDoneTitle
    case unlockDone

    // Access request
    case accessRequestTitle

    // Account page headings
    case accountTitle
    case accountProfile
    case accountPassword
    case accountEmail
    case accountUsername
    case accountLanguage
    case accountSessions
    case accountTwoFactor
    case accountAPITokens
    case accountSignedInAs  // {username}

    // Account page: profile and change forms
    case accountProfileUsername
    case accountProfileEmail
    case accountProfileLanguage
    case accountPendingEmail  // {email}
    case accountFieldCurrentPassword
    case accountFieldNewUsername
    case accountFieldNewEmail
    case accountFieldLanguage
    case accountPasswordHint
    case accountUsernameHint
    case accountEmailHint
    case accountPasswordSubmit
    case accountUsernameSubmit
    case accountEmailSubmit
    case accountLanguageSubmit
    case accountChangedPassword
    case accountChangedUsername
    case accountChangedEmail
    case accountChangedLanguage
    case errorCurrentPasswordWrong
    case errorUsernameTaken
    case errorUsernameInvalid
    case errorEmailInvalid

    // Account page: sessions
    case accountSessionsIntro
    case accountSessionsCurrent
    case accountSessionsRevoke
    case accountSessionsRevokeOthers
    case accountSessionsLocationUnknown
    case accountSessionsDeviceUnknown
    case accountSessionsSignedIn  // {time}
    case accountSessionsLastActive  // {time}
    case accountSessionsRevoked
    case accountSessionsRevokedOthers  // {count}

    // Account page: two-factor authentication
    case accountTwoFactorOn
    case accountTwoFactorOnSince  // {time}
    case accountTwoFactorOff
    case accountTwoFactorRequired
    case accountTwoFactorCheckHeading
    case accountTwoFactorCheckHint
    case accountTwoFactorCheckSubmit
    case accountTwoFactorBackupCodeHeading
    case accountTwoFactorBackupCodeHint
    case accountTwoFactorBackupCodeSubmit
    case accountTwoFactorNewDeviceHeading
    case accountTwoFactorNewDeviceHint
    case accountTwoFactorNewDeviceSubmit
    case accountTwoFactorDisableHeading
    case accountTwoFactorDisableHint
    case accountTwoFactorDisableSubmit
    case accountTwoFactorSetupHint
    case accountTwoFactorSetupSubmit
    case accountChangedTwoFactorEnabled
    case accountChangedTwoFactorDisabled
    case accountTwoFactorCodeValid
    case accountTwoFactorCodeInvalid

    // Onboarding: access requests, registration, invitations, organisations
    case fieldEmail
    case fieldName
    case fieldUsername
    case fieldPassword
    case fieldPasswordRepeat
    case fieldRole
    case fieldSlug
    case fieldOrganizationName
    case orgRoleMember
    case orgRoleOperator
    case accessRequestIntro
    case accessRequestFieldOrganization
    case accessRequestFieldMessage
    case accessRequestSubmit
    case accessRequestSent
    case errorNameInvalid
    case errorOrganizationSlugInvalid
    case errorOrganizationNameInvalid
    case errorMessageInvalid
    case registerTitle
    case registerInvitationIntro
    case registerOpenIntro
    case registerEmailFixed
    case registerUsernameHint
    case registerSubmit
    case registerInvitationInvalid
    case registerInviteOnly
    case registerClosed
    case registerCheckMailTitle
    case registerCheckMail
    case errorAccountExistsForInvitation
    case invitationAcceptTitle
    case invitationAcceptIntro
    case invitationAcceptSubmit
    case invitationAcceptOtherAddress
    case accountJoined
    case accountOrganizationsHeading
    case accountNoOrganizations
    case accountOrganizationManage
    case accountTokens
    case accountTokensIntro
    case accountTokensNone
    case accountTokenCreated
    case accountTokenExpires
    case accountTokenExpired
    case accountTokenLastUsed
    case accountTokenNeverUsed
    case accountTokenRotate
    case accountTokenDelete
    case accountTokenCreateHeading
    case accountTokenFieldName
    case accountTokenFieldGroup
    case accountTokenFieldLifetime
    case accountTokenLifetimeDays
    case accountTokenCreateSubmit
    case accountTokenSecretHeading
    case accountTokenSecretHint
    case accountTokenCopy
    case accountTokenCopied
    case accountTokenDownload
    case accountChangedTokenDeleted
    case errorTokenLimit
    case errorTokenName
    case accountManageOrganizations
    case organizationNotFoundTitle
    case organizationNotFound
    case organizationMembersHeading
    case organizationNoMembers
    case organizationAddMemberHeading
    case organizationAddMemberSubmit
    case organizationRemoveMember
    case organizationInviteHeading
    case organizationInviteHint
    case organizationInviteSubmit
    case organizationInvitationsHeading
    case organizationNoInvitations
    case organizationInvitationMeta
    case organizationRevoke
    case organizationResend
    case invitationStatePending
    case invitationStateAccepted
    case invitationStateExpired
    case invitationStateRevoked
    case organizationRequestsHeading
    case organizationNoRequests
    case organizationRequestsNote
    case organizationApprove
    case organizationReject
    case organizationRejectNotify
    case requestStateOpen
    case requestStateApproved
    case requestStateRejected
    case doneInvited
    case doneRevoked
    case doneResent
    case doneApproved
    case doneRejected
    case doneMember
    case doneRemoved
    case doneCreated
    case errorNotFound
    case errorAlreadyDone
    case errorForbidden
    case adminOrganizationsTitle
    case adminOrganizationsNone
    case adminCreateHeading
    case adminCreateSubmit
    case adminInviteNewHeading
    case adminInviteNewHint
    case adminRequestsHeading
    case adminRequestOrganization
    case forbiddenPageTitle
    case forbiddenPage

    /// Keys whose text is the same in every language on purpose: a language's own name and code.
    public static let sameInEveryLanguage: Set<MessageKey> = [
        .languageNameEnglish, .languageNameRussian, .languageCodeEnglish, .languageCodeRussian,
    ]
}
