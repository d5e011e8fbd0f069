/// Where a sign-in stands. A session exists from the password step on; until it is `authenticated` it
/// may call only what its status allows (CONTRACT.md).
public enum SignInStatus: String, Sendable, Codable, CaseIterable {
    case secondFactorRequired = "second_factor_required"
    case emailVerificationRequired = "email_verification_required"
    case consentRequired = "consent_required"
    case twoFactorSetupRequired = "two_factor_setup_required"
    case authenticated

    /// The step a session at this status must complete next, or nil once authenticated.
    public var pendingStep: SignInStep? {
        switch self {
        case .secondFactorRequired: .secondFactor
        case .emailVerificationRequired: .emailVerification
        case .consentRequired: .consent
        case .twoFactorSetupRequired: .twoFactorEnrolment
        case .authenticated: nil
        }
    }

    /// The error code a pending session gets from a route its status does not allow.
    public var errorCode: ErrorCode {
        switch self {
        case .secondFactorRequired: .secondFactorRequired
        case .emailVerificationRequired: .emailVerificationRequired
        case .consentRequired: .consentRequired
        case .twoFactorSetupRequired: .twoFactorSetupRequired
        case .authenticated: .forbidden
        }
    }
}

/// The steps of a sign-in, in the order they are taken.
public enum SignInStep: String, Sendable, CaseIterable, Comparable {
    case password
    case secondFactor = "second_factor"
    case emailVerification = "email_verification"
    case consent
    case twoFactorEnrolment = "two_factor_enrolment"

    public var status: SignInStatus? {
        switch self {
        case .password: nil
        case .secondFactor: .secondFactorRequired
        case .emailVerification: .emailVerificationRequired
        case .consent: .consentRequired
        case .twoFactorEnrolment: .twoFactorSetupRequired
        }
    }

    public static func < (lhs: SignInStep, rhs: SignInStep) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// What is true of the account and the configuration when a step completes; decides which later steps apply.
public struct SignInFacts: Sendable, Equatable {
    /// The account has an active authenticator (TOTP).
    public var twoFactorEnrolled: Bool
    public var emailVerified: Bool
    /// The account accepted the currently configured consent version (always true when consent is not asked).
    public var consentCurrent: Bool
    /// Policy `two_factor: required`.
    public var twoFactorRequired: Bool
    /// This sign-in passed the second-factor slot (right after the password) without the authenticator
    /// that is active now: one was turned on (or replaced) after the sign-in began, e.g. by the owner
    /// from another sign-in while this one waited at consent. It must give a code before going on, so
    /// a password alone never ends up signed in.
    public var secondFactorOwed: Bool

    public init(twoFactorEnrolled: Bool, emailVerified: Bool, consentCurrent: Bool, twoFactorRequired: Bool, secondFactorOwed: Bool = false) {
        self.twoFactorEnrolled = twoFactorEnrolled
        self.emailVerified = emailVerified
        self.consentCurrent = consentCurrent
        self.twoFactorRequired = twoFactorRequired
        self.secondFactorOwed = secondFactorOwed
    }

    func applies(_ step: SignInStep) -> Bool {
        switch step {
        case .password: true
        case .secondFactor: twoFactorEnrolled
        case .emailVerification: !emailVerified
        case .consent: !consentCurrent
        case .twoFactorEnrolment: twoFactorRequired && !twoFactorEnrolled
        }
    }
}

extension SessionRecord {
    /// Refuses a session that is not at `status`: a pending one with its own status as the code (it
    /// must finish that step first), a signed-in one with `forbidden` (the step is done).
    public func require(_ status: SignInStatus) throws {
        guard session.status != status else { return }
        throw GatehouseError(session.status == .authenticated ? .forbidden : session.status.errorCode)
    }
}
