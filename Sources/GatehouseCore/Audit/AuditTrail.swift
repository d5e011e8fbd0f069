import Foundation

/// Appends audit events in the same transaction as the change they describe.
public struct AuditTrail: Sendable {
    public let chain: AuditChain
    public let checkpoints: AuditCheckpointSigner
    let clock: any WallClock
    let random: any RandomSource

    public init(keys: KeyRing, clock: any WallClock, random: any RandomSource) {
        self.chain = AuditChain(keys: keys)
        self.checkpoints = AuditCheckpointSigner(keys: keys)
        self.clock = clock
        self.random = random
    }

    public func append(_ events: [AuditEvent], in tx: any StoreTransaction) async throws {
        guard !events.isEmpty else { return }
        let head = try await tx.lockAuditHead()
        let (records, newHead) = chain.link(events, after: head, at: clock.now(), random: random)
        try await tx.appendAudit(records, head: newHead)
    }

    /// Walks the whole chain, rows numbered 0 or below included; nil when intact, else the first break.
    /// The head is read after the walk (events appended meanwhile extend the chain and are walked too),
    /// and the rows up to the last one walked are counted: a count that differs (rows the walk cannot
    /// reach) is a break.
    public func verify(_ store: any Store, pageSize: Int = 1000) async throws -> (checked: Int64, problem: AuditChain.Break?) {
        var verifier = AuditChain.Verifier(chain: chain)
        var baseSigner: (sequence: Int64, key: String)?
        if let base = try await store.auditLog.base() {
            // Retention deleted the rows up to the base; only a base this server signed may stand for them.
            guard let signer = checkpoints.signer(of: base, as: .base) else { return (0, .forgedBase(sequence: base.sequence)) }
            baseSigner = (base.sequence, signer)
            verifier.start(after: base.head)
        }
        var after = Int64.min
        func walk() async throws -> AuditChain.Break? {
            while true {
                let page = try await store.auditLog.records(after: after, limit: pageSize)
                for record in page {
                    if let problem = verifier.check(record) { return problem }
                    after = record.sequence
                }
                if page.count < pageSize { return nil }
            }
        }
        if let problem = try await walk() { return (verifier.checked, problem) }
        var head = try await store.auditLog.head()
        for _ in 0..<3 where head.sequence > verifier.lastSequence {
            if let problem = try await walk() { return (verifier.checked, problem) }
            head = try await store.auditLog.head()
        }
        if let problem = verifier.finish(head: head) { return (verifier.checked, problem) }
        // `keys reseal` signs the base again under the current key before it retires the old ones: a base
        // still signed under a retired key was made with that key afterwards.
        if let baseSigner, verifier.retired.contains(baseSigner.key) { return (verifier.checked, .forgedBase(sequence: baseSigner.sequence)) }
        let rows = try await store.auditLog.count(through: verifier.lastSequence)
        if rows != verifier.checked { return (verifier.checked, .countMismatch(rows: rows, head: head.sequence)) }
        return (verifier.checked, nil)
    }

    /// A signed checkpoint of the chain's current head, for keeping outside the database.
    public func anchor(_ store: any Store) async throws -> AuditCheckpoint {
        checkpoints.sign(try await store.auditLog.head(), at: clock.now())
    }

    /// What a checkpoint kept outside the database says of the log now: nil when the log still holds
    /// the event it names, with the same hash (or retention has since deleted it), else the problem.
    public func check(_ checkpoint: AuditCheckpoint, against store: any Store) async throws -> CheckpointProblem? {
        guard checkpoints.isGenuine(checkpoint) else { return .notSigned(sequence: checkpoint.sequence) }
        if let base = try await store.auditLog.base(), checkpoint.sequence <= base.sequence {
            if checkpoint.sequence == base.sequence, checkpoint.hash != base.hash { return .rewritten(sequence: checkpoint.sequence) }
            return nil
        }
        let head = try await store.auditLog.head()
        if checkpoint.sequence > head.sequence { return .cutOff(checkpoint: checkpoint.sequence, head: head.sequence) }
        guard checkpoint.sequence > 0 else { return nil }
        guard let record = try await store.auditLog.records(after: checkpoint.sequence - 1, limit: 1).first,
              record.sequence == checkpoint.sequence else {
            return .cutOff(checkpoint: checkpoint.sequence, head: head.sequence)
        }
        return constantTimeEquals(record.hash, checkpoint.hash) ? nil : .rewritten(sequence: checkpoint.sequence)
    }

