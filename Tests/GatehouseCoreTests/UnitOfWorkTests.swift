import Foundation
import GatehouseCore
import GatehouseTestSupport
import Synchronization
import Testing

@Suite("Unit of work")
struct UnitOfWorkTests {
    let request = RequestInfo(ip: IPAddress("192.0.2.10"), userAgent: "tests/1.0", requestID: "req-1")

    final class Counter: Sendable {
        let runs = Mutex<[String: Int]>([:])
        func action(_ name: String) -> AfterCommitAction {
            AfterCommitAction(name) { self.runs.withLock { $0[name, default: 0] += 1 } }
        }
        subscript(_ name: String) -> Int { runs.withLock { $0[name] ?? 0 } }
    }

    struct Refused: Error {}

    @Test("a rollback writes no audit event and runs no effect; a commit runs each effect once, however often it was asked for")
    func effectsAfterCommitOnly() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let cache = SessionCache(ttl: .seconds(60))
            let units = UnitOfWork(store: store, trail: TestStores.trail(), cache: cache, outbox: nil)
            let counter = Counter()
            let before = cache.generation
            await #expect(throws: Refused.self) {
                try await units.run { work in
                    work.record(AuditEvent(AuditEventType(rawValue: "test.rolled_back")))
                    work.afterCommit(.action(counter.action("notify")))
                    work.forget(session: SessionID(rawValue: "s-1"))
                    work.forget(account: AccountID(rawValue: "a-1"))
                    throw Refused()
                }
            }
            #expect(counter["notify"] == 0)
            #expect(cache.generation == before, "no cache invalidation after a rollback")
            #expect(try await store.auditLog.head().sequence == 0)

            try await units.run { work in
                work.record(AuditEvent(AuditEventType(rawValue: "test.committed")))
                for _ in 0..<3 { work.afterCommit(.action(counter.action("notify"))) }
                work.afterCommit(.action(counter.action("other")))
                work.forget(sessions: [SessionID(rawValue: "s-1"), SessionID(rawValue: "s-2"), SessionID(rawValue: "s-1")])
                work.forget(account: AccountID(rawValue: "a-1"))
                work.forget(account: AccountID(rawValue: "a-1"))
                #expect(counter["notify"] == 0, "nothing runs before the commit")
            }
            #expect(counter["notify"] == 1)
            #expect(counter["other"] == 1)
            // One invalidation for the sessions together and one for the account.
            #expect(cache.generation == before + 2)
            let head = try await store.auditLog.head()
            #expect(head.sequence == 1)
            #expect(try await store.auditLog.records(after: 0, limit: 10).map(\.type.rawValue) == ["test.committed"])
        }
    }

    @Test("mail queued in a unit wakes the outbox worker after the commit, and not after a rollback")
    func mailWakesOutbox() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let signal = OutboxSignal()
            let units = UnitOfWork(store: store, trail: TestStores.trail(), cache: nil, outbox: signal)
            let mailer = Mailer(keys: TestStores.keys, clock: SystemWallClock(), random: SystemRandomSource(), publicURL: "https://gatehouse.test", signal: signal)
            let mail = OutgoingMail(kind: .passwordChanged, to: "anna@example.com", language: .en, values: [:])
            await #expect(throws: Refused.self) {
                try await units.run { work in
                    try await mailer.enqueue(mail, in: work)
                    throw Refused()
                }
            }
            #expect(!signal.isPending)
            #expect(try await store.outbox.list(limit: 10).isEmpty)
            try await units.run { work in
                try await mailer.enqueue(mail, in: work)
                try await mailer.enqueue(mail, in: work)
                #expect(!signal.isPending, "not woken before the commit")
            }
            #expect(signal.isPending)
            #expect(try await store.outbox.list(limit: 10).count == 2)
        }
    }

    @Test("a session revoked inside a unit of work is refused at once by the cached check on this instance")
    func revocationReachesTheCache() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let fixture = try await SignInFixture.make(store)
            try await fixture.createAccount("anna")
            let result = try await fixture.service.login("anna", password: "correct horse battery", request: request)
            guard case .valid = try await fixture.service.authenticate(token: result.token, useCache: true) else {
                Issue.record("the new session is not valid"); return
            }
            // The cache now answers for the token; a rolled-back revocation leaves it as it was.
            await #expect(throws: Refused.self) {
                try await fixture.service.units.run { work in
                    _ = try await work.sessions.revoke(result.session.id)
                    work.forget(session: result.session.id)
                    throw Refused()
                }
            }
            guard case .valid = try await fixture.service.authenticate(token: result.token, useCache: true) else {
                Issue.record("a rolled-back revocation ended the session"); return
            }
            try await fixture.service.logout(try #require(fixture.cachedRecord(result.token)), request: request)
            #expect(try await fixture.service.authenticate(token: result.token, useCache: true) == .none)
        }
    }

    /// Calls that only a unit of work may make: waking the outbox, invalidating cached sessions (the
    /// cache itself, and the follower of other instances' committed invalidations, excepted), and
    /// opening a transaction. A flow that makes them itself can forget one, or make it before the
    /// commit (where a concurrent lookup can cache the old state again) or after a rollback.
    @Test("only the unit of work wakes the outbox, invalidates cached sessions or opens a transaction (scan of Sources/)")
    func structural() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let sources = root.appendingPathComponent("Sources")
        let forbidden: [(pattern: String, allowedIn: Set<String>)] = [
            ("nudge(", []),
            ("invalidate(", ["GatehouseCore/Storage/UnitOfWork.swift", "GatehouseCore/Sessions/SessionCache.swift",
                             "GatehouseCore/Sessions/CacheInvalidation.swift"]),
            (".notify()", ["GatehouseCore/Storage/UnitOfWork.swift"]),
            (".transaction {", ["GatehouseCore/Storage/UnitOfWork.swift", "GatehouseTestSupport/RecordingStore.swift"]),
            (".transaction(", []),
        ]
        var offenders: [String] = []
        var scanned = 0
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let url = files?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            let relative = String(url.path.dropFirst(sources.path.count + 1))
            // The storage backends implement transactions; their own migrations run in them.
            if relative.hasPrefix("GatehouseStorage/") { continue }
            scanned += 1
            let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            for (number, line) in lines.enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces)
                if code.hasPrefix("//") || code.contains("func ") { continue }
                for rule in forbidden where code.contains(rule.pattern) && !rule.allowedIn.contains(relative) {
                    offenders.append("\(relative):\(number + 1): \(code)")
                }
            }
        }
        #expect(scanned > 50)
        #expect(offenders.isEmpty, "\(offenders.joined(separator: "\n"))")
    }
}

extension SignInFixture {
    func cachedRecord(_ token: String) async throws -> SessionRecord? {
        guard case .valid(let record) = try await service.authenticate(token: token, useCache: true) else { return nil }
        return record
    }
}
