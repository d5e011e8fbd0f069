import Foundation
import GatehouseApp
import GatehouseCore
import GatehouseMail
import GatehouseStorage
import GatehouseTestSupport
import SMTP
import SMTPTestSupport
import Synchronization
import Testing

func freeLoopbackPort() throws -> Int { try LoopbackPort.free() }

@Suite("Outbox: transactional mail, leases, retries, giving up", .serialized)
struct OutboxTests {
    static let environment = ["GATEHOUSE_RATE_LIMIT_RESET_PER_IP": "1000/60", "GATEHOUSE_RATE_LIMIT_RESET_PER_ADDRESS": "1000/60",
                              "GATEHOUSE_PUBLIC_URL": "https://id.example.org"]

    func entry(_ id: String, at date: Date) -> NewOutboxEntry {
        NewOutboxEntry(id: id, kind: .passwordChanged, payload: "v1:x", createdAt: date)
    }

    @Test("claims are leased: parallel claimers get disjoint rows; an expired lease frees a row; only the claim holder settles it", arguments: StoreBackend.allCases)
    func leases(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            try await store.transaction { tx in
                for index in 0..<40 { try await tx.outbox.enqueue(entry(String(format: "m%03d", index), at: now)) }
            }
            let lease = now.addingTimeInterval(120)
            let claims = try await withThrowingTaskGroup(of: [ClaimedOutboxEntry].self) { group in
                for worker in 0..<4 {
                    group.addTask { try await store.outbox.claim(limit: 10, now: now, until: lease, claimToken: "worker-\(worker)") }
                }
                return try await group.reduce(into: [[ClaimedOutboxEntry]]()) { $0.append($1) }
            }
            let ids = claims.flatMap { $0.map(\.id) }
            #expect(ids.count == 40)
            #expect(Set(ids).count == 40, "no row claimed twice")
            #expect(try await store.outbox.claim(limit: 10, now: now, until: lease, claimToken: "late").isEmpty, "all leased")

            let first = try #require(claims.first { !$0.isEmpty }?.first)
            #expect(try await store.outbox.markSent(id: first.id, claimToken: "someone-else", at: now) == false)
            #expect(try await store.outbox.markSent(id: first.id, claimToken: first.claimToken, at: now))
            #expect(try await store.outbox.status(id: first.id)?.state == .sent)

            // After the lease, the 39 unsettled rows are claimable again; their attempts count up.
            let again = try await store.outbox.claim(limit: 100, now: lease, until: lease.addingTimeInterval(120), claimToken: "second")
            #expect(again.count == 39)
            #expect(again.allSatisfy { $0.attempts == 2 })
        }
    }

    @Test("a lease can be renewed only by its holder and not after the row is settled", arguments: StoreBackend.allCases)
    func renewal(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            try await store.transaction { tx in try await tx.outbox.enqueue(entry("m1", at: now)) }
            let claimed = try #require(try await store.outbox.claim(limit: 1, now: now, until: now.addingTimeInterval(10), claimToken: "a").first)
            #expect(try await store.outbox.renewLease(id: claimed.id, claimToken: "b", until: now.addingTimeInterval(100)) == false)
            #expect(try await store.outbox.renewLease(id: claimed.id, claimToken: "a", until: now.addingTimeInterval(100)))
            #expect(try await store.outbox.claim(limit: 1, now: now.addingTimeInterval(50), until: now.addingTimeInterval(150), claimToken: "c").isEmpty,
                    "the renewed lease holds past the original one")
            #expect(try await store.outbox.markSent(id: claimed.id, claimToken: "a", at: now))
            #expect(try await store.outbox.renewLease(id: claimed.id, claimToken: "a", until: now.addingTimeInterval(200)) == false)
        }
    }

    @Test("the backlog counts unsettled mail and dates the oldest; a released claim is claimable again at once with its attempt undone; only its holder releases it, and not once it is settled", arguments: StoreBackend.allCases)
    func release(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            #expect(try await store.outbox.backlog() == OutboxBacklog(count: 0, oldest: nil))
            try await store.transaction { tx in
                try await tx.outbox.enqueue(entry("m1", at: now))
                try await tx.outbox.enqueue(entry("m0", at: now.addingTimeInterval(-60)))
            }
            #expect(try await store.outbox.backlog() == OutboxBacklog(count: 2, oldest: now.addingTimeInterval(-60)))
            let first = try #require(try await store.outbox.claim(limit: 1, now: now, until: now.addingTimeInterval(600), claimToken: "z").first)
            #expect(try await store.outbox.markSent(id: first.id, claimToken: "z", at: now))
            #expect(try await store.outbox.backlog() == OutboxBacklog(count: 1, oldest: now), "sent mail is not waiting")
            let claimed = try #require(try await store.outbox.claim(limit: 1, now: now, until: now.addingTimeInterval(600), claimToken: "a").first)
            #expect(claimed.attempts == 1)
            #expect(try await store.outbox.release(id: claimed.id, claimToken: "b") == false)
            #expect(try await store.outbox.release(id: claimed.id, claimToken: "a"))
            let again = try #require(try await store.outbox.claim(limit: 1, now: now, until: now.addingTimeInterval(600), claimToken: "c").first,
                                     "claimable at once, long before the first lease would have ended")
            #expect(again.attempts == 1, "the handed-back claim did not count as an attempt")
            #expect(try await store.outbox.markSent(id: again.id, claimToken: "c", at: now))
            #expect(try await store.outbox.release(id: again.id, claimToken: "c") == false)
        }
    }

    @Test("a worker cancelled mid-batch hands back the rows it had not tried; another worker sends them at once, each once", arguments: StoreBackend.allCases)
    func shutdownHandsBack(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let app = try await TestApp.make(store, environment: Self.environment)
            // Four verification mails queued.
            for name in ["ada", "bob", "cyd", "dan"] { try await app.createAccount(name, verified: false) }
            app.clock.advance(by: .seconds(1))
            let slow = SlowTransport()
            let first = try app.outboxWorker(transport: slow)
            let pass = Task { try await first.runOnce() }
            // Cancelled while it delivers the first of its batch.
            while slow.started.withLock({ $0 }) == 0 { try await Task.sleep(for: .milliseconds(5)) }
            pass.cancel()
            slow.open()
            _ = try await pass.value
            #expect(slow.delivered.withLock { $0 } == 1, "the message under way when the worker was cancelled was finished")
            let settled = try await store.outbox.list(limit: 10).filter { $0.state == .sent }
            #expect(settled.count == 1, "and marked sent, although the worker's task was cancelled")
            let rest = try await app.deliverMail()
            #expect(rest.count == 3, "the three untried rows went back and were sent without waiting for their lease")
        }
    }

    @Test("addresses are removed from error text before it is logged, stored or audited")
    func redaction() {
        let text = #"SMTP permanent failure 550: <alice@example.com> no such user; address must be US-ASCII: иван@почта.рф"#
        let redacted = OutboxWorker.redacted(text)
        #expect(!redacted.contains("alice@example.com"))
        #expect(!redacted.contains("иван"))
        #expect(redacted.contains("550"))
        // A look-alike @ (full-width, small) is an address too.
        #expect(OutboxWorker.redacted("invalid address alice\u{FF20}example.com and bob\u{FE6B}example.org") == "invalid address <address> and <address>")
    }

    @Test("the outbox row commits or rolls back with the change that causes it")
    func transactional() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: Self.environment)
            let account = try await app.createAccount("alice")
            await #expect(throws: GatehouseError.self) {
                try await app.dependencies.selfService.units.run { work in
                    try await app.dependencies.selfService.mail.passwordChanged(account, in: work)
                    throw GatehouseError(.internalError)
                }
            }
            #expect(try await store.outbox.list(limit: 10).isEmpty)
            try await app.dependencies.selfService.units.run { work in try await app.dependencies.selfService.mail.passwordChanged(account, in: work) }
            #expect(try await store.outbox.list(limit: 10).count == 1)
        }
    }

    @Test("payloads are sealed: addresses and link tokens are not readable in the database, and are dropped once sent")
    func sealed() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: Self.environment)
            try await app.createAccount("alice", verified: false)
            let rows = try await store.outbox.claim(limit: 10, now: app.clock.now(), until: app.clock.now(), claimToken: "peek")
            let row = try #require(rows.first)
            #expect(!row.payload.contains("alice"))
            #expect(!row.payload.contains("verify-email"))
            let opened = try app.dependencies.selfService.mail.mailer.open(row.payload)
            #expect(opened.to == "alice@example.com")
            app.clock.advance(by: .seconds(1))
            let mail = try await app.deliverMail()
            let token = try #require(mail.first?.token("/verify-email"))
            let sent = try await store.outbox.claim(limit: 10, now: app.clock.now().addingTimeInterval(1e6), until: app.clock.now(), claimToken: "x")
            #expect(sent.isEmpty, "sent rows are never claimed again")
            #expect(try await store.outbox.status(id: row.id)?.state == .sent)
            #expect(!token.isEmpty)
        }
    }

    @Test("SMTP down: the action succeeds, the mail waits with backoff and goes out through a real SMTP server when it is back", arguments: StoreBackend.allCases)
    func smtpDownThenUp(backend: StoreBackend) async throws {
        try await TestStores.withStore(backend) { store in
            let port = try freeLoopbackPort()
            let app = try await TestApp.make(store, environment: Self.environment.merging(["GATEHOUSE_SMTP_URL": "smtp://127.0.0.1:\(port)?tls=none"]) { $1 })
            try await app.createAccount("alice")
            _ = try await app.dependencies.store.accounts.setPreferredLanguage(try #require(try await app.dependencies.administration.find("alice")).id, .ru, at: Date())
            let worker = try GatehouseServer.makeOutboxWorker(settings: app.settings, store: store, selfService: app.dependencies.selfService,
                                                              logger: TestStores.logger, policy: OutboxPolicy(firstRetry: .seconds(30)))
            try await app.dependencies.selfService.requestPasswordReset(email: "alice@example.com", request: RequestInfo())
            var outcome = try await worker.runOnce()
            #expect(outcome.jobs == 1)
            outcome = try await worker.runOnce()
            #expect(outcome.retried == 1, "connection refused is transient")
            let pending = try #require(try await store.outbox.list(limit: 10).first { $0.kind == .passwordReset })
            #expect(pending.state == .pending)
            #expect(pending.lastError?.contains("connection") == true)
            #expect(try await worker.runOnce().total == 0, "not due before the backoff")

            let sink = try await SMTPSink.start(["--port", String(port)])
            defer { sink.stop() }
            app.clock.advance(by: .seconds(31))
            outcome = try await worker.runOnce()
            #expect(outcome.sent == 1)
            let messages = try sink.messages()
            #expect(messages.count == 1)
            let message = try #require(messages.first)
            #expect(message.rcpt_tos == ["alice@example.com"])
            #expect(message.decoded?.subject.contains("Gatehouse") == true)
            #expect(message.decoded?.subject.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) } == true, "Russian subject intact")
            #expect(message.decoded?.message_id == "<\(pending.id)@id.example.org>")
            #expect(message.decoded?.parts.map(\.content_type).sorted() == ["text/html", "text/plain"])
            #expect(message.decoded?.parts.first { $0.content_type == "text/plain" }?.content.contains("https://id.example.org/password-reset/complete?token=") == true)
            #expect(try await store.outbox.status(id: pending.id)?.state == .sent)
        }
    }

    @Test("internationalised addresses: a Cyrillic domain goes out in ASCII form; a Cyrillic mailbox name needs an SMTPUTF8 server and otherwise fails at once")
    func internationalisedAddresses() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let port = try freeLoopbackPort()
            let app = try await TestApp.make(store, environment: Self.environment.merging(["GATEHOUSE_SMTP_URL": "smtp://127.0.0.1:\(port)?tls=none"]) { $1 })
            let worker = try GatehouseServer.makeOutboxWorker(settings: app.settings, store: store, selfService: app.dependencies.selfService, logger: TestStores.logger)
            func account(_ username: String, _ email: String) async throws -> Account {
                try await app.dependencies.administration.create(AccountCreation(
                    username: username, email: email, password: "correct horse battery", roles: [], emailVerified: true))
            }
            let ascii = try await account("ivan", "ivan@пример.рф")
            let unicode = try await account("olga", "ольга@пример.рф")

            let plain = try await SMTPSink.start(["--port", String(port)])
            try await app.dependencies.selfService.units.run { work in
                try await app.dependencies.selfService.mail.passwordChanged(ascii, in: work)
                try await app.dependencies.selfService.mail.passwordChanged(unicode, in: work)
            }
            let first = try await worker.runOnce()
            #expect(first.sent == 1 && first.failed == 1, "\(first)")
            #expect(try plain.messages().map(\.rcpt_tos) == [["ivan@xn--e1afmkfd.xn--p1ai"]])
            let failed = try #require(try await store.outbox.list(limit: 10).first { $0.state == .failed })
            #expect(failed.lastError?.contains("SMTPUTF8") == true)
            plain.stop()

            let international = try await SMTPSink.start(["--port", String(port), "--smtputf8"])
            defer { international.stop() }
            try await app.dependencies.selfService.units.run { work in try await app.dependencies.selfService.mail.passwordChanged(unicode, in: work) }
            #expect(try await worker.runOnce().sent == 1)
            let message = try #require(try international.messages().first)
            #expect(message.rcpt_tos == ["ольга@пример.рф"])
            #expect(message.mail_options == ["SMTPUTF8"])
            #expect(message.decoded?.to == ["ольга@пример.рф"])
        }
    }

    @Test("undeliverable mail is given up after outbox.give_up_after: marked failed, audited; a 5xx fails at once")
    func givingUp() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let port = try freeLoopbackPort()
            let app = try await TestApp.make(store, environment: Self.environment.merging([
                "GATEHOUSE_SMTP_URL": "smtp://127.0.0.1:\(port)?tls=none", "GATEHOUSE_OUTBOX_GIVE_UP_AFTER": "1h",
            ]) { $1 })
            let account = try await app.createAccount("alice")
            let worker = try GatehouseServer.makeOutboxWorker(settings: app.settings, store: store, selfService: app.dependencies.selfService, logger: TestStores.logger)
            try await app.dependencies.selfService.units.run { work in try await app.dependencies.selfService.mail.passwordChanged(account, in: work) }
            var attempts = 0
            while true {
                let outcome = try await worker.runOnce()
                attempts += outcome.retried
                if outcome.failed == 1 { break }
                app.clock.advance(by: .seconds(3600))
                #expect(attempts < 10)
            }
            let row = try #require(try await store.outbox.list(limit: 10).first)
            #expect(row.state == .failed)
            #expect(attempts >= 1)
            let audit = try await store.auditLog.records(after: 0, limit: 1000)
            let failed = try #require(audit.first { $0.type == .mailFailed })
            #expect(failed.details.contains(row.id))
            #expect(!failed.details.contains("alice@example.com"))

            let sink = try await SMTPSink.start(["--port", String(port), "--rcpt-reply", "550 5.1.1 no such mailbox"])
            defer { sink.stop() }
            try await app.dependencies.selfService.units.run { work in try await app.dependencies.selfService.mail.passwordChanged(account, in: work) }
            let outcome = try await worker.runOnce()
            #expect(outcome.failed == 1, "a permanent refusal is not retried")
        }
    }

    @Test("the worker wakes when mail is queued on this instance, after a random pause rather than at once")
    func nudge() async throws {
        try await TestStores.withStore(.sqlite) { store in
            let app = try await TestApp.make(store, environment: Self.environment)
            try await app.createAccount("alice")
            let worker = try app.outboxWorker(policy: OutboxPolicy(pollInterval: .seconds(600), wakeDelay: .milliseconds(400) ... .milliseconds(700)))
            let task = Task { await worker.run() }
            defer { task.cancel() }
            // Longer than the largest pause: whatever woke the worker before (creating the account) is done.
            try await Task.sleep(for: .milliseconds(1200))
            try await app.dependencies.selfService.requestPasswordReset(email: "alice@example.com", request: RequestInfo())
            let start = ContinuousClock.now
            while app.mailbox.messages.isEmpty, ContinuousClock.now - start < .seconds(10) {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(app.mailbox.messages.map(\.gatehouseKind) == ["password_reset"])
            #expect(ContinuousClock.now - start < .seconds(5), "not left for the 10-minute poll")
            #expect(ContinuousClock.now - start >= .milliseconds(400), "not at once: when the work runs tells nothing about the request")
        }
    }
}

