/// Reading the audit log back (verification, the admin API). Appending happens inside transactions
/// through `StoreTransaction.audit(_:)`.
public protocol AuditStore: Sendable {
    func head() async throws -> AuditChainHead
    /// Records with sequence greater than `after`, in order.
    func records(after: Int64, limit: Int) async throws -> [AuditRecord]
    /// How many rows the log holds, whatever their sequence numbers.
    func count() async throws -> Int64
}
