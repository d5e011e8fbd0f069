/// The sign-in as a pure state machine: events in, actions out; the caller performs the actions (create
/// or rotate the session, count a failure, revoke). Steps run in CONTRACT.md's order, each only when it
/// applies: password → second factor → email verification → consent → two-factor enrolment → authenticated.
public struct SignInStateMachine: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        /// No password accepted yet.
        case awaitingPassword
        case pending(SignInStatus)
        case authenticated
        /// The session was ended (declined consent, logout) or the sign-in failed; nothing more happens.
        case ended
    }

    public enum Event: Sendable, Equatable {
        case passwordAccepted(SignInFacts)
        /// Wrong password, or a correct one for a locked or disabled account.
        case passwordRejected(countsTowardLockout: Bool)
        case stepCompleted(SignInStep, SignInFacts)
        /// A wrong TOTP code, backup code or recovery attempt.
        case stepFailed(SignInStep)
        /// `accept: false` at consent, or logout.
        case abandoned
    }

    public enum Action: Sendable, Equatable {
        /// Create a session at this status with a new token; `authenticated` also resets the failure count.
        case startSession(SignInStatus)
        /// Replace the session's token and move it to this status; `authenticated` also resets the failure count.
        case advanceSession(SignInStatus)
        /// Count one failure toward the lockout (the session, if any, stays where it is).
        case countFailure
        /// Refuse without counting.
        case refuse
        case revokeSession
        /// The event does not fit the current state (e.g. a second-factor code for a session awaiting consent).
        case notAllowed
    }

    public private(set) var state: State

    public init(state: State = .awaitingPassword) {
        self.state = state
    }

    /// A machine resumed from a stored session.
    public init(status: SignInStatus) {
        self.state = status == .authenticated ? .authenticated : .pending(status)
    }

    /// The first step after `completed` that applies, as a status. A sign-in that owes the second
    /// factor (an authenticator turned on after it passed that slot) goes back to it from any later step.
    public static func status(after completed: SignInStep, _ facts: SignInFacts) -> SignInStatus {
        if facts.secondFactorOwed, facts.twoFactorEnrolled, completed != .password, completed != .secondFactor, completed != .twoFactorEnrolment {
            return .secondFactorRequired
        }
        for step in SignInStep.allCases where step > completed && facts.applies(step) {
            if let status = step.status { return status }
        }
        return .authenticated
    }

    public mutating func handle(_ event: Event) -> Action {
        switch (state, event) {
        case (.awaitingPassword, .passwordAccepted(let facts)):
            let next = Self.status(after: .password, facts)
            state = next == .authenticated ? .authenticated : .pending(next)
            return .startSession(next)

        case (.awaitingPassword, .passwordRejected(let counts)):
            state = .ended
            return counts ? .countFailure : .refuse

        case (.pending(let status), .stepCompleted(let step, let facts)):
            guard status.pendingStep == step else { return .notAllowed }
            let next = Self.status(after: step, facts)
            state = next == .authenticated ? .authenticated : .pending(next)
            return .advanceSession(next)

        case (.pending(let status), .stepFailed(let step)):
            guard status.pendingStep == step else { return .notAllowed }
            return .countFailure

        case (.pending, .abandoned), (.authenticated, .abandoned):
            state = .ended
            return .revokeSession

        default:
            return .notAllowed
        }
    }
}
