import Foundation

/// What happened, as a stable dotted name.
public struct AuditEventType: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let loginSucceeded = AuditEventType(rawValue: "login.succeeded")
    public static let loginFailed = AuditEventType(rawValue: "login.failed")
    public static let loginStepCompleted = AuditEventType(rawValue: "login.step_completed")
    public static let accountLocked = AuditEventType(rawValue: "account.locked")
    public static let accountUnlocked = AuditEventType(rawValue: "account.unlocked")
    public static let accountCreated = AuditEventType(rawValue: "account.created")
    public static let accountDisabled = AuditEventType(rawValue: "account.disabled")
    public static let accountEnabled = AuditEventType(rawValue: "account.enabled")
    public static let sessionCreated = AuditEventType(rawValue: "session.created")
    public static let logout = AuditEventType(rawValue: "session.logout")
    public static let sessionsExpired = AuditEventType(rawValue: "session.expired")
    public static let sessionsRevoked = AuditEventType(rawValue: "session.revoked")
    public static let emailVerificationSent = AuditEventType(rawValue: "email.verification_sent")
    public static let emailVerified = AuditEventType(rawValue: "email.verified")
    public static let emailChangeRequested = AuditEventType(rawValue: "email.change_requested")
    public static let emailChanged = AuditEventType(rawValue: "email.changed")
    public static let passwordResetRequested = AuditEventType(rawValue: "password_reset.requested")
    public static let passwordResetCompleted = AuditEventType(rawValue: "password_reset.completed")
    public static let passwordChanged = AuditEventType(rawValue: "account.password_changed")
    public static let usernameChanged = AuditEventType(rawValue: "account.username_changed")
    public static let languageChanged = AuditEventType(rawValue: "account.language_changed")
    public static let passwordConfirmationFailed = AuditEventType(rawValue: "account.password_confirmation_failed")
    public static let alertSent = AuditEventType(rawValue: "alert.sent")
    public static let mailFailed = AuditEventType(rawValue: "mail.failed")
    public static let twoFactorSetupStarted = AuditEventType(rawValue: "two_factor.setup_started")
    public static let twoFactorEnabled = AuditEventType(rawValue: "two_factor.enabled")
    public static let twoFactorDisabled = AuditEventType(rawValue: "two_factor.disabled")
    public static let twoFactorReset = AuditEventType(rawValue: "two_factor.reset")
    public static let twoFactorVerified = AuditEventType(rawValue: "two_factor.verified")
    public static let twoFactorFailed = AuditEventType(rawValue: "two_factor.failed")
    public static let backupCodeUsed = AuditEventType(rawValue: "two_factor.backup_code_used")
    public static let backupCodeRegenerated = AuditEventType(rawValue: "two_factor.backup_code_regenerated")
    public static let twoFactorReissueScheduled = AuditEventType(rawValue: "two_factor.reissue_scheduled")
    public static let twoFactorReissueCancelled = AuditEventType(rawValue: "two_factor.reissue_cancelled")
    public static let twoFactorRecovered = AuditEventType(rawValue: "two_factor.recovered")
    public static let consentAccepted = AuditEventType(rawValue: "consent.accepted")
    public static let consentDeclined = AuditEventType(rawValue: "consent.declined")
    public static let reauthenticated = AuditEventType(rawValue: "session.reauthenticated")
    public static let accountErased = AuditEventType(rawValue: "account.erased")
    public static let organizationCreated = AuditEventType(rawValue: "organization.created")
    public static let organizationMemberAdded = AuditEventType(rawValue: "organization.member_added")
    public static let organizationMemberChanged = AuditEventType(rawValue: "organization.member_changed")
    public static let organizationMemberRemoved = AuditEventType(rawValue: "organization.member_removed")
    public static let invitationCreated = AuditEventType(rawValue: "invitation.created")
    public static let invitationResent = AuditEventType(rawValue: "invitation.resent")
    public static let invitationRevoked = AuditEventType(rawValue: "invitation.revoked")
    public static let invitationAccepted = AuditEventType(rawValue: "invitation.accepted")
    public static let accountRegistered = AuditEventType(rawValue: "account.registered")
    public static let registrationRefused = AuditEventType(rawValue: "account.registration_refused")
    public static let rolesChanged = AuditEventType(rawValue: "account.roles_changed")
    public static let accessRequestReceived = AuditEventType(rawValue: "access_request.received")
    public static let accessRequestRouted = AuditEventType(rawValue: "access_request.routed")
    public static let accessRequestApproved = AuditEventType(rawValue: "access_request.approved")
    public static let accessRequestRejected = AuditEventType(rawValue: "access_request.rejected")
    public static let apiTokenCreated = AuditEventType(rawValue: "api_token.created")
    public static let apiTokenRotated = AuditEventType(rawValue: "api_token.rotated")
    public static let apiTokenDeleted = AuditEventType(rawValue: "api_token.deleted")
    public static let apiTokenRefused = AuditEventType(rawValue: "api_token.refused")
    public static let auditPruned = AuditEventType(rawValue: "audit.pruned")
    /// `gatehouse keys reseal`: the listed secret keys sign nothing after this event.
    public static let keysRetired = AuditEventType(rawValue: "keys.retired")
    public static let impersonationStarted = AuditEventType(rawValue: "impersonation.started")
    public static let impersonationRequest = AuditEventType(rawValue: "impersonation.request")
    public static let impersonationEnded = AuditEventType(rawValue: "impersonation.ended")
}

