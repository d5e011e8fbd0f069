import Foundation
import GatehouseCore
import Logging
import Metrics
import SMTP

/// Timing of the outbox worker.
public struct OutboxPolicy: Sendable, Equatable {
    public var batchSize: Int
    /// How long a claim is held; a worker that dies leaves its rows to others after this.
    public var lease: Duration
    /// How often the worker looks for due rows when nothing wakes it (other instances' mail, retries).
    public var pollInterval: Duration
    /// Backoff: `firstRetry` × 2^(attempt−1), at most `maxRetry`.
    public var firstRetry: Duration
    public var maxRetry: Duration
    /// `outbox.give_up_after`: a message still undelivered this long after it was queued fails for good.
    public var giveUpAfter: Duration
    /// After a nudge the worker waits a random time in this range before it looks: when mail (or a
    /// job that looks an address up) is handled must not tell the request that queued it anything,
    /// such as whether an address has an account (by load on the database or `/readyz`'s timing).
    public var wakeDelay: ClosedRange<Duration>

    public init(batchSize: Int = 10, lease: Duration = .seconds(120), pollInterval: Duration = .seconds(5),
                firstRetry: Duration = .seconds(30), maxRetry: Duration = .seconds(3600), giveUpAfter: Duration = .seconds(48 * 3600),
                wakeDelay: ClosedRange<Duration> = .milliseconds(500) ... .milliseconds(2500)) {
        self.wakeDelay = wakeDelay
        self.batchSize = batchSize
        self.lease = lease
        self.pollInterval = pollInterval
        self.firstRetry = firstRetry
        self.maxRetry = maxRetry
        self.giveUpAfter = giveUpAfter
    }

    public func retryDelay(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let seconds = firstRetry.timeInterval * pow(2, Double(exponent))
        return .milliseconds(Int64(min(seconds, maxRetry.timeInterval) * 1000))
    }
}

/// Sends what the outbox holds: claims due rows under a lease, runs deferred jobs, composes and
/// delivers mail, and settles each row with its claim token. Delivery is at least once: a crash between
/// sending and marking sent sends that message again after the lease, with the same Message-ID.
public struct OutboxWorker: Sendable {
    /// Runs a `job.*` entry inside the worker's transaction (see `SelfService.runJob`).
    public typealias JobRunner = @Sendable (OutgoingMail, Work) async throws -> Void

    public struct Outcome: Sendable, Equatable {
        public var sent = 0
        public var jobs = 0
        public var retried = 0
        public var failed = 0
        public var total: Int { sent + jobs + retried + failed }
    }

    public let store: any Store
    public let mailer: Mailer
    public let composer: MailComposer
    public let transport: any MailTransport
    public let from: MailAddress
    public let trail: AuditTrail
    /// Its own writes (settling rows, deferred jobs) as units of work; mail a job queues wakes it again.
    public let units: UnitOfWork
    public let policy: OutboxPolicy
    public let runJob: JobRunner
    public let logger: Logger
    /// The right-hand side of Message-IDs: the host of `public_url`.
    public let messageIDDomain: String

    public init(store: any Store, mailer: Mailer, composer: MailComposer, transport: any MailTransport, from: MailAddress, trail: AuditTrail,
                policy: OutboxPolicy, logger: Logger, runJob: @escaping JobRunner) {
        self.store = store
        self.mailer = mailer
        self.composer = composer
        self.transport = transport
        self.from = from
        self.trail = trail
        self.units = UnitOfWork(store: store, trail: trail, cache: nil, outbox: mailer.signal)
        self.policy = policy
        self.runJob = runJob
        self.logger = logger
        self.messageIDDomain = URLComponents(string: mailer.publicURL)?.host.flatMap { $0.isEmpty ? nil : $0 } ?? "gatehouse.invalid"
    }

    var clock: any WallClock { mailer.clock }

    /// `gatehouse_mail_total{result="retried|failed"}`, for alerting on a mail server that is down.
    /// Sent mail is not counted: the count would rise after a password reset for an address that has
    /// an account and not after one for an unknown address, telling anyone who can read /metrics.
    static func count(_ result: String) {
        Counter(label: "gatehouse_mail_total", dimensions: [("result", result)]).increment()
    }

    /// Works until cancelled: a batch, then another at once while there was work, else waits for a
    /// nudge or the poll interval.
    public func run() async {
        var nextPurge = clock.now()
        while !Task.isCancelled {
            if clock.now() >= nextPurge {
                nextPurge = clock.now().addingTimeInterval(3600)
                await purge()
            }
            var outcome = Outcome()
            do {
                outcome = try await runOnce()
            } catch is CancellationError {
                return
            } catch {
                logger.warning("outbox pass failed", metadata: ["error": "\(error)"])
            }
            if outcome.total == 0 || outcome.retried + outcome.failed == outcome.total {
                await mailer.signal.wait(timeout: policy.pollInterval)
                // Woken by a nudge or the poll: a random pause, so the work a request queued is not
                // done at a time that can be tied to it.
                try? await Task.sleep(for: Self.jittered(policy.wakeDelay))
            }
        }
    }

