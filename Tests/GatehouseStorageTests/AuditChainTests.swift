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
                try await trail.transaction(store) { _, audit in
                    audit.record(AuditEvent(AuditEventType(rawValue: "test.event"), requestID: "r\(index)", details: ["n": String(index)],
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
                records[index].hash = forger.hash(of: records[index])
                try await TestStores.executeDirectly("""
                    UPDATE audit_events SET details = '\(records[index].details)', previous_hash = '\(records[index].previousHash)',
                        hash = '\(records[index].hash)' WHERE sequence = \(records[index].sequence)
                    """, at: location)
            }
            try await TestStores.executeDirectly("UPDATE audit_chain_head SET hash = '\(records[4].hash)' WHERE id = 1", at: location)
            #expect(try await trail.verify(store).problem == .altered(sequence: 3))
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
                        try await trail.transaction(store) { _, audit in
                            audit.record(AuditEvent(AuditEventType(rawValue: "test.parallel"), details: ["n": String(index)]))
                            audit.record(AuditEvent(AuditEventType(rawValue: "test.parallel.second"), details: ["n": String(index)]))
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
