import Foundation
import GatehouseCore
import GatehouseTestSupport
import Testing

/// Sealed values for key rotation, on both backends: what each key covers, the values not under the
/// current key, the conditional replace, and `KeyRotation.reseal` over them.
@Suite("Store conformance: sealed data")
struct SealedDataStoreTests {
    static let oldKey = KeyRing(secretKey: Array(repeating: 0x11, count: 32))
    static let rotated = KeyRing(secretKey: Array(repeating: 0x22, count: 32), fallbacks: [Array(repeating: 0x11, count: 32)])
    static let newOnly = KeyRing(secretKey: Array(repeating: 0x22, count: 32))

    @Test("reseal leaves what no key opens and what changed meanwhile; the sealed store's conditional replace", arguments: StoreBackend.allCases)
    func resealEdges(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let stranger = Mailer(keys: KeyRing(secretKey: Array(repeating: 0x33, count: 32), fallbacks: [Array(repeating: 0x44, count: 32)]), clock: TestClock(), random: SystemRandomSource(), publicURL: "")
            let mail = OutgoingMail(kind: .passwordChanged, to: "x@example.com", language: .en, values: [:])
            let foreign = try stranger.seal(mail)
            let legacy = try Mailer(keys: Self.oldKey, clock: TestClock(), random: SystemRandomSource(), publicURL: "").seal(mail)
            // Text from before keys had ids: "v1:" + the same ciphertext.
            let unnamed = "v1:" + (legacy.split(separator: ":", maxSplits: 1).last.map(String.init) ?? "")
            try await store.transaction { tx in
                try await tx.outbox.enqueue(NewOutboxEntry(id: "m-foreign", kind: .passwordChanged, payload: foreign, createdAt: Date()))
                try await tx.outbox.enqueue(NewOutboxEntry(id: "m-unnamed", kind: .passwordChanged, payload: unnamed, createdAt: Date()))
            }
            let usage = try await store.sealedData.keyUsage()
            #expect(usage.sealed[.queuedMail]?["v1"] == 1 && usage.sealed[.queuedMail]?[KeyRing.id(of: Array(repeating: 0x33, count: 32))] == 1)
            let outcome = try await KeyRotation(store: store, keys: Self.rotated).reseal()
            #expect(outcome.resealed[.queuedMail] == 1)
            #expect(outcome.unreadable[.queuedMail] == ["m-foreign"])
            let resealed = try #require(try await store.sealedData.sealed(in: .queuedMail, notUnder: "v1", after: nil, limit: 10).first { $0.id == "m-unnamed" })
            #expect(resealed.value.hasPrefix(Self.rotated.currentID + ":"))
            #expect(try Mailer(keys: Self.newOnly, clock: TestClock(), random: SystemRandomSource(), publicURL: "").open(resealed.value).to == "x@example.com")
            // A replace whose expected value is stale changes nothing.
            #expect(try await !store.sealedData.replace(SealedValue(place: .queuedMail, id: "m-unnamed", accountID: nil, value: unnamed), with: "x", recipientKey: nil))
            #expect(try await store.sealedData.replace(resealed, with: resealed.value, recipientKey: nil))
        }
    }
}
