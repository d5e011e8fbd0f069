extension MailTemplateText {
    var english: String {
        switch self {
        case .greeting: "Hello, {username},"
        case .greetingWithoutName: "Hello,"
        case .footerSentBy: "This message was sent by {product}."
        case .footerSupport: "Questions? Write to {email}."
        case .linkFallback: "If the button doesn’t work, copy this link into your browser:"
        case .linkValidity: "The link is valid for {duration}."

        case .detailTime: "Time"
        case .detailLocation: "Location"
        case .detailDevice: "Device"
        case .detailBrowser: "Browser"
        case .detailOperatingSystem: "Operating system"
        case .detailIPAddress: "IP address"
        case .detailName: "Name"
        case .detailEmail: "Email"
        case .detailOrganization: "Organisation"
        case .detailMessage: "Message"
        case .detailTokenName: "Token"
        case .detailPermissionGroup: "Permission group"
        case .detailExpires: "Expires"
        case .detailAdministrator: "Administrator"
        case .detailReason: "Reason"
        case .detailUntil: "Until"

        case .actionResetPassword: "Reset password"
        case .resetPasswordNow: "If it wasn’t you, reset your password now:"
        case .changePasswordAndWriteToSupport: "If it wasn’t you, change your password right away and write to {email}."
        case .changePasswordAndTellAdministrator: "If it wasn’t you, change your password right away and tell your administrator."
        case .unexpectedWriteToSupport: "If you didn’t expect this message, write to {email}."
        case .unexpectedTellAdministrator: "If you didn’t expect this message, tell your administrator."

        case .verifyEmailSubject: "Confirm your email address — {product}"
        case .verifyEmailIntro: "To finish setting up your {product} account, confirm your email address with the link below."
        case .verifyEmailAction: "Confirm email address"
        case .verifyEmailNotYou: "If you didn’t create this account, you can ignore this message."

        case .emailChangeVerifySubject: "Confirm your new email address — {product}"
        case .emailChangeVerifyIntro:
            "You asked to use {new_email} as the email address of your {product} account. Confirm it with the link below."
        case .emailChangeVerifyAction: "Confirm new address"
        case .emailChangeVerifyCurrentKeepsWorking: "Until you confirm it, your current address keeps working."
        case .emailChangeVerifyNotYou: "If you didn’t ask for this, ignore this message: nothing will change."

        case .emailChangeRequestedSubject: "Email address change requested — {product}"
        case .emailChangeRequestedIntro:
            "We received a request to change the email address of your {product} account to {new_email}."
        case .emailChangeRequestedCurrentKeepsWorking:
            "Your current address keeps working until {new_email} is confirmed."

        case .emailChangedSubject: "Your email address was changed — {product}"
        case .emailChangedIntro:
            "The email address of your {product} account was changed to {new_email}. From now on, messages about your account will go to the new address."
        case .emailChangedNotYouWriteToSupport:
            "If it wasn’t you, write to {email} right away: someone else may have access to your account."
        case .emailChangedNotYouTellAdministrator:
            "If it wasn’t you, tell your administrator right away: someone else may have access to your account."

        case .emailInUseSubject: "Your email address is already registered — {product}"
        case .emailInUseIntro:
            "Someone tried to use this email address for another {product} account. Nothing has changed: the address still belongs to your account."
        case .emailInUseIfYou:
            "If that was you, you already have an account. Sign in as {username}, or reset your password if you don’t remember it:"
        case .emailInUseNotYou: "If it wasn’t you, you don’t need to do anything."

        case .passwordResetSubject: "Reset your password — {product}"
        case .passwordResetIntro:
            "We received a request to reset the password of your {product} account. To choose a new password, open the link below."
        case .passwordResetAction: "Choose a new password"
        case .passwordResetNotYou: "If you didn’t ask for this, ignore this message. Your password stays unchanged."

        case .passwordChangedSubject: "Your password was changed — {product}"
        case .passwordChangedIntro:
            "The password of your {product} account was changed. All sessions were signed out, so sign in again with the new password on each of your devices."
        case .passwordChangedIfYou: "If it was you, there is nothing else to do."
        case .passwordChangedThenWriteToSupport: "Then write to {email}."
        case .passwordChangedThenTellAdministrator: "Then tell your administrator."

        case .accountLockedSubject: "Your account was locked — {product}"
        case .accountLockedIntro: "Your {product} account was locked after {attempts} in a row."
        case .accountLockedUnlock: "If it was you, unlock your account with the link below. The link is valid for {duration}."
        case .accountLockedUnlockAction: "Unlock account"
        case .accountLockedReset:
            "If you’ve forgotten your password, or if the attempts weren’t yours, reset the password instead. This unlocks your account too. The link is valid for {duration}."
        case .accountLockedSupport: "If you can’t unlock your account, write to {email}."

        case .failedSignInSubject: "Failed sign-in attempt — {product}"
        case .failedSignInIntro: "Someone tried to sign in to your {product} account with a wrong password."
        case .failedSignInPasswordKnownSubject: "Someone has your password — {product}"
        case .failedSignInPasswordKnownIntro:
            "Someone signed in to your {product} account with your correct password, then entered a wrong code from the authenticator app (or a wrong backup code)."
        case .failedSignInPasswordKnownIfYou: "If it was you (say, you mistyped the code), there is nothing to do."
        case .failedSignInPasswordKnownNotYou:
            "If it wasn’t you, your password is known to someone else: only the second step stopped them. Change your password now:"
        case .failedSignInIfYou: "If it was you (say, you mistyped your password), there is nothing to do."
        case .failedSignInNotYou: "If it wasn’t you, someone may be trying to guess your password. To be safe, reset it:"

        case .newSignInSubject: "New sign-in to your account — {product}"
        case .newSignInIntro: "There was a sign-in to your {product} account from a new device or location."
        case .newSignInIfYou:
            "If it was you, there is nothing to do. On the sessions page you can see every device signed in to your account and sign out any of them:"
        case .newSignInSessionsAction: "Review sessions"

        case .twoFactorSetupSubject: "Set up two-factor authentication — {product}"
        case .twoFactorSetupIntro:
            "Two-factor authentication protects your {product} account: to sign in, you enter a code from an authenticator app as well as your password. To set it up:"
        case .twoFactorSetupStepInstall:
            "Install an authenticator app on your phone, for example Google Authenticator, Yandex Key or Microsoft Authenticator."
        case .twoFactorSetupStepScan: "Open the setup page with the link below and scan the QR code shown there with the app."
        case .twoFactorSetupStepCode: "Enter the 6-digit code the app shows. The code changes every 30 seconds, so use the current one."
        case .twoFactorSetupAction: "Open the setup page"
        case .twoFactorSetupNoSecret:
            "For your security, this message contains no QR code and no key: they are shown only on the setup page."

        case .twoFactorResetSubject: "Two-factor authentication was reset — {product}"
        case .twoFactorResetByAdministrator: "An administrator reset two-factor authentication for your {product} account."
        case .twoFactorResetWithPassword:
            "Two-factor authentication for your {product} account was reset together with your password."
        case .twoFactorResetByRecovery:
            "Two-factor authentication for your {product} account was turned off because you signed in with your backup code."
        case .twoFactorResetOther: "Two-factor authentication for your {product} account was reset."
        case .twoFactorResetNextSignIn: "You will set up the authenticator app again the next time you sign in:"
        case .twoFactorResetAction: "Sign in"

        case .backupCodeUsedSubject: "Your backup code was used — {product}"
        case .backupCodeUsedIntro: "Your backup code was used to sign in to your {product} account."
        case .backupCodeUsedReplaced:
            "A new backup code was shown at that moment, and the old one no longer works. Keep the new code somewhere safe."

        case .backupCodeRegeneratedSubject: "New backup code created — {product}"
        case .backupCodeRegeneratedIntro:
            "A new backup code was created for your {product} account. The old code no longer works."

        case .twoFactorDisabledSubject: "Two-factor authentication was turned off — {product}"
        case .twoFactorDisabledIntro: "Two-factor authentication was turned off for your {product} account."

        case .accountCreatedSubject: "Your account is ready: set your password — {product}"
        case .accountCreatedIntro: "An administrator created a {product} account for you. Your username is {username}."
        case .accountCreatedAction: "Set your password"
        case .accountCreatedExpired: "If the link has expired, ask for a new one with “Forgot your password?” on the sign-in page."
        case .accountCreatedSignIn: "Sign in"
        case .apiTokenCreatedSubject: "New API token created — {product}"
        case .apiTokenCreatedIntro:
            "An API token was created for your {product} account. Until it expires it can act for you with the permissions of its group."
        case .apiTokenRotatedSubject: "API token given a new secret — {product}"
        case .apiTokenRotatedIntro:
            "An API token of your {product} account was given a new secret. The old secret no longer works."
        case .apiTokenNotYou: "If it wasn’t you, delete the token on your account page."
        case .apiTokenAction: "Your API tokens"
        case .administratorAccessSubject: "An administrator is accessing your account — {product}"
        case .administratorAccessIntro:
            "A platform administrator has started temporary access to your {product} account. Everything done during it is recorded in your account’s security events."
        case .administratorAccessEnds:
            "The access ends by itself at the time above, or earlier when the administrator ends it. If you did not expect it, contact the technical support service."
        case .administratorAccessAction: "Your security events"
        case .twoFactorEnabledSubject: "Two-factor authentication was turned on — {product}"
        case .twoFactorEnabledIntro:
            "Two-factor authentication was turned on for your {product} account. Signing in now needs a code from your authenticator app."
        case .twoFactorReplacedSubject: "Your authenticator app was changed — {product}"
        case .twoFactorReplacedIntro:
            "A new authenticator app was set up for your {product} account. Codes from the previous one and the old backup code no longer work."

        case .twoFactorReissueSubject: "A new authenticator app was requested — {product}"
        case .twoFactorReissueIntro:
            "Your {product} password was reset, and the person who did it asked to set up two-factor authentication again on a new device."
        case .twoFactorReissueWhen:
            "Until {effective_time} nothing changes: signing in still needs a code from your current authenticator app. After that time the next sign-in sets up a new one."
        case .twoFactorReissueNotYou: "If it wasn’t you, cancel the request now: your authenticator app then stays as it is."
        case .twoFactorReissueCancelAction: "Cancel the request"
        case .usernameChangedSubject: "Your username was changed — {product}"
        case .usernameChangedIntro:
            "The username of your {product} account was changed from “{old_username}” to “{username}”. Use the new name to sign in from now on."

        case .invitationSubject: "You are invited to {organization} — {product}"
        case .invitationIntro: "You are invited to join {organization} on {product}."
        case .invitationIntroFrom: "{inviter} invited you to join {organization} on {product}."
        case .invitationRegister:
            "Create your account with the link below. It is made for this address only; after choosing a username and password you will set up two-factor authentication."
        case .invitationAction: "Create your account"
        case .invitationAcceptSignIn:
            "You already have an account ({username}). Sign in with it and accept the invitation with the link below."
        case .invitationAcceptAction: "Accept the invitation"
        case .invitationNotExpected: "If you didn’t expect this invitation, you can ignore this message."

        case .accessRequestSubject: "New access request — {product}"
        case .accessRequestSubjectFor: "New access request for {organization} — {product}"
        case .accessRequestIntroFor: "Someone asks to join {organization} on {product}:"
        case .accessRequestIntroNoOrganization: "Someone asks for access to {product} without naming an organisation you know of:"
        case .accessRequestTypedByThem:
            "All of this was typed by the person asking. Check who they are before you approve: approving sends an invitation to this address."
        case .accessRequestAction: "Open the access requests"
        case .accessRequestAccountExistsSubject: "You already have an account — {product}"
        case .accessRequestAccountExistsIntro:
            "Someone, perhaps you, asked for access to {product} with this address. You already have an account: {username}. Sign in with it:"
        case .accessRequestSignInAction: "Sign in"
        case .accessRequestAccountExistsForgot: "If you’ve forgotten your password, reset it:"
        case .accessRequestNotYou: "If it wasn’t you, you don’t need to do anything."
        case .accessRequestRejectedSubject: "Your access request — {product}"
        case .accessRequestRejectedIntro: "Thank you for your interest in {product}. Your request for access was not approved."
        case .accessRequestRejectedIntroFor:
            "Thank you for your interest in {product}. Your request to join {organization} was not approved."
        case .accessRequestRejectedNext: "If you think this is a mistake, contact the person who told you about it."
        }
    }
}
