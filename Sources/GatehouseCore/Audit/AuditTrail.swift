import Foundation

/// Appends audit events in the same transaction as the change they describe.
public struct AuditTrail: Sendable {
    public let chain: AuditChain
    let clock: any WallClock
    let random: any RandomSource

    public init(keys: KeyRing, clock: any WallClock, random: any RandomSource) {
        self.chain = AuditChain(keys: keys)
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
        let rows = try await store.auditLog.count(through: verifier.lastSequence)
        if rows != verifier.checked { return (verifier.checked, .countMismatch(rows: rows, head: head.sequence)) }
        return (verifier.checked, nil)
    }
}