/// Personal data of an event, kept in its own columns so it can be erased on request without breaking
/// the chain: the chain covers only an HMAC of these values.
public struct AuditPersonalData: Sendable, Equatable {
    public var ip: String?
    public var userAgent: String?
    /// A keyed hash of what was typed at a failed sign-in when no account matched (it is often a password).
    public var identifierHash: String?
    /// An address someone typed that belongs to no account of theirs (an invitation's, an access
    /// request's): personal data, erased with the rest.
    public var email: String?

    public init(ip: String? = nil, userAgent: String? = nil, identifierHash: String? = nil, email: String? = nil) {
        self.ip = ip
        self.userAgent = userAgent
        self.identifierHash = identifierHash
        self.email = email
    }

    public var isEmpty: Bool { ip == nil && userAgent == nil && identifierHash == nil && email == nil }

    /// The canonical text the HMAC covers (the address joins it only when present, so events recorded
    /// before it existed verify as they did).
    var canonical: String { AuditCanonical.join([ip, userAgent, identifierHash] + (email.map { [$0] } ?? [])) }
}

/// An event to append. `details` holds non-personal facts only (reasons, counts, ids).
public struct AuditEvent: Sendable, Equatable {
    public var type: AuditEventType
    public var actorID: AccountID?
    public var subjectID: AccountID?
    public var requestID: String?
    public var details: [String: String]
    public var personal: AuditPersonalData

    public init(_ type: AuditEventType, actor: AccountID? = nil, subject: AccountID? = nil, requestID: String? = nil,
                details: [String: String] = [:], personal: AuditPersonalData = AuditPersonalData()) {
        self.type = type
        self.actorID = actor
        self.subjectID = subject
        self.requestID = requestID
        self.details = details
        self.personal = personal
    }
}

/// An event as stored: its place in the chain and the hashes that bind it there.
public struct AuditRecord: Sendable, Equatable {
    public var sequence: Int64
    public var id: String
    public var occurredAt: Date
    public var type: AuditEventType
    public var actorID: AccountID?
    public var subjectID: AccountID?
    public var requestID: String?
    /// Canonical JSON of the details (sorted keys).
    public var details: String
    public var personal: AuditPersonalData
    public var personalMAC: String
    public var previousHash: String
    public var hash: String
    /// The id of the secret key the record's hashes are keyed with (`KeyRing.id(of:)`); nil for records
    /// from before keys had ids.
    public var keyID: String?

    public init(sequence: Int64, id: String, occurredAt: Date, type: AuditEventType, actorID: AccountID?, subjectID: AccountID?,
                requestID: String?, details: String, personal: AuditPersonalData, personalMAC: String, previousHash: String, hash: String,
                keyID: String? = nil) {
        self.sequence = sequence
        self.id = id
        self.occurredAt = occurredAt
        self.type = type
        self.actorID = actorID
        self.subjectID = subjectID
        self.requestID = requestID
        self.details = details
        self.personal = personal
        self.personalMAC = personalMAC
        self.previousHash = previousHash
        self.hash = hash
        self.keyID = keyID
    }
}

/// The last link of the chain, kept in one row that every append locks (last, just before commit).
public struct AuditChainHead: Sendable, Equatable {
    public var sequence: Int64
    public var hash: String

    public init(sequence: Int64, hash: String) {
        self.sequence = sequence
        self.hash = hash
    }

    public static let genesis = AuditChainHead(sequence: 0, hash: String(repeating: "0", count: 64))
}
