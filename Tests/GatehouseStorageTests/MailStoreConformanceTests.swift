import Foundation
import GatehouseCore
import GatehouseStorage
import GatehouseTestSupport
import Testing

/// Link tokens and the account columns of the mail flows, on both backends.
@Suite("Store conformance: link tokens and account changes")
struct MailStoreConformanceTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let random = SystemRandomSource()

    func account(_ store: any Store, _ username: String) async throws -> Account {
        try await TestStores.account(in: store, username, at: now)
    }

    func token(_ account: Account, _ purpose: LinkPurpose, _ raw: String, ttl: TimeInterval = 3600, email: String? = nil) -> LinkToken {
        LinkToken(tokenHash: SecretToken.hash(raw), purpose: purpose, accountID: account.id, email: email, createdAt: now, expiresAt: now.addingTimeInterval(ttl))
    }

    @Test("a link token is found only for its purpose while unused and unexpired; 20 parallel consumers: exactly one wins", arguments: StoreBackend.allCases)
    func singleUse(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let alice = try await account(store, "alice")
            try await store.linkTokens.create(token(alice, .passwordReset, "reset-1"))
            let hash = SecretToken.hash("reset-1")
            #expect(try await store.linkTokens.find(tokenHash: hash, purpose: .passwordReset, now: now)?.accountID == alice.id)
            #expect(try await store.linkTokens.find(tokenHash: hash, purpose: .unlock, now: now) == nil, "another purpose")
            #expect(try await store.linkTokens.find(tokenHash: hash, purpose: .passwordReset, now: now.addingTimeInterval(3600)) == nil, "expired")
            let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await store.linkTokens.consume(tokenHash: hash, purpose: .passwordReset, at: now) != nil }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(winners == 1)
            #expect(try await store.linkTokens.find(tokenHash: hash, purpose: .passwordReset, now: now) == nil, "used")

            try await store.linkTokens.create(token(alice, .passwordReset, "reset-2"))
            try await store.linkTokens.create(token(alice, .passwordReset, "reset-3"))
            try await store.linkTokens.create(token(alice, .unlock, "unlock-1"))
            #expect(try await store.linkTokens.expireAll(accountID: alice.id, purpose: .passwordReset, at: now) == 2)
            #expect(try await store.linkTokens.consume(tokenHash: SecretToken.hash("reset-3"), purpose: .passwordReset, at: now) == nil)
            #expect(try await store.linkTokens.consume(tokenHash: SecretToken.hash("unlock-1"), purpose: .unlock, at: now) != nil, "other purposes untouched")
            #expect(try await store.linkTokens.purge(expiredBefore: now.addingTimeInterval(7200)) == 4)
        }
    }

    @Test("failed-sign-in alerts: 20 parallel claims in one interval give exactly one; another interval gives one more", arguments: StoreBackend.allCases)
    func alertClaims(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let alice = try await account(store, "alice")
            let claims = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await store.accounts.claimFailedSignInAlert(alice.id, notBefore: now.addingTimeInterval(-3600), at: now) }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(claims == 1)
            let later = now.addingTimeInterval(3601)
            #expect(try await store.accounts.claimFailedSignInAlert(alice.id, notBefore: later.addingTimeInterval(-3600), at: later))
        }
    }

    @Test("username and email changes keep the unique indexes; pending email and the reissue flag round-trip", arguments: StoreBackend.allCases)
    func changes(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let alice = try await account(store, "alice")
            _ = try await account(store, "bob")
            await #expect(throws: StoreError.alreadyTaken(field: "username")) {
                try await store.accounts.setUsername(alice.id, username: "Bob", normalized: "bob", at: now)
            }
            await #expect(throws: StoreError.alreadyTaken(field: "email")) {
                try await store.accounts.setEmail(alice.id, email: "bob@example.com", normalized: "bob@example.com", verifiedAt: now, at: now)
            }
            #expect(try await store.accounts.setPendingEmail(alice.id, "alice@new.example", at: now))
            #expect(try await store.accounts.setTwoFactorReissue(alice.id, now, at: now))
            var loaded = try #require(try await store.accounts.account(id: alice.id))
            #expect(loaded.pendingEmail == "alice@new.example")
            #expect(loaded.twoFactorReissueRequestedAt == now)
            #expect(try await store.accounts.markEmailVerified(alice.id, normalized: "other@example.com", at: now) == false, "only the current address")
            #expect(try await store.accounts.setEmail(alice.id, email: "Alice@New.example", normalized: "alice@new.example", verifiedAt: now, at: now))
            loaded = try #require(try await store.accounts.account(id: alice.id))
            #expect(loaded.email == "Alice@New.example")
            #expect(loaded.emailVerifiedAt == now)
            #expect(loaded.pendingEmail == nil)
            #expect(try await store.accounts.account(login: "alice@new.example")?.id == alice.id)
        }
    }
}
