import Foundation
import GatehouseCore
import GatehouseStorage
import GatehouseTestSupport
import Testing

/// Reading the audit log back by filter, pruning it by age, and checkpoints kept outside the database
/// (#17, audit views and retention), on SQLite and PostgreSQL.
@Suite("Audit log: search, retention, checkpoints")
struct AuditViewsStoreTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// Records one event of `type` at the clock's time.
    func record(_ store: any Store, _ trail: AuditTrail, _ type: String, actor: AccountID? = nil, subject: AccountID? = nil, n: Int) async throws {
        try await UnitOfWork(store: store, trail: trail, cache: nil, outbox: nil).run { work in
            work.record(AuditEvent(AuditEventType(rawValue: type), actor: actor, subject: subject, details: ["n": String(n)],
                                   personal: AuditPersonalData(ip: "192.0.2.\(n % 250)")))
        }
    }

    func numbers(_ records: [AuditRecord]) -> [Int] {
        records.compactMap { record in
            (try? JSONDecoder().decode([String: String].self, from: Data(record.details.utf8)))?["n"].flatMap { Int($0) }
        }
    }

    @Test("search filters by actor, subject, type and time, newest first or in chain order, after a cursor", arguments: StoreBackend.allCases)
    func search(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let anna = try await TestStores.account(in: store, "anna")
            let bob = try await TestStores.account(in: store, "bob")
            let clock = TestClock(Self.start)
            let trail = TestStores.trail(clock: clock)
            // n: 0…11, one a minute; anna is the subject of the even ones, bob acts in every third.
            for n in 0..<12 {
                try await record(store, trail, n % 4 == 0 ? "login.failed" : "login.succeeded", actor: n % 3 == 0 ? bob.id : nil,
                                 subject: n % 2 == 0 ? anna.id : bob.id, n: n)
                clock.advance(by: .seconds(60))
            }
            let all = try await store.auditLog.search(AuditQuery(limit: 100))
            #expect(numbers(all) == Array((0..<12).reversed()))
            #expect(numbers(try await store.auditLog.search(AuditQuery(subject: anna.id, limit: 100))) == [10, 8, 6, 4, 2, 0])
            #expect(numbers(try await store.auditLog.search(AuditQuery(actor: bob.id, limit: 100))) == [9, 6, 3, 0])
            #expect(numbers(try await store.auditLog.search(AuditQuery(actor: bob.id, subject: anna.id, limit: 100))) == [6, 0])
            #expect(numbers(try await store.auditLog.search(AuditQuery(types: [AuditEventType(rawValue: "login.failed")], limit: 100))) == [8, 4, 0])
            #expect(numbers(try await store.auditLog.search(AuditQuery(
                types: [AuditEventType(rawValue: "login.failed"), AuditEventType(rawValue: "nothing.such")], limit: 100))) == [8, 4, 0])
            let window = AuditQuery(from: Self.start.addingTimeInterval(180), to: Self.start.addingTimeInterval(420), limit: 100)
            #expect(numbers(try await store.auditLog.search(window)) == [6, 5, 4, 3], "from inclusive, to exclusive")
            let sequenceOf = Dictionary(uniqueKeysWithValues: zip(numbers(all), all.map(\.sequence)))
            let older = try await store.auditLog.search(AuditQuery(subject: anna.id, order: .newestFirst(before: sequenceOf[6]), limit: 2))
            #expect(numbers(older) == [4, 2])
            let inOrder = try await store.auditLog.search(AuditQuery(order: .oldestFirst(after: sequenceOf[8]), limit: 100))
            #expect(numbers(inOrder) == [9, 10, 11])
            #expect(try await store.auditLog.search(AuditQuery(subject: AccountID(rawValue: "00000000-0000-7000-8000-000000000000"), limit: 10)).isEmpty)
        }
    }

    @Test("retention deletes old events, leaves a signed base from which the rest verifies, and records audit.pruned",
          arguments: StoreBackend.allCases)
    func prune(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store, location in
            let clock = TestClock(Self.start)
            let trail = TestStores.trail(clock: clock)
            for n in 0..<7 { try await record(store, trail, "test.old", n: n) }
            clock.advance(by: .seconds(86_400 * 10))
            for n in 7..<10 { try await record(store, trail, "test.new", n: n) }
            #expect(try await store.auditLog.base() == nil)

            // Seven old events, three a batch: three batches (3, 3, 1), each leaving its own audit.pruned.
            let retention = AuditRetention(trail: trail, store: store, keep: .seconds(86_400 * 5), clock: clock, batchSize: 3)
            #expect(try await retention.prune() == 7)
            let base = try #require(try await store.auditLog.base())
            #expect(base.sequence == 7 && trail.checkpoints.isGenuine(base, as: .base) && !trail.checkpoints.isGenuine(base, as: .anchor))
            let left = try await store.auditLog.search(AuditQuery(order: .oldestFirst(after: nil), limit: 100))
            #expect(left.map(\.type.rawValue) == ["test.new", "test.new", "test.new", "audit.pruned", "audit.pruned", "audit.pruned"])
            #expect(left.first?.sequence == 8)
            #expect(left.filter { $0.type == .auditPruned }.compactMap { record in
                (try? JSONDecoder().decode([String: String].self, from: Data(record.details.utf8)))?["count"]
            } == ["3", "3", "1"])
            let verified = try await trail.verify(store)
            #expect(verified.problem == nil && verified.checked == 6)
            #expect(try await retention.prune() == 0, "nothing more is old enough")

            // Someone with only database access cuts more rows off the start and moves the base along: the
            // base's signature no longer matches.
            try await TestStores.executeDirectly("DELETE FROM audit_events WHERE sequence = 8", at: location)
            try await TestStores.executeDirectly(
                "UPDATE audit_chain_head SET base_sequence = 8, base_hash = (SELECT previous_hash FROM audit_events WHERE sequence = 9)", at: location)
            #expect(try await trail.verify(store).problem == .forgedBase(sequence: 8))
            // Without moving the base, the gap is a broken link.
            try await TestStores.executeDirectly("UPDATE audit_chain_head SET base_sequence = 7, base_hash = '\(base.hash)'", at: location)
            #expect(try await trail.verify(store).problem == .broken(sequence: 9))

            // An anchor checkpoint (its file may be read by many) cannot stand in for pruned rows: signed for
            // another use, it is no base.
            let anchor = try await trail.anchor(store)
            try await TestStores.executeDirectly("DELETE FROM audit_events WHERE sequence <= \(anchor.sequence)", at: location)
            try await TestStores.executeDirectly("""
                UPDATE audit_chain_head SET base_sequence = \(anchor.sequence), base_hash = '\(anchor.hash)',
                    base_created_at = \(Int64((anchor.createdAt.timeIntervalSince1970 * 1000).rounded())), base_signature = '\(anchor.signature)'
                """, at: location)
            #expect(try await trail.verify(store).problem == .forgedBase(sequence: anchor.sequence))
        }
    }

    @Test("retention signs away only what checks out: a young event aged by hand stops it, a tampered old one refuses it",
          arguments: StoreBackend.allCases)
    func pruneRefusesTampering(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store, location in
            let clock = TestClock(Self.start)
            let trail = TestStores.trail(clock: clock)
            for n in 0..<3 { try await record(store, trail, "test.old", n: n) }
            clock.advance(by: .seconds(86_400 * 10))
            for n in 3..<6 { try await record(store, trail, "test.new", n: n) }
            let cutoff = Self.start.addingTimeInterval(86_400 * 5)
            // Someone rewrites event 5 and, to have retention bury it, moves event 6's time back to 1970.
            try await TestStores.executeDirectly(#"UPDATE audit_events SET details = '{"n":"forged"}' WHERE sequence = 5"#, at: location)
            try await TestStores.executeDirectly("UPDATE audit_events SET occurred_at = 0 WHERE sequence = 6", at: location)
            #expect(try await trail.prune(before: cutoff, in: store) == 3, "the walk stops at event 4, the first young one")
            #expect(try await store.auditLog.base()?.sequence == 3)
            #expect(try await trail.verify(store).problem == .altered(sequence: 5), "what was forged is still there to be found")

            // A tampered event among the old ones: nothing is deleted.
            let tampered = TestClock(Self.start)
            try await TestStores.withStore(backend) { other, otherLocation in
                let otherTrail = TestStores.trail(clock: tampered)
                for n in 0..<4 { try await record(other, otherTrail, "test.old", n: n) }
                try await TestStores.executeDirectly(#"UPDATE audit_events SET details = '{"n":"forged"}' WHERE sequence = 2"#, at: otherLocation)
                await #expect(throws: PruneRefused.self) { try await otherTrail.prune(before: cutoff, in: other) }
                let base = try await other.auditLog.base()
                let rows = try await other.auditLog.count(through: 10)
                #expect(base == nil && rows == 4)
            }
        }
    }

    @Test("a checkpoint kept outside finds rows cut off the end that the chain alone cannot see", arguments: StoreBackend.allCases)
    func checkpoint(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store, location in
            let clock = TestClock(Self.start)
            let trail = TestStores.trail(clock: clock)
            for n in 0..<5 { try await record(store, trail, "test.event", n: n) }
            let anchor = try await trail.anchor(store)
            #expect(anchor.sequence == 5)
            let line = anchor.line
            #expect(!line.contains("\n") && AuditCheckpoint(line: line) == anchor)
            #expect(try await trail.check(anchor, against: store) == nil)
            for n in 5..<8 { try await record(store, trail, "test.event", n: n) }
            #expect(try await trail.check(anchor, against: store) == nil, "the log grew past the checkpoint")

            // Another server's key, or a field changed after signing: not this server's checkpoint.
            let stranger = AuditTrail(keys: KeyRing(secretKey: Array(repeating: 7, count: 32)), clock: clock, random: SystemRandomSource())
            #expect(try await trail.check(try await stranger.anchor(store), against: store) == .notSigned(sequence: 8))
            var moved = anchor
            moved.sequence = 4
            #expect(try await trail.check(moved, against: store) == .notSigned(sequence: 4))
            #expect(AuditCheckpoint(line: line.replacingOccurrences(of: "gatehouse.audit_checkpoint", with: "other")) == nil)

            // The truncation attack: the newest rows deleted and the head moved back to the last one left.
            try await TestStores.executeDirectly("DELETE FROM audit_events WHERE sequence >= 4", at: location)
            try await TestStores.executeDirectly(
                "UPDATE audit_chain_head SET sequence = 3, hash = (SELECT hash FROM audit_events WHERE sequence = 3)", at: location)
            #expect(try await trail.verify(store).problem == nil, "the chain alone cannot see it")
            #expect(try await trail.check(anchor, against: store) == .cutOff(checkpoint: 5, head: 3))

            // New events written after the cut reach past the checkpoint again, with other hashes.
            for n in 8..<11 { try await record(store, trail, "test.event", n: n) }
            #expect(try await trail.verify(store).problem == nil)
            #expect(try await trail.check(anchor, against: store) == .rewritten(sequence: 5))
        }
    }

    @Test("a checkpoint older than the retention still holds once its event is pruned", arguments: StoreBackend.allCases)
    func checkpointBeforeBase(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let clock = TestClock(Self.start)
            let trail = TestStores.trail(clock: clock)
            for n in 0..<4 { try await record(store, trail, "test.event", n: n) }
            let early = try await trail.anchor(store)
            clock.advance(by: .seconds(3600))
            try await record(store, trail, "test.event", n: 4)
            #expect(try await trail.prune(before: Self.start.addingTimeInterval(60), in: store) == 4)
            #expect(try await trail.check(early, against: store) == nil, "the base is the checkpoint's own event")
            var wrong = early
            wrong.hash = String(repeating: "0", count: 64)
            #expect(try await trail.check(trail.checkpoints.sign(wrong.head, at: clock.now()), against: store) == .rewritten(sequence: 4))
        }
    }
}