    static func jittered(_ range: ClosedRange<Duration>) -> Duration {
        let low = range.lowerBound.timeInterval, high = range.upperBound.timeInterval
        return .milliseconds(Int64(Double.random(in: low...high) * 1000))
    }

    /// Drops sent and failed rows after a week and link tokens a day after they expired.
    func purge() async {
        let now = clock.now()
        do {
            let rows = try await store.outbox.purge(settledBefore: now.addingTimeInterval(-7 * 86400))
            let tokens = try await store.linkTokens.purge(expiredBefore: now.addingTimeInterval(-86400))
            if rows + tokens > 0 { logger.info("outbox purged", metadata: ["rows": "\(rows)", "link_tokens": "\(tokens)"]) }
        } catch {
            logger.warning("outbox purge failed", metadata: ["error": "\(error)"])
        }
    }

    /// One batch: claims up to `batchSize` due rows and settles each.
    @discardableResult
    public func runOnce() async throws -> Outcome {
        let now = clock.now()
        let claimToken = SecretToken.generate(mailer.random)
        let claimed = try await store.outbox.claim(limit: policy.batchSize, now: now, until: now.addingTimeInterval(policy.lease.timeInterval), claimToken: claimToken)
        var outcome = Outcome()
        for (index, entry) in claimed.enumerated() {
            if Task.isCancelled {
                await release(Array(claimed[index...]))
                break
            }
            // Outside this task: once begun, a row is delivered and settled even when shutdown cancels
            // the worker meanwhile (a store call from a cancelled task would fail, and the row would be
            // sent again when its lease ends).
            let settled = await Task {
                var one = Outcome()
                await self.process(entry, outcome: &one)
                return one
            }.value
            outcome.sent += settled.sent
            outcome.jobs += settled.jobs
            outcome.retried += settled.retried
            outcome.failed += settled.failed
        }
        return outcome
    }

    /// Shutting down: the rows claimed but not yet tried go back, so another instance sends them now
    /// rather than when their lease would have ended. Runs outside the cancelled task.
    private func release(_ entries: [ClaimedOutboxEntry]) async {
        let store = self.store, logger = self.logger
        await Task {
            for entry in entries {
                do {
                    _ = try await store.outbox.release(id: entry.id, claimToken: entry.claimToken)
                } catch {
                    logger.warning("could not hand back an outbox row; it goes out when its lease ends", metadata: ["outbox.id": "\(entry.id)", "error": "\(error)"])
                }
            }
            if !entries.isEmpty { logger.info("outbox rows handed back at shutdown", metadata: ["count": "\(entries.count)"]) }
        }.value
    }

