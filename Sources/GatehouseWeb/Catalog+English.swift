extension Catalog {
    static func english(_ key: MessageKey) -> String {
        switch key {
        case .skipToContent: "Skip to main content"
        case .languageSelectorLabel: "Language"
        case .languageNameEnglish: "English"
        case .languageNameRussian: "Русский"
        case .languageCodeEnglish: "EN"
        case .languageCodeRussian: "RU"
        case .signOut: "Sign out"
        case .supportContact: "Need help? Write to {email}."
        case .backToSignIn: "Back to sign in"
        case .goToSignIn: "Go to sign in"
        case .goToAccount: "Go to your account"
        case .requestNewLink: "Request a new link"

        case .loginTitle: "Sign in"
        case .loginFieldLogin: "Username or email"
        case .loginFieldPassword: "Password"
        case .loginSubmit: "Sign in"
        case .loginForgotPassword: "Forgot your password?"
        case .loginRequestAccess: "Request access"

        case .errorInvalidCredentials: "Invalid login or password."
        case .errorRateLimited: "Too many attempts. Try again in {duration}."
        case .errorCSRF: "Your form expired. Please try again."
        case .errorServiceUnavailable: "The service is temporarily unavailable. Please try again later."
        case .errorTokenInvalidOrExpired: "This link is invalid or has expired. Request a new one."
        case .noticeSignedOut: "You have signed out."
        case .noticeSessionExpired: "You were signed out after {duration} of inactivity."
        case .noticeSessionEnded: "Your session has ended. Please sign in again."

        case .secondFactorTitle: "Two-factor authentication"
        case .secondFactorInstructions: "Enter the 6-digit code from your authenticator app."
        case .secondFactorFieldCode: "Code"
        case .secondFactorSubmit: "Confirm"
        case .secondFactorUseBackupCode: "Recover access with your backup code"
        case .errorSecondFactorInvalid: "Invalid code."
        case .secondFactorBackupCodeHeading: "No access to your phone right now?"
        case .secondFactorBackupCodeInstructions:
            "Enter your backup code instead. Each backup code works only once, so you will get a new one after you sign in."
        case .secondFactorBackupCodeSubmit: "Sign in with the backup code"
        case .secondFactorLostPhone:
            "Lost your phone? Recovery with your backup code turns two-factor authentication off, and you then set it up again on your new phone."

        case .recoveryTitle: "Recover access with your backup code"
        case .recoveryInstructions:
            "Use this page if you have lost your phone. Enter your 8-character backup code: you will be signed in, and two-factor authentication will be turned off. Then set up your authenticator app again with a new QR code."
        case .recoveryFieldBackupCode: "Backup code"
        case .recoverySubmit: "Continue"
        case .recoveryUseAuthenticator: "Use the code from your authenticator app"
        case .errorBackupCodeInvalid: "Invalid backup code."

        case .consentTitle: "Consent to personal data processing"
        case .consentIntro: "Read the agreement and confirm your consent to continue."
        case .consentAgreementLabel: "Agreement text"
        case .consentVersion: "Version {version}"
        case .consentCheckbox: "I have read and accept the agreement"
        case .consentContinue: "Continue"
        case .consentDecline: "Decline and sign out"
        case .errorConsentNotAccepted: "To continue, accept the agreement."

        case .twoFactorSetupTitle: "Set up two-factor authentication"
        case .twoFactorSetupRequired: "Two-factor authentication is required for your account."
        case .twoFactorSetupInstructions: "Scan the QR code with an authenticator app, or type the key below."
        case .twoFactorSetupQRCodeLabel: "QR code for your authenticator app"
        case .twoFactorSetupKey: "Key"
        case .twoFactorSetupOpenInApp: "Open in an authenticator app on this device"
        case .twoFactorSetupFieldCode: "Code from the app"
        case .twoFactorSetupSubmit: "Confirm"

        case .backupCodeTitle: "Save your backup code"
        case .backupCodeShownOnce:
            "This code is shown once. Keep it somewhere safe: you will need it if you lose access to your authenticator app. Each backup code works only once."
        case .backupCodeReplaced: "You used your backup code, so it no longer works. Here is your new one."
        case .backupCodeContinue: "Continue"

        case .passwordResetTitle: "Reset your password"
        case .passwordResetInstructions:
            "Enter the email address of your account, and we will send you a link to set a new password."
        case .passwordResetFieldEmail: "Email address"
        case .passwordResetSubmit: "Reset"
        case .passwordResetSent:
            "If an account uses this address, we have sent a link to reset the password to it."
        case .passwordResetSpamNote:
            "If the email does not arrive within a few minutes, check your spam folder, or make sure the address is correct and try again."
        case .passwordResetLinkValidity: "The link is valid for {duration}."
        case .passwordResetTwoFactorNote:
            "When you set the new password, you can also get a new QR code for two-factor authentication, for example if you no longer have your authenticator app."
        case .passwordResetCompleteTitle: "Set a new password"
        case .passwordResetCompleteInstructions:
            "Choose a new password. When you save it, every session of your account is signed out."
        case .passwordResetFieldNewPassword: "New password"
        case .passwordResetFieldRepeatPassword: "Repeat the new password"
        case .passwordResetReissueTwoFactor: "Also set up two-factor authentication again (new QR code)"
        case .passwordResetReissueTwoFactorHint:
            "Choose this if you no longer have your authenticator app. After you sign in, you will scan a new QR code."
        case .passwordResetCompleteSubmit: "Save password"
        case .passwordResetDoneTitle: "Password changed"
        case .passwordResetDone:
            "Your new password is saved, and every session of your account has been signed out. You can sign in with the new password now."
        case .passwordResetDoneReissueTwoFactor:
            "After you sign in, you will set up two-factor authentication again with a new QR code."
        case .passwordResetReissueBackupCode: "Backup code (optional)"
        case .passwordResetReissueBackupCodeHint:
            "With your backup code the new setup starts at your next sign-in. Without it, it starts only after {hours} hours: until then signing in still needs a code from your current app, and we mail you a link to cancel it."
        case .passwordResetDoneReissueScheduled:
            "Two-factor authentication will be set up again after {time}. Until then, signing in still needs a code from your current authenticator app. We have mailed you a link that cancels this."
        case .passwordResetReissueNotAllowed:
            "Two-factor authentication of this account can only be reset by support. Save the password without this option."
        case .passwordResetReissueRecentlyCancelled:
            "Setting up two-factor authentication again was recently turned down for this account. Enter your backup code to do it now, or ask support."
        case .reissueCancelTitle: "Keep your authenticator app"
        case .reissueCancelInstructions:
            "A password reset asked to set up two-factor authentication again on a new device. Confirm to cancel that request: your current authenticator app then stays as it is."
        case .reissueCancelSubmit: "Cancel the request"
        case .reissueCancelDoneTitle: "Request cancelled"
        case .reissueCancelDone:
            "Your authenticator app stays as it is. If you did not reset your password yourself, someone can read your mail: reset your password again and secure your mailbox."
        case .accountTwoFactorReissuePending:
            "A password reset asked to set up two-factor authentication again. This takes effect at {time} unless you cancel it."
        case .accountTwoFactorReissueCancel: "Cancel the request"
        case .accountChangedTwoFactorReissueCancelled: "The request to set up two-factor authentication again was cancelled."

        case .passwordRules:
            "At least {length}. Common passwords and passwords that contain your username or email address are not accepted."
        case .errorPasswordTooWeak: "This password is too weak. Choose a longer or less predictable one."
        case .errorPasswordTooShort: "The password must have at least {length}."
        case .errorPasswordTooLong: "The password may have at most {length}."
        case .errorPasswordContainsUsername: "The password must not contain your username."
        case .errorPasswordContainsEmail: "The password must not contain your email address."
        case .errorPasswordInvalidCharacters: "The password contains characters that cannot be used."
        case .errorPasswordCompromised: "This password is too common and easy to guess. Choose another one."
        case .errorPasswordsDoNotMatch: "The passwords do not match."

        case .verifyEmailTitle: "Confirm your email address"
        case .verifyEmailInstructions: "Press the button to confirm that this email address is yours."
        case .verifyEmailSubmit: "Confirm email address"
        case .verifyEmailDoneTitle: "Address confirmed"
        case .verifyEmailDone: "Your email address has been confirmed."
        case .verifyEmailPending: "We have sent a confirmation link to {email}. Open it to continue."
        case .verifyEmailResend: "Send the link again"
        case .verifyEmailResent:
            "We have sent a new confirmation link. If the email does not arrive within a few minutes, check your spam folder."

        case .unlockTitle: "Unlock your account"
        case .unlockInstructions:
            "Your account was locked after several failed sign-in attempts. Press the button to unlock it."
        case .unlockSubmit: "Unlock"
        case .unlockDoneTitle: "Account unlocked"
        case .unlockDone:
            "You can sign in again now. If you have forgotten your password, reset it rather than guessing."

        case .accessRequestTitle: "Request access"

        case .accountTitle: "Your account"
        case .accountProfile: "Profile"
        case .accountPassword: "Password"
        case .accountEmail: "Email address"
        case .accountUsername: "Username"
        case .accountLanguage: "Language"
        case .accountSessions: "Sessions"
        case .accountTwoFactor: "Two-factor authentication"
        case .accountAPITokens: "API tokens"
        case .accountSignedInAs: "You are signed in as {username}."

        case .accountProfileUsername: "Username"
        case .accountProfileEmail: "Email address"
        case .accountProfileLanguage: "Language"
        case .accountPendingEmail:
            "Waiting for confirmation of {email}. Your current address stays active until then."
        case .accountFieldCurrentPassword: "Current password"
        case .accountFieldNewUsername: "New username"
        case .accountFieldNewEmail: "New email address"
        case .accountFieldLanguage: "Language of pages and emails"
        case .accountPasswordHint: "When you change your password, your other sessions are signed out."
        case .accountUsernameHint: "Letters, digits, dots, hyphens and underscores; at most 64 characters."
        case .accountEmailHint:
            "We will send a confirmation link to the new address. Your current address stays active until you confirm the new one."
        case .accountPasswordSubmit: "Change password"
        case .accountUsernameSubmit: "Change username"
        case .accountEmailSubmit: "Change email address"
        case .accountLanguageSubmit: "Save language"
        case .accountChangedPassword: "Your password has been changed. Your other sessions have been signed out."
        case .accountChangedUsername: "Your username has been changed."
        case .accountChangedEmail:
            "We sent a confirmation link to the new address. Open it to start using that address; until then, your current address stays active."
        case .accountChangedLanguage: "Your language has been saved."
        case .errorCurrentPasswordWrong: "The current password is not correct."
        case .errorUsernameTaken: "This username is already taken."
        case .errorUsernameInvalid:
            "A username may contain only letters, digits, dots, hyphens and underscores, and at most 64 characters."
        case .errorEmailInvalid: "Enter a valid email address, such as name@example.com."

        case .accountSessionsIntro: "These devices are signed in to your account. End any session you do not recognise, then change your password."
        case .accountSessionsCurrent: "This device"
        case .accountSessionsRevoke: "End session"
        case .accountSessionsRevokeOthers: "End all other sessions"
        case .accountSessionsLocationUnknown: "Unknown location"
        case .accountSessionsDeviceUnknown: "Unknown device"
        case .accountSessionsSignedIn: "Signed in {time}"
        case .accountSessionsLastActive: "Last active {time}"
        case .accountSessionsRevoked: "The session has ended."
        case .accountSessionsRevokedOthers: "Other sessions ended: {count}."

        case .accountTwoFactorOn: "Two-factor authentication is on."
        case .accountTwoFactorOnSince: "Two-factor authentication has been on since {time}."
        case .accountTwoFactorOff:
            "Two-factor authentication is off. Turn it on so that signing in needs a code from an authenticator app on your phone as well as your password."
        case .accountTwoFactorRequired: "Two-factor authentication is required for your account, so it cannot be turned off."
        case .accountTwoFactorCheckHeading: "Check a code"
        case .accountTwoFactorCheckHint: "Make sure your authenticator app gives valid codes. The code is only checked, not used up."
        case .accountTwoFactorCheckSubmit: "Check my code"
        case .accountTwoFactorBackupCodeHeading: "Backup code"
        case .accountTwoFactorBackupCodeHint:
            "Get a new backup code if you have lost or used yours. The old code stops working, and the new one is shown only once."
        case .accountTwoFactorBackupCodeSubmit: "Get a new backup code"
        case .accountTwoFactorNewDeviceHeading: "New device or authenticator app"
        case .accountTwoFactorNewDeviceHint:
            "Moving to a new phone or another authenticator app? You will scan a new QR code; once you confirm it, codes from the old app no longer work."
        case .accountTwoFactorNewDeviceSubmit: "Set up a new device"
        case .accountTwoFactorDisableHeading: "Turn off two-factor authentication"
        case .accountTwoFactorDisableHint: "Without two-factor authentication, your password alone is enough to sign in to your account."
        case .accountTwoFactorDisableSubmit: "Turn off"
        case .accountTwoFactorSetupHint: "Confirm with your current password, then scan a QR code with an authenticator app."
        case .accountTwoFactorSetupSubmit: "Set up two-factor authentication"
        case .accountChangedTwoFactorEnabled:
            "Two-factor authentication is on. From now on, signing in also needs a code from your authenticator app."
        case .accountChangedTwoFactorDisabled: "Two-factor authentication is off. You can turn it on again at any time."
        case .accountTwoFactorCodeValid: "The code is valid: your authenticator app is set up correctly."
        case .accountTwoFactorCodeInvalid:
            "This code is not valid right now. Check that the date and time on your phone are set automatically, then try a new code."
        }
    }
}
