import GatehouseCore
import Testing

@Suite("Sign-in state machine")
struct SignInStateMachineTests {
    static func facts(enrolled: Bool = false, verified: Bool = true, consent: Bool = true, required: Bool = false) -> SignInFacts {
        SignInFacts(twoFactorEnrolled: enrolled, emailVerified: verified, consentCurrent: consent, twoFactorRequired: required)
    }

    /// Every combination of facts, with the status the password step must lead to.
    static let afterPassword: [(SignInFacts, SignInStatus)] = {
        var cases: [(SignInFacts, SignInStatus)] = []
        for enrolled in [false, true] {
            for verified in [false, true] {
                for consent in [false, true] {
                    for required in [false, true] {
                        let facts = facts(enrolled: enrolled, verified: verified, consent: consent, required: required)
                        let expected: SignInStatus =
                            enrolled ? .secondFactorRequired
                            : !verified ? .emailVerificationRequired
                            : !consent ? .consentRequired
                            : required ? .twoFactorSetupRequired
                            : .authenticated
                        cases.append((facts, expected))
                    }
                }
            }
        }
        return cases
    }()

    @Test("the password step leads to the first step that applies, in CONTRACT.md's order")
    func passwordStep() {
        for (facts, expected) in Self.afterPassword {
            var machine = SignInStateMachine()
            #expect(machine.handle(.passwordAccepted(facts)) == .startSession(expected), "\(facts)")
            #expect(machine.state == (expected == .authenticated ? .authenticated : .pending(expected)))
        }
    }

    @Test("each step moves on to the next that applies and finally to authenticated")
    func fullPath() {
        var machine = SignInStateMachine()
        var facts = Self.facts(enrolled: true, verified: false, consent: false, required: true)
        #expect(machine.handle(.passwordAccepted(facts)) == .startSession(.secondFactorRequired))
        #expect(machine.handle(.stepCompleted(.secondFactor, facts)) == .advanceSession(.emailVerificationRequired))
        facts.emailVerified = true
        #expect(machine.handle(.stepCompleted(.emailVerification, facts)) == .advanceSession(.consentRequired))
        facts.consentCurrent = true
        #expect(machine.handle(.stepCompleted(.consent, facts)) == .advanceSession(.authenticated))
        #expect(machine.state == .authenticated)
    }

    @Test("recovery turns the second factor off, so a required policy leads to enrolment")
    func recoveryLeadsToEnrolment() {
        var machine = SignInStateMachine(status: .secondFactorRequired)
        let afterRecovery = Self.facts(enrolled: false, required: true)
        #expect(machine.handle(.stepCompleted(.secondFactor, afterRecovery)) == .advanceSession(.twoFactorSetupRequired))
        #expect(machine.handle(.stepCompleted(.twoFactorEnrolment, Self.facts(enrolled: true, required: true))) == .advanceSession(.authenticated))
    }

    @Test("a step can only be completed or failed at its own status", arguments: SignInStatus.allCases)
    func onlyOwnStep(status: SignInStatus) {
        for step in SignInStep.allCases {
            var machine = SignInStateMachine(status: status)
            let completed = machine.handle(.stepCompleted(step, Self.facts()))
            var failing = SignInStateMachine(status: status)
            let failed = failing.handle(.stepFailed(step))
            if status.pendingStep == step {
                #expect(completed != .notAllowed)
                #expect(failed == .countFailure)
            } else {
                #expect(completed == .notAllowed, "\(step) completed at \(status)")
                #expect(failed == .notAllowed, "\(step) failed at \(status)")
                #expect(machine.state == SignInStateMachine(status: status).state, "state must not change")
            }
        }
    }

    @Test("a rejected password counts toward the lockout only when it was wrong")
    func rejectedPassword() {
        var wrong = SignInStateMachine()
        #expect(wrong.handle(.passwordRejected(countsTowardLockout: true)) == .countFailure)
        var locked = SignInStateMachine()
        #expect(locked.handle(.passwordRejected(countsTowardLockout: false)) == .refuse)
        #expect(locked.state == .ended)
        #expect(locked.handle(.passwordAccepted(Self.facts())) == .notAllowed)
    }

    @Test("abandoning a sign-in revokes the session; nothing happens after the end")
    func abandoned() {
        var machine = SignInStateMachine(status: .consentRequired)
        #expect(machine.handle(.abandoned) == .revokeSession)
        #expect(machine.state == .ended)
        #expect(machine.handle(.stepCompleted(.consent, Self.facts())) == .notAllowed)
    }

    @Test("a signed-in session accepts no sign-in step and no second password")
    func authenticatedIsFinal() {
        for step in SignInStep.allCases {
            var machine = SignInStateMachine(status: .authenticated)
            #expect(machine.handle(.stepCompleted(step, Self.facts())) == .notAllowed)
        }
        var machine = SignInStateMachine(status: .authenticated)
        #expect(machine.handle(.passwordAccepted(Self.facts())) == .notAllowed)
    }

    @Test("a sign-in that owes the second factor (an authenticator turned on after it passed that slot) goes back to it from email verification and consent, not from the second factor itself")
    func secondFactorOwed() {
        var owed = Self.facts(enrolled: true, verified: true, consent: true)
        owed.secondFactorOwed = true
        for status in [SignInStatus.emailVerificationRequired, .consentRequired] {
            var machine = SignInStateMachine(status: status)
            #expect(machine.handle(.stepCompleted(try! #require(status.pendingStep), owed)) == .advanceSession(.secondFactorRequired), "\(status)")
        }
        var atSecondFactor = SignInStateMachine(status: .secondFactorRequired)
        #expect(atSecondFactor.handle(.stepCompleted(.secondFactor, owed)) == .advanceSession(.authenticated))
        // Owing nothing when no authenticator counts (a reissue that came due).
        var none = owed
        none.twoFactorEnrolled = false
        var machine = SignInStateMachine(status: .consentRequired)
        #expect(machine.handle(.stepCompleted(.consent, none)) == .advanceSession(.authenticated))
    }
}