    private func process(_ entry: ClaimedOutboxEntry, outcome: inout Outcome) async {
        let mail: OutgoingMail
        do {
            mail = try mailer.open(entry.payload)
        } catch let error as UnknownSecretKey {
            // An instance that lacks the key this mail was sealed under (a rotation rolling out): another
            // instance, or this one once it has the key, sends it.
            logger.warning("outbox row sealed under a key this instance lacks; retried later", metadata: ["outbox.id": "\(entry.id)", "key": "\(error.keyID)"])
            await retryOrFail(entry, error: error, transient: true, outcome: &outcome)
            return
        } catch {
            await fail(entry, reason: "payload could not be opened: \(error)", outcome: &outcome)
            return
        }
        if mail.kind.isJob {
            do {
                try await units.run { work in
                    try await runJob(mail, work)
                    guard try await work.outbox.markSent(id: entry.id, claimToken: entry.claimToken, at: clock.now()) else {
                        throw CancellationError()  // The lease was lost; another worker has the row.
                    }
                }
                outcome.jobs += 1
            } catch {
                await retryOrFail(entry, error: error, transient: true, outcome: &outcome)
            }
            return
        }
        let message: MailMessage
        do {
            let composed = try composer.compose(kind: mail.kind.rawValue, language: mail.language.rawValue, values: mail.values)
            message = try MailMessage(
                messageID: "\(entry.id)@\(messageIDDomain)", date: clock.now(), from: from, to: [MailAddress(mail.to)],
                subject: composed.subject, textBody: composed.text, htmlBody: composed.html,
                extraHeaders: [
                    MailHeader(.autoSubmitted, "auto-generated"), MailHeader(.xAutoResponseSuppress, "All"),
                    MailHeader(.xGatehouseMessage, mail.kind.rawValue),
                ])
        } catch {
            await fail(entry, reason: "message could not be built: \(error)", outcome: &outcome)
            return
        }
        do {
            let until = clock.now().addingTimeInterval(policy.lease.timeInterval)
            guard try await store.outbox.renewLease(id: entry.id, claimToken: entry.claimToken, until: until) else {
                logger.warning("outbox lease lost before sending; another worker has the row", metadata: ["outbox.id": "\(entry.id)"])
                return
            }
        } catch {
            logger.warning("could not renew an outbox lease", metadata: ["outbox.id": "\(entry.id)", "error": "\(error)"])
            return
        }
        do {
            try await transport.deliver(message)
        } catch {
            let transient = (error as? SMTPError)?.isTransient ?? true
            await retryOrFail(entry, error: error, transient: transient || Self.isRetryableConfiguration(error), outcome: &outcome)
            return
        }
        do {
            if try await store.outbox.markSent(id: entry.id, claimToken: entry.claimToken, at: clock.now()) {
                outcome.sent += 1
                logger.info("mail sent", metadata: ["outbox.id": "\(entry.id)", "mail.kind": "\(entry.kind)", "attempt": "\(entry.attempts)"])
            } else {
                logger.warning("mail sent after its lease ended; it may be sent twice", metadata: ["outbox.id": "\(entry.id)"])
            }
        } catch {
            logger.error("mail sent but not marked; it will be sent again", metadata: ["outbox.id": "\(entry.id)", "error": "\(error)"])
        }
    }

    /// TLS and protocol problems are usually configuration an operator fixes: keep retrying until
    /// `give_up_after` rather than dropping mail at once. Only a 5xx answer or an invalid message is final.
    static func isRetryableConfiguration(_ error: any Error) -> Bool {
        guard let error = error as? SMTPError else { return true }
        switch error {
        case .tls, .protocolViolation, .configuration: return true
        default: return false
        }
    }

    /// Error text without mail addresses (SMTP replies often quote the recipient): it goes to the log,
    /// the outbox row and the audit log, none of which may hold an address.
    public static func redacted(_ text: String) -> String {
        text.replacing(/[^\s<>"'(),;:\[\]]+[@\x{FF20}\x{FE6B}][^\s<>"'(),;:\[\]]+/, with: "<address>")
    }

    private func retryOrFail(_ entry: ClaimedOutboxEntry, error: any Error, transient: Bool, outcome: inout Outcome) async {
        let now = clock.now()
        let age = now.timeIntervalSince(entry.createdAt)
        guard transient, age < policy.giveUpAfter.timeInterval else {
            await fail(entry, reason: Self.redacted("\(error)"), outcome: &outcome)
            return
        }
        let errorText = Self.redacted("\(error)")
        let next = now.addingTimeInterval(policy.retryDelay(afterAttempt: entry.attempts).timeInterval)
        do {
            _ = try await store.outbox.reschedule(id: entry.id, claimToken: entry.claimToken, nextAttemptAt: next, error: errorText)
            outcome.retried += 1
            Self.count("retried")
            logger.warning("mail delivery failed; will retry", metadata: [
                "outbox.id": "\(entry.id)", "mail.kind": "\(entry.kind)", "attempt": "\(entry.attempts)", "retry_at": "\(next)", "error": "\(errorText)",
            ])
        } catch {
            logger.error("could not reschedule mail", metadata: ["outbox.id": "\(entry.id)", "error": "\(error)"])
        }
    }

    /// Gives up on a row: marked failed, logged as an error and audited.
    private func fail(_ entry: ClaimedOutboxEntry, reason unredacted: String, outcome: inout Outcome) async {
        let now = clock.now()
        let reason = Self.redacted(unredacted)
        do {
            try await units.run { work in
                guard try await work.outbox.markFailed(id: entry.id, claimToken: entry.claimToken, at: now, error: reason) else { return }
                work.record(AuditEvent(.mailFailed, details: ["outbox_id": entry.id, "kind": entry.kind.rawValue, "attempts": String(entry.attempts),
                                                              "error": String(reason.prefix(300))]))
            }
            outcome.failed += 1
            Self.count("failed")
            logger.error("mail given up", metadata: ["outbox.id": "\(entry.id)", "mail.kind": "\(entry.kind)", "attempts": "\(entry.attempts)", "error": "\(reason)"])
        } catch {
            logger.error("could not mark mail failed", metadata: ["outbox.id": "\(entry.id)", "error": "\(error)"])
        }
    }
}