@Suite("File transport")
struct FileTransportTests {
    @Test("without smtp_url mail goes to <data_dir>/outbox/<message-id>.eml, private to Gatehouse's user, written whole")
    func defaultFileTransport() async throws {
        try await TestStores.withTemporaryDirectory { dir in
            try await TestStores.withStore(.sqlite) { store in
                let app = try await TestApp.make(store, environment: ["GATEHOUSE_DATA_DIR": dir, "GATEHOUSE_PUBLIC_URL": "https://id.example.org"])
                try await app.createAccount("alice", verified: false)
                let worker = try GatehouseServer.makeOutboxWorker(settings: app.settings, store: store, selfService: app.dependencies.selfService, logger: TestStores.logger)
                #expect(worker.transport is FileMailTransport)
                #expect(try await worker.runOnce().sent == 1)
                let outbox = dir + "/outbox"
                let files = try FileManager.default.contentsOfDirectory(atPath: outbox)
                #expect(files.count == 1)
                let file = try #require(files.first)
                #expect(file.hasSuffix("@id.example.org.eml"))
                let attributes = try FileManager.default.attributesOfItem(atPath: outbox + "/" + file)
                #expect(attributes[.posixPermissions] as? Int == 0o600)
                let eml = try String(contentsOfFile: outbox + "/" + file, encoding: .utf8)
                #expect(eml.contains("Message-ID: <\(file.dropLast(4))>"))
                #expect(eml.contains("To: <alice@example.com>"))
                #expect(eml.contains("X-Gatehouse-Message: verify_email"))
                #expect(eml.contains("https://id.example.org/verify-email?token="))
            }
        }
    }
}

/// Delivers after `open()` is called, counting what it started and what it delivered.
final class SlowTransport: MailTransport, Sendable {
    let started = Mutex(0)
    let delivered = Mutex(0)
    private let gate = AsyncStream<Void>.makeStream()

    var description: String { "slow test transport" }

    func open() { gate.continuation.finish() }

    func deliver(_ message: MailMessage) async throws {
        started.withLock { $0 += 1 }
        for await _ in gate.stream {}
        delivered.withLock { $0 += 1 }
    }
}
