/// The mails Gatehouse sends. The raw value is the outbox's kind (`MailKind` in GatehouseCore).
enum MailTemplateKind: String, CaseIterable, Sendable {
    case verifyEmail = "verify_email"
    case emailChangeVerify = "email_change_verify"
    case emailChangeRequested = "email_change_requested"
    case emailChanged = "email_changed"
    case emailInUse = "email_in_use"
    case passwordReset = "password_reset"
    case passwordChanged = "password_changed"
    case accountLocked = "account_locked"
    case failedSignIn = "failed_sign_in"
    case newSignIn = "new_sign_in"
    case twoFactorSetup = "two_factor_setup"
    case twoFactorReset = "two_factor_reset"
    case backupCodeUsed = "backup_code_used"
    case backupCodeRegenerated = "backup_code_regenerated"
    case twoFactorDisabled = "two_factor_disabled"
    case twoFactorEnabled = "two_factor_enabled"
    case usernameChanged = "username_changed"
    case apiTokenIssued = "api_token_issued"
    case administratorAccessStarted = "administrator_access_started"
    case accountCreated = "account_created"
    case twoFactorReissueScheduled = "two_factor_reissue_scheduled"
    case invitation
    case invitationAccept = "invitation_accept"
    case accessRequest = "access_request"
    case accessRequestAccountExists = "access_request_account_exists"
    case accessRequestRejected = "access_request_rejected"

    /// The values a mail of this kind cannot be written without.
    var requiredKeys: [String] {
        switch self {
        case .verifyEmail: ["username", "link", "valid_hours"]
        case .emailChangeVerify: ["username", "new_email", "link", "valid_hours"]
        case .emailChangeRequested: ["username", "new_email"]
        case .emailChanged: ["username", "new_email"]
        case .emailInUse: ["username", "reset_link"]
        case .passwordReset: ["username", "link", "valid_minutes"]
        case .passwordChanged: ["username", "time", "reset_link"]
        case .accountLocked:
            ["username", "failed_attempts", "unlock_link", "unlock_valid_hours", "reset_link", "reset_valid_minutes"]
        case .failedSignIn: ["username", "time", "ip", "reset_link"]
        case .newSignIn: ["username", "time", "ip", "sessions_link", "reset_link"]
        case .twoFactorSetup: ["username", "setup_link"]
        case .twoFactorReset: ["username", "login_link", "reason"]
        case .backupCodeUsed: ["username", "time", "ip"]
        case .backupCodeRegenerated: ["username", "time"]
        case .twoFactorDisabled: ["username", "time"]
        case .twoFactorEnabled: ["username", "time", "replaced"]
        case .usernameChanged: ["username", "old_username"]
        case .accountCreated: ["username", "link", "valid_hours", "login_link"]
        case .apiTokenIssued: ["username", "time", "ip", "token_name", "permission_group", "expires", "rotated", "tokens_link"]
        case .administratorAccessStarted: ["username", "administrator", "reason", "time", "until", "security_link"]
        case .twoFactorReissueScheduled: ["username", "time", "effective_time", "cancel_link"]
        case .invitation: ["organization", "link", "valid_days"]
        case .invitationAccept: ["username", "organization", "link", "valid_days"]
        case .accessRequest: ["username", "requester_name", "requester_email", "queue_link"]
        case .accessRequestAccountExists: ["username", "login_link", "reset_link"]
        case .accessRequestRejected: ["username"]
        }
    }

    /// Values the mail shows when given and leaves out, with their row or sentence, when not.
    var optionalKeys: [String] {
        switch self {
        case .failedSignIn: ["location", "device", "failed_step"]
        case .newSignIn: ["location", "browser", "os"]
        case .invitation, .invitationAccept: ["inviter"]
        case .accessRequest: ["organization", "message"]
        case .accessRequestRejected: ["organization"]
        default: []
        }
    }
}