    public enum CheckpointProblem: Sendable, Equatable, CustomStringConvertible {
        /// The checkpoint's signature is not this server's.
        case notSigned(sequence: Int64)
        /// The log ends before the checkpoint's event: rows after some point were deleted.
        case cutOff(checkpoint: Int64, head: Int64)
        /// The event the checkpoint names has another hash now: the log was rewritten from there.
        case rewritten(sequence: Int64)

        public var description: String {
            switch self {
            case .notSigned(let sequence): "the checkpoint at event \(sequence) is not signed by this server's key"
            case .cutOff(let checkpoint, let head): "a checkpoint saw event \(checkpoint) but the log now ends at \(head): events were cut off"
            case .rewritten(let sequence): "event \(sequence) differs from the checkpoint taken of it: the log was rewritten"
            }
        }
    }

    /// Deletes the events that occurred before `cutoff` (`audit.retention`), keeping a signed checkpoint of
    /// the last one deleted as the chain's base, so what remains still verifies, and records
    /// `audit.pruned`. Returns how many events went (0: nothing was old enough).
    ///
    /// Only what checks out is signed away: the events are walked from the base in chain order, each
    /// verified, and the walk stops at the first one not older than `cutoff`. A tampered event (or one
    /// whose time was moved back to get it deleted) refuses the pruning instead of being buried under a
    /// genuine base.
    @discardableResult
    public func prune(before cutoff: Date, in store: any Store, atMost batch: Int = 5000) async throws -> Int {
        let units = UnitOfWork(store: store, trail: self, cache: nil, outbox: nil)
        let signer = checkpoints
        let chain = self.chain
        let now = clock.now()
        return try await units.run { work in
            _ = try await work.tx.lockAuditHead()
            var verifier = AuditChain.Verifier(chain: chain)
            if let base = try await store.auditLog.base() {
                guard signer.isGenuine(base, as: .base) else { throw PruneRefused(problem: .forgedBase(sequence: base.sequence)) }
                verifier.start(after: base.head)
            }
            var last: AuditChainHead?
            for record in try await store.auditLog.records(after: verifier.lastSequence, limit: batch) {
                guard record.occurredAt < cutoff else { break }
                if let problem = verifier.check(record) { throw PruneRefused(problem: problem) }
                last = AuditChainHead(sequence: record.sequence, hash: record.hash)
            }
            guard let last else { return 0 }
            let removed = try await work.tx.pruneAudit(through: signer.sign(last, at: now, as: .base))
            if removed > 0 {
                work.record(AuditEvent(.auditPruned, details: ["through_sequence": String(last.sequence), "count": String(removed)]))
            }
            return removed
        }
    }
}

/// `audit.retention`: deletes events older than `keep`, a bounded batch at a time so one run never
/// holds the audit head (and with it every write that audits) for long.
public struct AuditRetention: Sendable {
    let trail: AuditTrail
    let store: any Store
    let keep: Duration
    let clock: any WallClock
    let batchSize: Int

    public init(trail: AuditTrail, store: any Store, keep: Duration, clock: any WallClock, batchSize: Int = 5000) {
        self.trail = trail
        self.store = store
        self.keep = keep
        self.clock = clock
        self.batchSize = batchSize
    }

    /// Prunes until nothing is older than the retention; returns how many events went.
    @discardableResult
    public func prune() async throws -> Int {
        let cutoff = clock.now().addingTimeInterval(-keep.timeInterval)
        var total = 0
        while true {
            let removed = try await trail.prune(before: cutoff, in: store, atMost: batchSize)
            total += removed
            if removed < batchSize { return total }
        }
    }
}

/// Retention found an event that does not check out among those it was to delete, and deleted nothing.
public struct PruneRefused: Error, CustomStringConvertible {
    public let problem: AuditChain.Break

    public var description: String { "audit pruning refused: \(problem)" }
}
