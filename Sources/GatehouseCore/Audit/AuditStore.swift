/// Reading the audit log back (verification, the admin API). Appending happens inside transactions
/// through `StoreTransaction.audit(_:)`.
public protocol AuditStore: Sendable {
    func head() async throws -> AuditChainHead
    /// Records with sequence greater than `after`, in order.
    func records(after: Int64, limit: Int) async throws -> [AuditRecord]
    /// The newest records about one account (as their subject), newest first.
    func recent(subject: AccountID, limit: Int) async throws -> [AuditRecord]
    /// How many rows the log holds up to `sequence`, rows without a usable sequence (NULL, which SQLite
    /// allows) and numbered 0 or below included.
    func count(through sequence: Int64) async throws -> Int64
    /// Records matching the query's filters, in its order, at most `limit`.
    func search(_ query: AuditQuery) async throws -> [AuditRecord]
    /// Where the chain starts after pruning (rows up to it were deleted); nil while the log is whole.
    func base() async throws -> AuditCheckpoint?
}
