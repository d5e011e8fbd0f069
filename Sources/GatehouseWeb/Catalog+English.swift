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
        case .errorTokenInvalidOrExpired: "This link is invalid or has expired."
        case .noticeSignedOut: "You have signed out."
        case .noticeSessionExpired: "You were signed out after {duration} of inactivity."
        case .noticeSessionEnded: "Your session has ended. Please sign in again."

        case .secondFactorTitle: "Two-factor authentication"
        case .secondFactorInstructions: "Enter the 6-digit code from your authenticator app."
        case .secondFactorFieldCode: "Code"
        case .secondFactorSubmit: "Confirm"
        case .secondFactorUseBackupCode: "Use your backup code"
        case .errorSecondFactorInvalid: "Invalid code."

        case .recoveryTitle: "Sign in with your backup code"
        case .recoveryInstructions:
            "Enter your 8-character backup code. Two-factor authentication will then be turned off, and you can set it up again."
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
        case .passwordResetFieldEmail: "Email"
        case .passwordResetSubmit: "Send link"
        case .passwordResetSent:
            "If an account with this address exists, we have sent it a link to reset the password. If the email does not arrive within a few minutes, check your spam folder."
        case .passwordResetCompleteTitle: "Set a new password"
        case .passwordResetFieldNewPassword: "New password"
        case .passwordResetFieldRepeatPassword: "Repeat the new password"
        case .passwordResetReissueTwoFactor: "Also set up two-factor authentication again (new QR code)"
        case .passwordResetCompleteSubmit: "Save password"
        case .passwordResetDone:
            "Your password has been changed, and all sessions have been signed out. You can sign in with the new password now."
        case .errorPasswordTooWeak: "This password is too weak. Choose a longer or less predictable one."
        case .errorPasswordCompromised: "This password has appeared in a data breach. Choose another one."
        case .errorPasswordsDoNotMatch: "The passwords do not match."

        case .verifyEmailTitle: "Verify your email address"
        case .verifyEmailInstructions: "Confirm your email address to continue."
        case .verifyEmailSubmit: "Confirm email address"
        case .verifyEmailDone: "Your email address has been confirmed."
        case .verifyEmailPending: "We have sent a confirmation link to {email}. Open it to continue."
        case .verifyEmailResend: "Send the link again"

        case .unlockTitle: "Unlock your account"
        case .unlockInstructions:
            "Your account was locked after several failed sign-in attempts. Confirm to unlock it."
        case .unlockSubmit: "Unlock"
        case .unlockDone: "Your account has been unlocked. You can sign in now."

        case .accessRequestTitle: "Request access"

        case .accountTitle: "Your account"
        case .accountProfile: "Profile"
        case .accountPassword: "Password"
        case .accountEmail: "Email"
        case .accountSessions: "Sessions"
        case .accountTwoFactor: "Two-factor authentication"
        case .accountAPITokens: "API tokens"
        case .accountSignedInAs: "You are signed in as {username}."
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
        }
    }
}
