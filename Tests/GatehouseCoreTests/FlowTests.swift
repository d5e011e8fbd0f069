import Foundation
import GatehouseCore
import GatehouseTestSupport
import Testing

/// Two-factor, self-service, consent and session management through Core alone: a real SQLite store,
/// a clock the test moves and seeded randomness; no HTTP.
@Suite("Flows without HTTP")
struct FlowTests {
    func expectError(_ code: ErrorCode, _ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async {
        do {
            try await body()
            Issue.record("no error, expected \(code.rawValue)", sourceLocation: sourceLocation)
        } catch let error as GatehouseError {
            #expect(error.code == code, sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    // MARK: - Two-factor

    @Test("enrolment at sign-in: the same secret on reload, a wrong code refused, the first right code signs in with a backup code; the setup mail goes out once")
    func enrolment() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let flow = try await FlowFixture.make(store)
            try await flow.createAccount("anna")
            let pending = try await flow.login("anna")
            #expect(pending.session.status == .twoFactorSetupRequired)
            let setup = try await flow.twoFactor.beginEnrolment(record: try await flow.record(pending), request: flow.request)
            let again = try await flow.twoFactor.beginEnrolment(record: try await flow.record(pending), request: flow.request)
            #expect(again.secret == setup.secret, "a reload shows what was scanned")
            #expect(setup.otpauthURI.hasPrefix("otpauth://totp/Gatehouse:anna?secret=\(setup.secret)"))
            #expect(try await flow.takeQueuedMail().map(\.kind) == [.twoFactorSetup])

            await expectError(.secondFactorInvalid) {
                _ = try await flow.twoFactor.confirmEnrolment(code: try flow.code(setup.secret, offset: 600), record: try await flow.record(pending),
                                                              request: flow.request)
            }
            let outcome = try await flow.twoFactor.confirmEnrolment(code: try flow.code(setup.secret), record: try await flow.record(pending),
                                                                    request: flow.request)
            #expect(outcome.result.session.status == .authenticated)
            #expect(BackupCode.normalize(outcome.backupCode) != nil)
            #expect(try await flow.signIn.authenticate(token: pending.token) == .none, "the pending token is replaced")
            let rows = try await store.transaction { try await $0.credentials.credentials(accountID: outcome.result.account.id) }
            #expect(Set(rows.map(\.kind)) == [.totp, .backupCode] && rows.allSatisfy { $0.state == .active })
        }
    }

    @Test("the second step: a code signs in once (a replay is refused and counted), a backup code signs in and is replaced, recovery turns the authenticator off")
    func secondStepAndRecovery() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let flow = try await FlowFixture.make(store)
            try await flow.createAccount("boris")
            let enrolled = try await flow.enrol("boris")
            _ = try await flow.takeQueuedMail()
            flow.clock.advance(by: .seconds(30))

            let first = try await flow.login("boris")
            #expect(first.session.status == .secondFactorRequired)
            let code = try flow.code(enrolled.secret)
            let signedIn = try await flow.twoFactor.secondFactor(code: code, backupCode: nil, record: try await flow.record(first), request: flow.request)
            #expect(signedIn.result.session.status == .authenticated && signedIn.newBackupCode == nil)

            let second = try await flow.login("boris")
            await expectError(.secondFactorInvalid) {
                _ = try await flow.twoFactor.secondFactor(code: code, backupCode: nil, record: try await flow.record(second), request: flow.request)
            }
            #expect(try await store.accounts.account(login: "boris")?.failedAttempts == 1, "a wrong code counts toward the lockout")
            #expect(try await flow.takeQueuedMail().map(\.kind) == [.failedSignIn])

            let withBackup = try await flow.twoFactor.secondFactor(code: nil, backupCode: enrolled.backupCode, record: try await flow.record(second),
                                                                   request: flow.request)
            let fresh = try #require(withBackup.newBackupCode)
            #expect(fresh != enrolled.backupCode)
            #expect(try await flow.takeQueuedMail().map(\.kind).contains(.backupCodeUsed))

            let third = try await flow.login("boris")
            await expectError(.backupCodeInvalid) {
                _ = try await flow.twoFactor.recover(backupCode: enrolled.backupCode, record: try await flow.record(third), request: flow.request)
            }
            let recovered = try await flow.twoFactor.recover(backupCode: fresh, record: try await flow.record(third), request: flow.request)
            #expect(recovered.session.status == .twoFactorSetupRequired, "under policy required, enrolment follows")
            #expect(try await store.accounts.account(login: "boris")?.twoFactor.isEnabled == false)
        }
    }

    @Test("the account's own authenticator: recent password needed, a new device replaces the old, a new backup code, checking a code, turning off only under optional")
    func accountChanges() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let flow = try await FlowFixture.make(store, twoFactorRequired: false)
            try await flow.createAccount("cleo")
            let signedIn = try await flow.login("cleo")
            #expect(signedIn.session.status == .authenticated)
            flow.clock.advance(by: .seconds(301))
            await expectError(.reauthenticationRequired) {
                _ = try await flow.twoFactor.beginChange(code: nil, record: try await flow.record(signedIn), request: flow.request)
            }
            try await flow.selfService.reauthenticate(password: "correct horse battery", by: try await flow.record(signedIn), request: flow.request)
            let setup = try await flow.twoFactor.beginChange(code: nil, record: try await flow.record(signedIn), request: flow.request)
            #expect(try await flow.twoFactor.pendingSetup(record: try await flow.record(signedIn))?.secret == setup.secret)
            let backup = try await flow.twoFactor.confirmChange(code: try flow.code(setup.secret), record: try await flow.record(signedIn),
                                                                request: flow.request)
            #expect(BackupCode.normalize(backup) != nil)
            #expect(try await flow.takeQueuedMail().map(\.kind).contains(.twoFactorEnabled))

            flow.clock.advance(by: .seconds(30))
            #expect(try await flow.twoFactor.check(code: try flow.code(setup.secret), record: try await flow.record(signedIn)))
            #expect(try await flow.twoFactor.check(code: "000000", record: try await flow.record(signedIn)) == false
                    || flow.code(setup.secret) == "000000")
            // A new device: the current code is needed and used up.
            let replacement = try await flow.twoFactor.beginChange(code: try flow.code(setup.secret), record: try await flow.record(signedIn),
                                                                   request: flow.request)
            #expect(replacement.secret != setup.secret)
            _ = try await flow.twoFactor.confirmChange(code: try flow.code(replacement.secret), record: try await flow.record(signedIn), request: flow.request)
            flow.clock.advance(by: .seconds(30))
            let regenerated = try await flow.twoFactor.regenerateBackupCode(code: try flow.code(replacement.secret), record: try await flow.record(signedIn),
                                                                            request: flow.request)
            #expect(regenerated != backup)
            flow.clock.advance(by: .seconds(30))
            try await flow.twoFactor.disable(code: try flow.code(replacement.secret), record: try await flow.record(signedIn), request: flow.request)
            #expect(try await store.accounts.account(login: "cleo")?.twoFactor == TwoFactorState())
        }
    }

    // MARK: - Self-service

    @Test("password reset: the request queues a job, the job mails a link, the link sets the password once and ends every session")
    func passwordReset() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let flow = try await FlowFixture.make(store, twoFactorRequired: false)
            try await flow.createAccount("dana")
            let before = try await flow.login("dana")
            try await flow.selfService.requestPasswordReset(email: "DANA@example.com", request: flow.request)
            try await flow.selfService.requestPasswordReset(email: "nobody@example.com", request: flow.request)
            let jobs = try await flow.takeQueuedMail()
            #expect(jobs.map(\.kind) == [.passwordResetRequest, .passwordResetRequest], "the same work for a known and an unknown address")
            for job in jobs { try await flow.selfService.units.run { work in try await flow.selfService.runJob(job, in: work) } }
            let mails = try await flow.takeQueuedMail()
            #expect(mails.map(\.kind) == [.passwordReset] && mails.first?.to == "dana@example.com")
            let link = try #require(mails.first?.values["link"])
            let token = String(try #require(link.split(separator: "=").last))

            let outcome = try await flow.selfService.completePasswordReset(token: token, newPassword: "a brand new passphrase", reissueTwoFactor: false,
                                                                           request: flow.request)
            #expect(outcome.sessionsEnded == 1)
            #expect(try await flow.signIn.authenticate(token: before.token) == .none)
            await expectError(.tokenInvalidOrExpired) {
                _ = try await flow.selfService.completePasswordReset(token: token, newPassword: "another passphrase", reissueTwoFactor: false,
                                                                     request: flow.request)
            }
            #expect(try await flow.login("dana", password: "a brand new passphrase").session.status == .authenticated)
            await expectError(.invalidCredentials) { _ = try await flow.login("dana") }
        }
    }

    @Test("a password change keeps the current session, ends the others at once (cached checks included) and refuses a wrong current password")
    func passwordChange() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let flow = try await FlowFixture.make(store, twoFactorRequired: false)
            try await flow.createAccount("emil")
            let current = try await flow.login("emil")
            let other = try await flow.login("emil")
            guard case .valid = try await flow.signIn.authenticate(token: other.token, useCache: true) else { Issue.record("not valid"); return }
            await expectError(.invalidCredentials) {
                try await flow.selfService.changePassword(current: "wrong", new: "a brand new passphrase", by: try await flow.record(current),
                                                          request: flow.request)
            }
            try await flow.selfService.changePassword(current: "correct horse battery", new: "a brand new passphrase", by: try await flow.record(current),
                                                      request: flow.request)
            #expect(try await flow.signIn.authenticate(token: other.token, useCache: true) == .none)
            guard case .valid = try await flow.signIn.authenticate(token: current.token) else { Issue.record("the current session ended"); return }
        }
    }

    // MARK: - Consent

    @Test("consent: an outdated version is refused, declining ends the sign-in, accepting moves it on and stores the version")
    func consent() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let flow = try await FlowFixture.make(store, twoFactorRequired: false, consentVersion: "2026-12")
            try await flow.createAccount("fedor")
            let declined = try await flow.login("fedor")
            #expect(declined.session.status == .consentRequired)
            await expectError(.validationFailed) {
                _ = try await flow.consent.answer(version: "2025-01", accept: true, record: try await flow.record(declined), request: flow.request)
            }
            #expect(try await flow.consent.answer(version: "2026-12", accept: false, record: try await flow.record(declined), request: flow.request) == nil)
            #expect(try await flow.signIn.authenticate(token: declined.token) == .none)

            let accepted = try await flow.login("fedor")
            let result = try #require(try await flow.consent.answer(version: "2026-12", accept: true, record: try await flow.record(accepted),
                                                                   request: flow.request))
            #expect(result.session.status == .authenticated)
            #expect(try await store.accounts.account(login: "fedor")?.consentVersion == "2026-12")
            #expect(try await flow.login("fedor").session.status == .authenticated, "not asked again for the same version")
        }
    }

    @Test("a sign-in waiting at consent when the owner turns an authenticator on elsewhere must give a code before it is signed in")
    func secondFactorOwed() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let flow = try await FlowFixture.make(store, twoFactorRequired: false, consentVersion: "1")
            try await flow.createAccount("gleb")
            let waiting = try await flow.login("gleb")
            #expect(waiting.session.status == .consentRequired)
            // The owner, signed in elsewhere, sets up an authenticator meanwhile.
            let owner = try await flow.login("gleb")
            let ownerSession = try #require(try await flow.consent.answer(version: "1", accept: true, record: try await flow.record(owner),
                                                                         request: flow.request))
            flow.clock.advance(by: .seconds(1))
            let setup = try await flow.twoFactor.beginChange(code: nil, record: try await flow.record(ownerSession), request: flow.request)
            _ = try await flow.twoFactor.confirmChange(code: try flow.code(setup.secret), record: try await flow.record(ownerSession), request: flow.request)
            // The waiting sign-in accepts consent: the state machine sends it back to the second factor.
            let next = try #require(try await flow.consent.answer(version: "1", accept: true, record: try await flow.record(waiting), request: flow.request))
            #expect(next.session.status == .secondFactorRequired)
        }
    }

    // MARK: - Sessions

    @Test("the account's sessions: pending sign-ins are not listed, another account's session id is unknown, revoke-others keeps the caller")
    func sessions() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let flow = try await FlowFixture.make(store, twoFactorRequired: false, consentVersion: "1")
            try await flow.createAccount("hana")
            try await flow.createAccount("ivan")
            let waiting = try await flow.login("hana")
            #expect(waiting.session.status == .consentRequired)
            let caller = try #require(try await flow.consent.answer(version: "1", accept: true, record: try await flow.record(try await flow.login("hana")),
                                                                   request: flow.request))
            let second = try await flow.login("hana")
            #expect(second.session.status == .authenticated)
            let stranger = try #require(try await flow.consent.answer(version: "1", accept: true, record: try await flow.record(try await flow.login("ivan")),
                                                                     request: flow.request))
            let listed = try await flow.sessions.list(for: caller.account.id).map(\.id)
            #expect(Set(listed) == [caller.session.id, second.session.id])
            await expectError(.notFound) {
                try await flow.sessions.revoke(stranger.session.id, by: try await flow.record(caller), request: flow.request)
            }
            #expect(try await flow.sessions.revokeOthers(by: try await flow.record(caller), request: flow.request) == 2)
            #expect(try await flow.signIn.authenticate(token: second.token) == .none)
            #expect(try await flow.signIn.authenticate(token: waiting.token) == .none)
            guard case .valid = try await flow.signIn.authenticate(token: stranger.token) else { Issue.record("another account's session ended"); return }
            guard case .valid = try await flow.signIn.authenticate(token: caller.token) else { Issue.record("the caller's session ended"); return }
        }
    }
}
