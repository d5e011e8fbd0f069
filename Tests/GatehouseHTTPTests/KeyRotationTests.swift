import Foundation
import GatehouseCore
@testable import GatehouseHTTP
import GatehouseTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TOTP

/// Rotating the server's secret key: what the old key sealed, hashed and signed still works under a
/// ring that keeps it as a fallback, new things are written under the new key, and `reseal` frees the
/// TOTP secrets and queued mail from the old key.
@Suite("Secret key rotation")
struct KeyRotationTests {
    static let oldKey = KeyRing(secretKey: Array(repeating: 0x11, count: 32))
    static let rotated = KeyRing(secretKey: Array(repeating: 0x22, count: 32), fallbacks: [Array(repeating: 0x11, count: 32)])
    static let newOnly = KeyRing(secretKey: Array(repeating: 0x22, count: 32))
    static let environment = [
        "GATEHOUSE_TWO_FACTOR": "required", "GATEHOUSE_PUBLIC_URL": "https://id.example.org",
        "GATEHOUSE_RATE_LIMIT_SECOND_FACTOR_PER_IP": "1000/60", "GATEHOUSE_RATE_LIMIT_SECOND_FACTOR_PER_ACCOUNT": "1000/60",
    ]

    func post(_ client: any TestClientProtocol, _ path: String, _ object: [String: Any] = [:], token: String? = nil) async throws -> TestResponse {
        try await client.execute(uri: path, method: .post, headers: token.map(bearer) ?? jsonHeaders, body: body(object))
    }

