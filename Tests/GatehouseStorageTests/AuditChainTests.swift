import Foundation
import GatehouseCore
import GatehouseStorage
import GatehouseTestSupport
import Testing

@Suite("Audit log chain")
struct AuditChainTests {
    /// A store with five chained events: sequences 1…5.
    func withEvents(_ backend: StoreBackend, _ body: @Sendable (any Store, DatabaseLocation, AuditTrail) async throws -> Void) async throws {
        try await TestStores.withStore(backend) { store, location in
            let trail = TestStores.trail()
            for index in 1...5 {
                try await UnitOfWork(store: store, trail: trail, cache: nil, outbox: nil).run { work in
                    work.record(AuditEvent(AuditEventType(rawValue: "test.event"), requestID: "r\(index)", details: ["n": String(index)],
                                           personal: AuditPersonalData(ip: "192.0.2.\(index)", userAgent: "agent \(index)")))
                }
            }
            try await body(store, location, trail)
        }
    }

    @Test("an untouched chain verifies", arguments: StoreBackend.allCases)
    func intact(backend: StoreBackend) async throws {
        try await withEvents(backend) { store, _, trail in
            let result = try await trail.verify(store, pageSize: 2)
            #expect(result.checked == 5)
            #expect(result.problem == nil)
            #expect(try await store.auditLog.head().sequence == 5)
            #expect(try await store.auditLog.count(through: 5) == 5)
            #expect(try await store.auditLog.count(through: 3) == 3)
        }
    }

    @Test("editing a row is reported at that row", arguments: StoreBackend.allCases)
    func edited(backend: StoreBackend) async throws {
        try await withEvents(backend) { store, location, trail in
            try await TestStores.executeDirectly(#"UPDATE audit_events SET details = '{"n":"99"}' WHERE sequence = 3"#, at: location)
            #expect(try await trail.verify(store).problem == .altered(sequence: 3))
        }
    }

    @Test("deleting a row is reported at the row after it", arguments: StoreBackend.allCases)
    func deleted(backend: StoreBackend) async throws {
        try await withEvents(backend) { store, location, trail in
            try await TestStores.executeDirectly("DELETE FROM audit_events WHERE sequence = 2", at: location)
            #expect(try await trail.verify(store).problem == .broken(sequence: 3))
        }
    }

    /// A copy of event 5 under another sequence number, written straight into the table.
    static func copyOfLastRow(as sequence: String) -> String {
        """
        INSERT INTO audit_events (sequence, id, occurred_at, type, actor_id, subject_id, request_id, details, ip, user_agent,
                                  identifier_hash, personal_mac, previous_hash, hash)
        SELECT \(sequence), id || 'x', occurred_at, type, actor_id, subject_id, request_id, details, ip, user_agent,
               identifier_hash, personal_mac, previous_hash, hash FROM audit_events WHERE sequence = 5
        """
    }

    @Test("the schema refuses audit rows numbered 0 or below", arguments: StoreBackend.allCases)
    func schemaRefusesNonPositive(backend: StoreBackend) async throws {
        try await withEvents(backend) { store, location, trail in
            for sequence in ["0", "-1"] {
                await #expect(throws: (any Error).self) { try await TestStores.executeDirectly(Self.copyOfLastRow(as: sequence), at: location) }
                await #expect(throws: (any Error).self) {
                    try await TestStores.executeDirectly("UPDATE audit_events SET sequence = \(sequence) WHERE sequence = 1", at: location)
                }
            }
            let problem = try await trail.verify(store).problem
            #expect(problem == nil)
        }
    }

    @Test("a row numbered 0 or below, slipped past the schema, is reported", arguments: StoreBackend.allCases)
    func nonPositiveRowReported(backend: StoreBackend) async throws {
        try await withEvents(backend) { store, location, trail in
            switch backend {
            case .sqlite: try await TestStores.executeDirectly("DROP TRIGGER audit_events_sequence_insert", at: location)
            case .postgres: try await TestStores.executeDirectly("ALTER TABLE audit_events DROP CONSTRAINT audit_events_sequence_positive", at: location)
            }
            try await TestStores.executeDirectly(Self.copyOfLastRow(as: "-7"), at: location)
            #expect(try await trail.verify(store).problem == .outOfRange(sequence: -7))
        }
    }

