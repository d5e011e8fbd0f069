import Foundation
import GatehouseCore
import GatehouseStorage
import GatehouseTestSupport
import Synchronization
import Testing

/// `CredentialStore` on a real SQLite file and a real PostgreSQL server: every method, and the races
/// that stop a code from being used twice.
@Suite("Store conformance: credentials")
struct CredentialStoreConformanceTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func account(_ store: any Store, _ username: String = "anna") async throws -> AccountID {
        try await TestStores.account(in: store, username, verified: true, at: now).id
    }

    func rows(_ store: any Store, _ id: AccountID) async throws -> [String] {
        try await store.transaction { try await $0.credentials.credentials(accountID: id) }.map { "\($0.kind.rawValue):\($0.state.rawValue)" }.sorted()
    }

    /// An account with an active TOTP (`secret`, last step 100) and the backup code `hash-1`.
    func enrolled(_ store: any Store, _ username: String = "anna") async throws -> AccountID {
        let id = try await account(store, username)
        try await store.transaction { tx in
            try await tx.credentials.setPendingTOTP(id, sealedSecret: "pending", at: now)
            #expect(try await tx.credentials.activateTOTP(id, pendingSecret: "pending", activeSecret: "secret", replacing: nil, step: 100,
                                                          backupCodeHash: "hash-1", at: now))
        }
        return id
    }

    /// Runs `body` 20 times at once, each in its own transaction; returns how many answered true.
    func race(_ store: any Store, _ body: @escaping @Sendable (any StoreTransaction, Int) async throws -> Bool) async throws -> Int {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<20 {
                group.addTask { try await store.transaction { tx in try await body(tx, index) } }
            }
            var successes = 0
            for try await won in group where won { successes += 1 }
            return successes
        }
    }

    @Test("a setup is pending until activated; activation makes the TOTP active with its step and the backup code, and clears a reissue",
          arguments: StoreBackend.allCases)
    func lifecycle(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let id = try await account(store)
            _ = try await store.accounts.setTwoFactorReissue(id, now, at: now)
            try await store.transaction { tx in try await tx.credentials.setPendingTOTP(id, sealedSecret: "first", at: now) }
            try await store.transaction { tx in try await tx.credentials.setPendingTOTP(id, sealedSecret: "second", at: now.addingTimeInterval(1)) }
            #expect(try await rows(store, id) == ["totp:pending"], "a new setup replaces the earlier one")
            var account = try #require(try await store.accounts.account(id: id))
            #expect(account.twoFactor.pendingSecret == "second" && account.twoFactor.pendingAt == now.addingTimeInterval(1))
            #expect(!account.twoFactor.isEnabled)

            // The replaced pending secret, or a wrong idea of the active one, activates nothing.
            #expect(try await store.transaction { try await $0.credentials.activateTOTP(
                id, pendingSecret: "first", activeSecret: "a", replacing: nil, step: 5, backupCodeHash: "h", at: now) } == false)
            #expect(try await store.transaction { try await $0.credentials.activateTOTP(
                id, pendingSecret: "second", activeSecret: "a", replacing: "not-active", step: 5, backupCodeHash: "h", at: now) } == false)
            #expect(try await store.transaction { try await $0.credentials.activateTOTP(
                id, pendingSecret: "second", activeSecret: "active-1", replacing: nil, step: 5, backupCodeHash: "hash-1", at: now) })
            #expect(try await rows(store, id) == ["backup_code:active", "totp:active"])
            account = try #require(try await store.accounts.account(id: id))
            #expect(account.twoFactor == TwoFactorState(secret: "active-1", enabledAt: now, lastStep: 5, backupCodeHash: "hash-1"))
            #expect(account.twoFactorReissueRequestedAt == nil)
            // Sessions see the same account, credentials included.
            let credentials = try await store.transaction { try await $0.credentials.credentials(accountID: id) }
            #expect(credentials.first { $0.kind == .totp }?.lastUsedAt == now)
            #expect(credentials.allSatisfy { $0.accountID == id && $0.createdAt == now })

            // Replacing the authenticator: a new setup, activated over the current one.
            try await store.transaction { tx in try await tx.credentials.setPendingTOTP(id, sealedSecret: "third", at: now) }
            #expect(try await store.transaction { try await $0.credentials.activateTOTP(
                id, pendingSecret: "third", activeSecret: "active-2", replacing: "active-1", step: 7, backupCodeHash: "hash-2", at: now) })
            account = try #require(try await store.accounts.account(id: id))
            #expect(account.twoFactor == TwoFactorState(secret: "active-2", enabledAt: now, lastStep: 7, backupCodeHash: "hash-2"))
            #expect(try await rows(store, id) == ["backup_code:active", "totp:active"])

            // Clearing a pending setup.
            try await store.transaction { tx in try await tx.credentials.setPendingTOTP(id, sealedSecret: "fourth", at: now) }
            try await store.transaction { tx in try await tx.credentials.setPendingTOTP(id, sealedSecret: nil, at: now) }
            #expect(try await rows(store, id) == ["backup_code:active", "totp:active"])
        }
    }

    @Test("steps are accepted only forward and only for the active secret; backup codes are swapped only from the current one",
          arguments: StoreBackend.allCases)
    func stepsAndBackupCodes(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let id = try await enrolled(store)
            func accept(_ secret: String, _ step: Int64) async throws -> Bool {
                try await store.transaction { try await $0.credentials.acceptTOTPStep(id, secret: secret, step: step, at: now) }
            }
            #expect(try await accept("secret", 100) == false, "the step of the activation is used")
            #expect(try await accept("secret", 101))
            #expect(try await accept("secret", 101) == false, "replay")
            #expect(try await accept("secret", 99) == false, "earlier step")
            #expect(try await accept("other", 200) == false, "not the active secret")
            #expect(try #require(try await store.accounts.account(id: id)).twoFactor.lastStep == 101)

            func replace(_ current: String, _ new: String) async throws -> Bool {
                try await store.transaction { try await $0.credentials.replaceBackupCode(id, current: current, with: new, at: now) }
            }
            #expect(try await replace("wrong", "hash-x") == false)
            #expect(try await replace("hash-1", "hash-2"))
            #expect(try await replace("hash-1", "hash-3") == false, "the old code is gone")
            #expect(try #require(try await store.accounts.account(id: id)).twoFactor.backupCodeHash == "hash-2")
            #expect(try await store.transaction { try await $0.credentials.setBackupCode(id, hash: "hash-4", at: now) })
            #expect(try #require(try await store.accounts.account(id: id)).twoFactor.backupCodeHash == "hash-4")

            // Without an active TOTP there is no backup code to set or swap.
            let other = try await account(store, "boris")
            #expect(try await store.transaction { try await $0.credentials.setBackupCode(other, hash: "hash-9", at: now) } == false)
            #expect(try await rows(store, other) == [])
        }
    }

    @Test("turning two-factor off removes every TOTP and backup code (with the backup code: only that one), and clears a reissue",
          arguments: StoreBackend.allCases)
    func clearing(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let id = try await enrolled(store)
            let bystander = try await enrolled(store, "boris")
            _ = try await store.accounts.setTwoFactorReissue(id, now, at: now)
            try await store.transaction { tx in try await tx.credentials.setPendingTOTP(id, sealedSecret: "pending-2", at: now) }
            #expect(try await store.transaction { try await $0.credentials.clearTwoFactor(id, requiringBackupCode: "wrong", at: now) } == false)
            #expect(try await rows(store, id) == ["backup_code:active", "totp:active", "totp:pending"])
            #expect(try await store.transaction { try await $0.credentials.clearTwoFactor(id, requiringBackupCode: "hash-1", at: now) })
            #expect(try await rows(store, id) == [])
            let account = try #require(try await store.accounts.account(id: id))
            #expect(account.twoFactor == TwoFactorState() && account.twoFactorReissueRequestedAt == nil)
            #expect(try await rows(store, bystander) == ["backup_code:active", "totp:active"])

            #expect(try await store.transaction { try await $0.credentials.clearTwoFactor(bystander, requiringBackupCode: nil, at: now) })
            #expect(try await rows(store, bystander) == [])
            #expect(try await store.transaction {
                try await $0.credentials.clearTwoFactor(AccountID(rawValue: UUID().uuidString.lowercased()), requiringBackupCode: nil, at: now)
            } == false, "no such account")
        }
    }

    @Test("a reset that starts while a new authenticator is being activated waits for it and removes it, backup code included",
          arguments: StoreBackend.allCases)
    func resetDuringActivation(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let now = self.now
            let id = try await enrolled(store)
            try await store.transaction { tx in try await tx.credentials.setPendingTOTP(id, sealedSecret: "replacement", at: now) }
            async let activation: Bool = store.transaction { tx in
                let activated = try await tx.credentials.activateTOTP(id, pendingSecret: "replacement", activeSecret: "secret-2", replacing: "secret",
                                                                      step: 200, backupCodeHash: "hash-2", at: now)
                // The rest of the sign-in step (mail, audit) keeps the transaction open a while.
                try await Task.sleep(for: .milliseconds(300))
                return activated
            }
            try await Task.sleep(for: .milliseconds(100))
            let cleared = try await store.transaction { tx in try await tx.credentials.clearTwoFactor(id, requiringBackupCode: nil, at: now) }
            #expect(try await activation)
            #expect(cleared)
            #expect(try await rows(store, id) == [], "the reset saw the new authenticator and its backup code")
        }
    }

    @Test("20 parallel acceptances of one TOTP step, 20 parallel uses of one backup code, 20 parallel recoveries and 20 parallel activations: exactly one succeeds each",
          arguments: StoreBackend.allCases)
    func races(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let id = try await enrolled(store)
            let now = self.now
            #expect(try await race(store) { tx, _ in try await tx.credentials.acceptTOTPStep(id, secret: "secret", step: 150, at: now) } == 1)
            #expect(try await race(store) { tx, index in
                try await tx.credentials.replaceBackupCode(id, current: "hash-1", with: "hash-new-\(index)", at: now)
            } == 1)
            let winner = try #require(try await store.accounts.account(id: id)).twoFactor.backupCodeHash
            #expect(winner?.hasPrefix("hash-new-") == true)

            let recovering = try await enrolled(store, "boris")
            #expect(try await race(store) { tx, _ in try await tx.credentials.clearTwoFactor(recovering, requiringBackupCode: "hash-1", at: now) } == 1)
            #expect(try await rows(store, recovering) == [])

            let enrolling = try await account(store, "vera")
            try await store.transaction { tx in try await tx.credentials.setPendingTOTP(enrolling, sealedSecret: "pending", at: now) }
            #expect(try await race(store) { tx, index in
                try await tx.credentials.activateTOTP(enrolling, pendingSecret: "pending", activeSecret: "active-\(index)", replacing: nil, step: 1,
                                                      backupCodeHash: "hash-\(index)", at: now)
            } == 1)
            #expect(try await rows(store, enrolling) == ["backup_code:active", "totp:active"])
        }
    }
}