    func login(_ client: any TestClientProtocol) async throws -> (status: String, token: String) {
        let answer = json(try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders, body: loginBody("rota", "correct horse battery")))
        return (answer["status"] as? String ?? "", answer["token"] as? String ?? "")
    }

    func code(_ secret: String, at date: Date) throws -> String {
        try TOTP(secret: TOTPSecret(base32: secret)).code(at: date)
    }

    @Test("after a rotation the TOTP secret, backup code, known devices, queued mail, CSRF tokens and audit chain of the old key still work; reseal moves the sealed data to the new key",
          arguments: StoreBackend.allCases)
    func rotation(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            // Under the old key: enrolment (TOTP secret, backup code, a known device), mail queued, audit records.
            let before = try await TestApp.make(store, environment: Self.environment, keys: Self.oldKey)
            try await before.createAccount("rota")
            let (secret, backup) = try await Application(router: before.routes().router).test(.router) { (client: any TestClientProtocol) async throws -> (String, String) in
                let (status, token) = try await login(client)
                #expect(status == "two_factor_setup_required")
                let setup = json(try await post(client, "/api/v1/auth/two-factor/setup", token: token))
                let secret = try #require(setup["secret"] as? String)
                let confirmed = json(try await post(client, "/api/v1/auth/two-factor/confirm", ["code": try code(secret, at: before.clock.now())], token: token))
                #expect(confirmed["status"] as? String == "authenticated")
                return (secret, try #require(confirmed["backup_code"] as? String))
            }
            let oldID = Self.oldKey.currentID, newID = Self.newOnly.currentID
            #expect(oldID != newID && oldID.count == 12)
            // A ring without fallbacks writes the forms from before key ids (every version reads them);
            // audit records always name their key.
            let usage = try await store.sealedData.keyUsage()
            #expect(usage.sealed[.totpSecret] == ["v1": 1], "\(usage)")
            #expect(usage.backupCodes == ["v1": 1], "\(usage)")
            #expect((usage.sealed[.queuedMail]?["v1"] ?? 0) > 0, "\(usage)")
            #expect(usage.auditRecords.keys.allSatisfy { $0 == oldID }, "\(usage)")
            let oldCSRF = CSRFMiddleware.token(for: SessionID(rawValue: "s1"), keys: Self.oldKey)

            // The server restarts with the new key current and the old one as a fallback.
            let after = try await TestApp.make(store, environment: Self.environment, keys: Self.rotated)
            after.clock.advance(by: .seconds(60))
            #expect(CSRFMiddleware.isValid(oldCSRF, for: SessionID(rawValue: "s1"), keys: Self.rotated))
            #expect(!CSRFMiddleware.isValid(oldCSRF, for: SessionID(rawValue: "s1"), keys: Self.newOnly))
            #expect(!CSRFMiddleware.isValid(oldCSRF, for: SessionID(rawValue: "s2"), keys: Self.rotated))
            let queued = usage.sealed[.queuedMail]?["v1"] ?? 0
            #expect(try await after.deliverMail().count == queued, "every mail sealed under the old key is delivered")
            #expect(try await store.outbox.backlog().count == 0)
            try await Application(router: after.routes().router).test(.router) { client in
                let (status, pending) = try await login(client)
                #expect(status == "second_factor_required")
                let signedIn = try await post(client, "/api/v1/auth/login/second-factor", ["code": try code(secret, at: after.clock.now())], token: pending)
                #expect(signedIn.status == .ok, "the TOTP secret sealed under the old key opens: \(String(buffer: signedIn.body))")
                let (_, pending2) = try await login(client)
                let byBackup = try await post(client, "/api/v1/auth/login/second-factor", ["backup_code": backup], token: pending2)
                #expect(byBackup.status == .ok, "the backup code hashed under the old key is accepted: \(String(buffer: byBackup.body))")
                #expect(json(byBackup)["new_backup_code"] is String)
            }
            // The device seen under the old key is known: no new-sign-in alert.
            #expect(!(try await after.deliverMail()).map(\.gatehouseKind).contains("new_sign_in"))

            // The chain holds records of both keys and verifies with the ring, not without the old key.
            let records = try await store.auditLog.records(after: 0, limit: 1000)
            #expect(Set(records.map(\.keyID)) == [oldID, newID])
            #expect(try await AuditTrail(keys: Self.rotated, clock: after.clock, random: SystemRandomSource()).verify(store).problem == nil)
            let withoutOld = try await AuditTrail(keys: Self.newOnly, clock: after.clock, random: SystemRandomSource()).verify(store).problem
            #expect(withoutOld == .unknownKey(sequence: 1, keyID: oldID))
            // A checkpoint signed under the old key is still genuine; one under an unrelated key is not.
            let head = try await store.auditLog.head()
            let anchor = AuditCheckpointSigner(keys: Self.oldKey).sign(head, at: after.clock.now())
            #expect(AuditCheckpointSigner(keys: Self.rotated).isGenuine(anchor))
            #expect(!AuditCheckpointSigner(keys: Self.newOnly).isGenuine(anchor))

            // Reseal: the TOTP secret moves to the new key, and the old key is no longer needed to sign in.
            let outcome = try await KeyRotation(store: store, keys: Self.rotated).reseal()
            #expect(outcome.resealed[.totpSecret] == 1 && outcome.unreadable.isEmpty, "\(outcome)")
            let resealedUsage = try await store.sealedData.keyUsage()
            #expect(resealedUsage.sealed[.totpSecret] == [newID: 1])
            #expect(resealedUsage.backupCodes == [newID: 1], "the backup code used after the rotation was stored under the new key")
            #expect(try await KeyRotation(store: store, keys: Self.rotated).reseal().resealed.isEmpty, "nothing left to reseal")
            // Reseal retired the old key in the audit log: the log still verifies, but a record written
            // with the old key from now on (someone holding a leaked copy of it) is refused.
            let rotatedTrail = AuditTrail(keys: Self.rotated, clock: after.clock, random: SystemRandomSource())
            #expect(try await rotatedTrail.verify(store).problem == nil)
            let retiredAt = try #require(try await store.auditLog.records(after: 0, limit: 1000).last { $0.type == .keysRetired })
            #expect(retiredAt.keyID == newID && retiredAt.details.contains(oldID))
            try await UnitOfWork(store: store, trail: AuditTrail(keys: Self.oldKey, clock: after.clock, random: SystemRandomSource()), cache: nil, outbox: nil).run { work in
                work.record(AuditEvent(.loginSucceeded, subject: AccountID(rawValue: "forged")))
            }
            let forged = try await store.auditLog.head().sequence
            #expect(try await rotatedTrail.verify(store).problem == .retiredKey(sequence: forged, keyID: oldID))
            let later = try await TestApp.make(store, environment: Self.environment, keys: Self.newOnly)
            later.clock.advance(by: .seconds(120))
            try await Application(router: later.routes().router).test(.router) { client in
                let (_, pending) = try await login(client)
                let signedIn = try await post(client, "/api/v1/auth/login/second-factor", ["code": try code(secret, at: later.clock.now())], token: pending)
                #expect(signedIn.status == .ok, "\(String(buffer: signedIn.body))")
            }
        }
    }
}
