import Foundation
import GatehouseApp
import GatehouseCore
import GatehousePasswordHashing
import GatehouseHTTP
import GatehouseStorage
import GatehouseTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TOTP

/// Migration 9 moved second factors from columns on `accounts` to rows of `credentials`. A database
/// written by the migrations before it, with enrolled people in it, must keep working.
@Suite("Upgrade to credentials as records")
struct CredentialUpgradeTests {
    struct Enrolled {
        var id: String
        var username: String
        var secret: TOTPSecret
        var backupCode: String?
    }

    /// Writes an account as schema 8 stored it: the authenticator, its last step and the backup code
    /// in `accounts` columns (`pending`: only a setup that was never confirmed).
    func insertSchema8Account(_ username: String, pending: Bool = false, consent: String, now: Date, at location: DatabaseLocation) async throws -> Enrolled {
        let id = UUID().uuidString.lowercased()
        let keys = IdentifierNormalizer.usernameKeys(display: username, normalized: username)
        let passwordHash = try await Argon2PasswordHasher.forTests().hash("correct horse battery")
        let secret = try TOTPSecret.generate { SystemRandomSource().bytes($0) }
        let box = SecretBox(keys: TestStores.keys, random: SystemRandomSource())
        let millis = Int64(now.timeIntervalSince1970 * 1000)
        // The step accepted last is a few minutes old, so the current code is new.
        let lastStep = Int64(now.timeIntervalSince1970) / 30 - 10
        let backupCode = BackupCode.generate(SystemRandomSource())
        let backupHash = BackupCode.hash(try #require(BackupCode.normalize(backupCode)), account: AccountID(rawValue: id), keys: TestStores.keys)
        let factors = pending
            ? "NULL, NULL, NULL, '\(try box.seal(secret.bytes, context: id + "|setup|old-session"))', \(millis), NULL"
            : "'\(try box.seal(secret.bytes, context: id))', \(millis - 86_400_000), \(lastStep), NULL, NULL, '\(backupHash)'"
        try await TestStores.executeDirectly("""
            INSERT INTO accounts (id, username, username_normalized, username_key, username_case_key, username_upper_key, email, email_normalized,
                email_verified_at, password_hash, status, roles, preferred_language, failed_attempts, created_at, updated_at,
                totp_secret, totp_enabled_at, totp_last_step, totp_pending_secret, totp_pending_at, backup_code_hash,
                consent_version, consent_accepted_at)
            VALUES ('\(id)', '\(username)', '\(username)', '\(keys.key)', '\(keys.caseKey)', '\(keys.upperKey)', '\(username)@example.com',
                '\(username)@example.com', \(millis), '\(passwordHash)', 'active', '', 'en', 0, \(millis), \(millis),
                \(factors), '\(consent)', \(millis))
            """, at: location)
        return Enrolled(id: id, username: username, secret: secret, backupCode: pending ? nil : backupCode)
    }

    func signIn(_ client: any TestClientProtocol, _ username: String) async throws -> (status: String, token: String) {
        let response = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders, body: loginBody(username, "correct horse battery"))
        #expect(response.status == .ok, "\(String(buffer: response.body))")
        let answer = json(response)
        return (answer["status"] as? String ?? "", answer["token"] as? String ?? "")
    }

    func secondStep(_ client: any TestClientProtocol, _ token: String, _ fields: [String: Any]) async throws -> [String: Any] {
        let response = try await client.execute(uri: "/api/v1/auth/login/second-factor", method: .post, headers: bearer(token), body: body(fields))
        #expect(response.status == .ok, "\(String(buffer: response.body))")
        return json(response)
    }

    @Test("people enrolled before migration 9 sign in with their TOTP code and with their backup code afterwards; a setup never confirmed stays pending",
          arguments: StoreBackend.allCases)
    func enrolledPeopleSignInAfterUpgrade(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend, migrate: false) { store, location in
            #expect(try await store.migrate(through: 8) == Array(1...8))
            let app = try await TestApp.make(store, environment: TwoFactorAPITests.environment)
            let now = app.clock.now()
            let anna = try await insertSchema8Account("anna", consent: app.settings.consentVersion, now: now, at: location)
            let boris = try await insertSchema8Account("boris", consent: app.settings.consentVersion, now: now, at: location)
            let vera = try await insertSchema8Account("vera", pending: true, consent: app.settings.consentVersion, now: now, at: location)

            #expect(try await store.migrate() == Array(9...19))

            // What the rows became.
            let annaRows = try await store.transaction { try await $0.credentials.credentials(accountID: AccountID(rawValue: anna.id)) }
            #expect(Set(annaRows.map { "\($0.kind.rawValue):\($0.state.rawValue)" }) == ["totp:active", "backup_code:active"])
            let veraRows = try await store.transaction { try await $0.credentials.credentials(accountID: AccountID(rawValue: vera.id)) }
            #expect(veraRows.map { "\($0.kind.rawValue):\($0.state.rawValue)" } == ["totp:pending"])
            let veraAccount = try #require(try await store.accounts.account(id: AccountID(rawValue: vera.id)))
            #expect(!veraAccount.twoFactor.isEnabled && veraAccount.twoFactor.pendingSecret != nil)

            try await Application(router: app.routes().router).test(.router) { client in
                // Anna: password, then the current code of her authenticator.
                let first = try await signIn(client, anna.username)
                #expect(first.status == "second_factor_required")
                let code = try TOTP(secret: anna.secret).code(at: app.clock.now())
                let signedIn = try await secondStep(client, first.token, ["code": code])
                #expect(signedIn["status"] as? String == "authenticated")
                // The step was used up in `credentials`: the same code again is refused.
                let again = try await signIn(client, anna.username)
                let replay = try await client.execute(uri: "/api/v1/auth/login/second-factor", method: .post, headers: bearer(again.token),
                                                      body: body(["code": code]))
                #expect(replay.status == .unauthorized)

                // Boris: password, then the backup code written before the upgrade; he gets a new one.
                let second = try await signIn(client, boris.username)
                #expect(second.status == "second_factor_required")
                let recovered = try await secondStep(client, second.token, ["backup_code": try #require(boris.backupCode)])
                #expect(recovered["status"] as? String == "authenticated")
                let fresh = try #require(recovered["backup_code"] as? String ?? recovered["new_backup_code"] as? String)
                #expect(fresh != boris.backupCode)
                // And the old code is gone, the new one works.
                let third = try await signIn(client, boris.username)
                let old = try await client.execute(uri: "/api/v1/auth/login/second-factor", method: .post, headers: bearer(third.token),
                                                   body: body(["backup_code": try #require(boris.backupCode)]))
                #expect(old.status == .unauthorized)
                let fourth = try await signIn(client, boris.username)
                #expect(try await secondStep(client, fourth.token, ["backup_code": fresh])["status"] as? String == "authenticated")
            }
        }
    }
}