    @Test("a row the walk cannot reach (NULL sequence, which SQLite allows) makes the count disagree with the head")
    func countMismatch() async throws {
        try await withEvents(.sqlite) { store, location, trail in
            try await TestStores.executeDirectly("DROP TRIGGER audit_events_sequence_insert", at: location)
            try await TestStores.executeDirectly(Self.copyOfLastRow(as: "NULL"), at: location)
            #expect(try await trail.verify(store).problem == .countMismatch(rows: 6, head: 5))
        }
    }

    @Test("a row past the head is reported", arguments: StoreBackend.allCases)
    func pastHead(backend: StoreBackend) async throws {
        try await withEvents(backend) { store, location, trail in
            try await TestStores.executeDirectly("UPDATE audit_chain_head SET sequence = 4, hash = (SELECT hash FROM audit_events WHERE sequence = 4)", at: location)
            #expect(try await trail.verify(store).problem == .outOfRange(sequence: 5))
        }
    }

    @Test("an account's newest events, newest first, by subject", arguments: StoreBackend.allCases)
    func recentBySubject(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let anna = try await TestStores.account(in: store, "anna")
            let bob = try await TestStores.account(in: store, "bob")
            let trail = TestStores.trail()
            for (index, subject) in [anna.id, bob.id, anna.id, anna.id].enumerated() {
                try await UnitOfWork(store: store, trail: trail, cache: nil, outbox: nil).run { work in
                    work.record(AuditEvent(AuditEventType(rawValue: "test.event"), actor: bob.id, subject: subject, details: ["n": String(index)]))
                }
            }
            let recent = try await store.auditLog.recent(subject: anna.id, limit: 2)
            #expect(recent.map(\.details) == [#"{"n":"3"}"#, #"{"n":"2"}"#])
            #expect(try await store.auditLog.recent(subject: bob.id, limit: 10).count == 1)
        }
    }

    @Test("deleting the newest rows is reported against the head", arguments: StoreBackend.allCases)
    func truncated(backend: StoreBackend) async throws {
        try await withEvents(backend) { store, location, trail in
            try await TestStores.executeDirectly("DELETE FROM audit_events WHERE sequence >= 4", at: location)
            #expect(try await trail.verify(store).problem == .truncated(expected: 5, found: 3))
        }
    }

    @Test("rewriting a row together with its hash breaks the link of the next row", arguments: StoreBackend.allCases)
    func rehashed(backend: StoreBackend) async throws {
        try await withEvents(backend) { store, location, trail in
            try await TestStores.executeDirectly("UPDATE audit_events SET type = 'forged', hash = 'f00d' WHERE sequence = 4", at: location)
            let problem = try await trail.verify(store).problem
            #expect(problem == .altered(sequence: 4))
        }
    }

    @Test("rewriting a row and recomputing every later hash and the head, without the server's secret, is still caught",
          arguments: StoreBackend.allCases)
    func rechainedWithoutTheKey(backend: StoreBackend) async throws {
        try await withEvents(backend) { store, location, trail in
            // The forger knows the format but not the key: a chain built under any other key.
            let forger = AuditChain(keys: KeyRing(secretKey: Array(repeating: 7, count: 32)))
            var records = try await store.auditLog.records(after: 0, limit: 10)
            records[2].details = #"{"n":"99"}"#
            for index in 2..<records.count {
                records[index].previousHash = records[index - 1].hash
                // Unnamed, as rows from before keys had ids, so that any key of the ring is tried.
                records[index].keyID = nil
                records[index].hash = try #require(forger.hash(of: records[index]))
                try await TestStores.executeDirectly("""
                    UPDATE audit_events SET details = '\(records[index].details)', previous_hash = '\(records[index].previousHash)',
                        hash = '\(records[index].hash)', key_id = NULL WHERE sequence = \(records[index].sequence)
                    """, at: location)
            }
            try await TestStores.executeDirectly("UPDATE audit_chain_head SET hash = '\(records[4].hash)' WHERE id = 1", at: location)
            #expect(try await trail.verify(store).problem == .altered(sequence: 3))
        }
    }

    @Test("records from before key ids (no key id) verify under the ring that holds their key, also as a fallback; a record naming a key the ring lacks is reported",
          arguments: StoreBackend.allCases)
    func keyIDs(backend: StoreBackend) async throws {
        try await withEvents(backend) { store, location, trail in
            var records = try await store.auditLog.records(after: 0, limit: 10)
            #expect(records.allSatisfy { $0.keyID == TestStores.keys.currentID })
            // The rows as a version from before key ids wrote them: no key id, and none in the hash.
            for index in records.indices {
                records[index].keyID = nil
                if index > 0 { records[index].previousHash = records[index - 1].hash }
                records[index].hash = try #require(trail.chain.hash(of: records[index]))
                try await TestStores.executeDirectly("""
                    UPDATE audit_events SET key_id = NULL, previous_hash = '\(records[index].previousHash)', hash = '\(records[index].hash)'
                    WHERE sequence = \(records[index].sequence)
                    """, at: location)
            }
            try await TestStores.executeDirectly("UPDATE audit_chain_head SET hash = '\(records[records.count - 1].hash)' WHERE id = 1", at: location)
            #expect(try await trail.verify(store).problem == nil)
            let rotated = AuditTrail(keys: KeyRing(secretKey: Array(repeating: 7, count: 32), fallbacks: [Array(repeating: 0x5A, count: 32)]),
                                     clock: SystemWallClock(), random: SystemRandomSource())
            #expect(try await rotated.verify(store).problem == nil)
            let stranger = AuditTrail(keys: KeyRing(secretKey: Array(repeating: 7, count: 32)), clock: SystemWallClock(), random: SystemRandomSource())
            #expect(try await stranger.verify(store).problem == .altered(sequence: 1))
            try await TestStores.executeDirectly("UPDATE audit_events SET key_id = 'aaaaaaaaaaaa' WHERE sequence = 3", at: location)
            #expect(try await trail.verify(store).problem == .unknownKey(sequence: 3, keyID: "aaaaaaaaaaaa"))
        }
    }

    @Test("reseal signs the retention base again under the new key and retires the old one: a base signed with the old key afterwards is refused",
          arguments: StoreBackend.allCases)
    func baseAcrossRotation(backend: StoreBackend) async throws {
        try await withEvents(backend) { store, _, trail in
            #expect(try await trail.prune(before: Date().addingTimeInterval(3600), in: store, atMost: 2) == 2)
            let oldBase = try #require(try await store.auditLog.base())
            let rotatedKeys = KeyRing(secretKey: Array(repeating: 7, count: 32), fallbacks: [Array(repeating: 0x5A, count: 32)])
            let rotated = AuditTrail(keys: rotatedKeys, clock: SystemWallClock(), random: SystemRandomSource())
            #expect(try await rotated.verify(store).problem == nil, "a base signed under a fallback holds before the reseal")
            let outcome = try await KeyRotation(store: store, keys: rotatedKeys).reseal()
            #expect(outcome.baseResigned)
            let newBase = try #require(try await store.auditLog.base())
            #expect(newBase.head == oldBase.head && rotated.checkpoints.signer(of: newBase, as: .base) == rotatedKeys.currentID)
            #expect(try await rotated.verify(store).problem == nil)
            // Someone holding the old key signs a base with it again (to cut rows off the start).
            try await store.transaction { tx in
                _ = try await tx.pruneAudit(through: trail.checkpoints.sign(oldBase.head, at: oldBase.createdAt, as: .base))
            }
            #expect(try await rotated.verify(store).problem == .forgedBase(sequence: oldBase.sequence))
        }
    }

    @Test("personal data may be erased without breaking the chain, but not changed", arguments: StoreBackend.allCases)
    func personalData(backend: StoreBackend) async throws {
        try await withEvents(backend) { store, location, trail in
            try await TestStores.executeDirectly("UPDATE audit_events SET ip = NULL, user_agent = NULL, identifier_hash = NULL WHERE sequence = 2", at: location)
            #expect(try await trail.verify(store).problem == nil)
            try await TestStores.executeDirectly("UPDATE audit_events SET ip = '203.0.113.66' WHERE sequence = 4", at: location)
            #expect(try await trail.verify(store).problem == .personalDataAltered(sequence: 4))
        }
    }

    @Test("concurrent transactions append one unbroken chain", arguments: StoreBackend.allCases)
    func concurrentAppends(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let trail = TestStores.trail()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        try await UnitOfWork(store: store, trail: trail, cache: nil, outbox: nil).run { work in
                            work.record(AuditEvent(AuditEventType(rawValue: "test.parallel"), details: ["n": String(index)]))
                            work.record(AuditEvent(AuditEventType(rawValue: "test.parallel.second"), details: ["n": String(index)]))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let result = try await trail.verify(store)
            #expect(result.checked == 40)
            #expect(result.problem == nil)
        }
    }
}
