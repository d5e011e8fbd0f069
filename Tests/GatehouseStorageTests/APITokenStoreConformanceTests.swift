import Foundation
import GatehouseCore
import GatehouseStorage
import GatehouseTestSupport
import Testing

/// `APITokenStore` on a real SQLite file and a real PostgreSQL server.
@Suite("Store conformance: API tokens")
struct APITokenStoreConformanceTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func token(_ name: String, of account: AccountID, at offset: TimeInterval = 0) -> APIToken {
        APIToken(id: APITokenID(rawValue: UUID().uuidString.lowercased()), accountID: account, name: name, permissionGroup: "read_only",
                 createdAt: now.addingTimeInterval(offset), expiresAt: now.addingTimeInterval(offset + 86400))
    }

    @Test("API tokens: found by hash with their owner, listed per account, rotated and deleted only by their owner, uses written at most once a minute",
          arguments: StoreBackend.allCases)
    func lifecycle(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let anna = try await TestStores.account(in: store, "anna", verified: true, at: now)
            let bob = try await TestStores.account(in: store, "bob", verified: true, at: now)
            let first = token("ci", of: anna.id)
            let second = token("backup", of: anna.id, at: 10)
            try await store.apiTokens.create(first, tokenHash: SecretToken.hash("one"))
            try await store.apiTokens.create(second, tokenHash: SecretToken.hash("two"))
            // The hash is unique.
            await #expect(throws: StoreError.self) { try await store.apiTokens.create(token("again", of: bob.id), tokenHash: SecretToken.hash("one")) }

            let found = try #require(try await store.apiTokens.record(tokenHash: SecretToken.hash("one")))
            #expect(found.token == first && found.account.id == anna.id && found.account.username == "anna")
            #expect(try await store.apiTokens.record(tokenHash: SecretToken.hash("nothing")) == nil)
            #expect(try await store.apiTokens.list(accountID: anna.id).map(\.id) == [first.id, second.id])
            #expect(try await store.apiTokens.count(accountID: anna.id) == 2)
            #expect(try await store.apiTokens.count(accountID: bob.id) == 0)

            // Rotation: only the owner's token; the old hash stops matching at once.
            #expect(try await store.apiTokens.rotate(first.id, accountID: bob.id, tokenHash: SecretToken.hash("three"), at: now) == nil)
            let rotated = try #require(try await store.apiTokens.rotate(first.id, accountID: anna.id, tokenHash: SecretToken.hash("three"), at: now.addingTimeInterval(5)))
            #expect(rotated.id == first.id && rotated.rotatedAt == now.addingTimeInterval(5))
            #expect(try await store.apiTokens.record(tokenHash: SecretToken.hash("one")) == nil)
            #expect(try await store.apiTokens.record(tokenHash: SecretToken.hash("three"))?.token.id == first.id)

            // Uses: written unless one was written after `olderThan`.
            let use = APITokenUse(at: now.addingTimeInterval(60), ip: "127.0.0.2", city: "Linköping", country: "Sweden")
            try await store.apiTokens.recordUse(first.id, use, olderThan: now)
            try await store.apiTokens.recordUse(first.id, APITokenUse(at: now.addingTimeInterval(90), ip: "127.0.0.3", city: nil, country: nil),
                                                olderThan: now.addingTimeInterval(30))
            var listed = try #require(try await store.apiTokens.list(accountID: anna.id).first)
            #expect(listed.lastUsedAt == use.at && listed.lastUsedIP == "127.0.0.2" && listed.lastUsedCity == "Linköping" && listed.lastUsedCountry == "Sweden")
            try await store.apiTokens.recordUse(first.id, APITokenUse(at: now.addingTimeInterval(130), ip: "127.0.0.3", city: nil, country: nil),
                                                olderThan: now.addingTimeInterval(70))
            listed = try #require(try await store.apiTokens.list(accountID: anna.id).first)
            #expect(listed.lastUsedIP == "127.0.0.3" && listed.lastUsedCity == nil)

            // Deletion: only the owner's.
            #expect(try await store.apiTokens.delete(second.id, accountID: bob.id) == nil)
            #expect(try await store.apiTokens.delete(second.id, accountID: anna.id)?.name == "backup")
            #expect(try await store.apiTokens.delete(second.id, accountID: anna.id) == nil)
            #expect(try await store.apiTokens.count(accountID: anna.id) == 1)

            // Locking the owner inside a transaction, then counting and creating, commits together.
            try await store.transaction { tx in
                try await tx.apiTokens.lockOwner(anna.id)
                #expect(try await tx.apiTokens.count(accountID: anna.id) == 1)
                try await tx.apiTokens.create(token("third", of: anna.id, at: 20), tokenHash: SecretToken.hash("four"))
            }
            #expect(try await store.apiTokens.count(accountID: anna.id) == 2)

            // Deleting all of an account's tokens leaves other accounts' alone.
            try await store.apiTokens.create(token("bobs", of: bob.id), tokenHash: SecretToken.hash("five"))
            let annas = Set(try await store.apiTokens.list(accountID: anna.id).map(\.id))
            #expect(annas.count == 2)
            #expect(Set(try await store.apiTokens.deleteAll(accountID: anna.id)) == annas)
            #expect(try await store.apiTokens.count(accountID: anna.id) == 0)
            #expect(try await store.apiTokens.record(tokenHash: SecretToken.hash("three")) == nil)
            #expect(try await store.apiTokens.list(accountID: bob.id).map(\.name) == ["bobs"])
            #expect(try await store.apiTokens.deleteAll(accountID: anna.id).isEmpty)
        }
    }

    @Test("account search: by prefix of the normalised username or email, ordered by username then id, after a cursor", arguments: StoreBackend.allCases)
    func accountSearch(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            for name in ["carol", "anna", "bob", "anton"] { _ = try await TestStores.account(in: store, name, at: now) }
            #expect(try await store.accounts.search(prefix: nil, after: nil, limit: 10).map(\.username) == ["anna", "anton", "bob", "carol"])
            #expect(try await store.accounts.search(prefix: "an", after: nil, limit: 10).map(\.username) == ["anna", "anton"])
            let anna = try #require(try await store.accounts.search(prefix: "an", after: nil, limit: 1).first)
            #expect(try await store.accounts.search(prefix: "an", after: AccountCursor(after: anna), limit: 10).map(\.username) == ["anton"])
            #expect(try await store.accounts.search(prefix: "bob@", after: nil, limit: 10).map(\.username) == ["bob"])
            #expect(try await store.accounts.search(prefix: "%", after: nil, limit: 10).isEmpty)
            let token = AccountCursor(after: anna).token
            #expect(AccountCursor(token: token) == AccountCursor(after: anna))
            #expect(AccountCursor(token: "not a cursor") == nil)
        }
    }
}
