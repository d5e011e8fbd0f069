import Foundation

public struct AccountID: Hashable, Sendable, Codable, CustomStringConvertible, LosslessStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init?(_ description: String) {
        guard UUID(uuidString: description) != nil else { return nil }
        self.rawValue = description.lowercased()
    }

    public var description: String { rawValue }
}

public enum AccountStatus: String, Sendable, Codable, CaseIterable {
    case active
    case disabled
}

public enum Language: String, Sendable, Codable, CaseIterable {
    case en
    case ru

    /// The language for an `Accept-Language`-like list or a stored preference, falling back to English.
    public init(preferring candidates: some Sequence<String>) {
        for candidate in candidates {
            let primary = candidate.lowercased().split(separator: "-").first.map(String.init) ?? ""
            if let language = Language(rawValue: primary) { self = language; return }
        }
        self = .en
    }
}

/// A role an account holds. Free-form names are allowed for the platform's own use; `admin` is the one
/// Gatehouse itself checks.
public struct Role: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let name: String
    public init(_ name: String) { self.name = name }
    public static let admin = Role("admin")
    /// Names a platform role may not have (`AccessModel.everyoneRole` and the organisation roles).
    public static let reserved: Set<String> = ["user", "member", "operator"]
    public var description: String { name }
    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.name < rhs.name }

    /// Role names are short lowercase ASCII words, so they fit into the `X-Gatehouse-Roles` header as-is.
    public static func validated(_ raw: String) throws(GatehouseError) -> Role {
        let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
        guard (1...32).contains(name.count),
              name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" })
        else { throw .validation("role", "invalid_role", detail: "role names are 1–32 characters of a-z, 0-9, _ and -") }
        // The role every account holds and the organisation roles are not platform roles: as one, they
        // would grant their permissions in every organisation.
        guard !Self.reserved.contains(name) else {
            throw .validation("role", "reserved_role", detail: "user, member and operator are not platform roles")
        }
        return Role(name)
    }
}

public struct Account: Sendable, Equatable, Identifiable {
    public var id: AccountID
    public var username: String
    public var usernameNormalized: String
    public var email: String
    public var emailNormalized: String
    public var emailVerifiedAt: Date?
    public var passwordHash: String
    public var status: AccountStatus
    public var roles: Set<Role>
    public var preferredLanguage: Language
    public var failedAttempts: Int
    public var lockedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
    /// A new address waiting for its verification link; the current `email` keeps working until then.
    public var pendingEmail: String?
    /// Set by a password reset with `reissue_two_factor`: the next sign-in enrols the authenticator again.
    public var twoFactorReissueRequestedAt: Date?
    /// When a waiting reissue was last cancelled (the owner signed in with a code, used the cancel link
    /// or button, reset or changed the password): for a while no reissue without the backup code.
    public var twoFactorReissueCancelledAt: Date?
    /// The authenticator (TOTP) and backup code.
    public var twoFactor: TwoFactorState
    /// The version of the personal-data agreement the person accepted last, and when.
    public var consentVersion: String?
    public var consentAcceptedAt: Date?
    /// The organisations the account belongs to: slug → role there (read with the account, so forward
    /// auth reports them from its one lookup).
    public var organizations: [String: OrgRole] = [:]
    /// When a sign-in last reached `authenticated` (nil: never).
    public var lastSignInAt: Date?

    public init(
        id: AccountID, username: String, usernameNormalized: String, email: String, emailNormalized: String,
        emailVerifiedAt: Date?, passwordHash: String, status: AccountStatus, roles: Set<Role>,
        preferredLanguage: Language, failedAttempts: Int, lockedAt: Date?, createdAt: Date, updatedAt: Date,
        pendingEmail: String? = nil, twoFactorReissueRequestedAt: Date? = nil, twoFactor: TwoFactorState = TwoFactorState(),
        consentVersion: String? = nil, consentAcceptedAt: Date? = nil
    ) {
        self.id = id
        self.username = username
        self.usernameNormalized = usernameNormalized
        self.email = email
        self.emailNormalized = emailNormalized
        self.emailVerifiedAt = emailVerifiedAt
        self.passwordHash = passwordHash
        self.status = status
        self.roles = roles
        self.preferredLanguage = preferredLanguage
        self.failedAttempts = failedAttempts
        self.lockedAt = lockedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.pendingEmail = pendingEmail
        self.twoFactorReissueRequestedAt = twoFactorReissueRequestedAt
        self.twoFactorReissueCancelledAt = nil
        self.twoFactor = twoFactor
        self.consentVersion = consentVersion
        self.consentAcceptedAt = consentAcceptedAt
    }

    public var isLocked: Bool { lockedAt != nil }
    public var isAdmin: Bool { roles.contains(.admin) }
}

/// An account's authenticator as stored: secrets sealed (`SecretBox`), the backup code as a keyed hash.
public struct TwoFactorState: Sendable, Equatable {
    /// The active TOTP secret, sealed; nil when two-factor authentication is off.
    public var secret: String?
    public var enabledAt: Date?
    /// The last accepted time step: that step and every earlier one are refused (no replay).
    public var lastStep: Int64?
    /// A secret shown at setup and not yet confirmed with a first code, sealed.
    public var pendingSecret: String?
    public var pendingAt: Date?
    /// HMAC-SHA256 of the one backup code (`BackupCode.hash`).
    public var backupCodeHash: String?

    public init(secret: String? = nil, enabledAt: Date? = nil, lastStep: Int64? = nil, pendingSecret: String? = nil,
                pendingAt: Date? = nil, backupCodeHash: String? = nil) {
        self.secret = secret
        self.enabledAt = enabledAt
        self.lastStep = lastStep
        self.pendingSecret = pendingSecret
        self.pendingAt = pendingAt
        self.backupCodeHash = backupCodeHash
    }

    public var isEnabled: Bool { secret != nil }
}

/// Everything needed to insert an account; identifiers are already normalised and the password hashed.
public struct NewAccount: Sendable, Equatable {
    public var id: AccountID
    public var username: String
    public var usernameNormalized: String
    public var email: String
    public var emailNormalized: String
    public var emailVerifiedAt: Date?
    public var passwordHash: String
    public var roles: Set<Role>
    public var preferredLanguage: Language
    public var createdAt: Date

    public init(
        id: AccountID, username: String, usernameNormalized: String, email: String, emailNormalized: String,
        emailVerifiedAt: Date?, passwordHash: String, roles: Set<Role>, preferredLanguage: Language, createdAt: Date
    ) {
        self.id = id
        self.username = username
        self.usernameNormalized = usernameNormalized
        self.email = email
        self.emailNormalized = emailNormalized
        self.emailVerifiedAt = emailVerifiedAt
        self.passwordHash = passwordHash
        self.roles = roles
        self.preferredLanguage = preferredLanguage
        self.createdAt = createdAt
    }
}
