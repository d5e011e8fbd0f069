import Foundation

/// Which audit records to read back, for the admin API, the export and a person's own security events.
/// Every filter narrows; an empty `types` means every type.
public struct AuditQuery: Sendable, Equatable {
    public enum Order: Sendable, Equatable {
        /// Newest first, sequences below `before` (nil: from the head).
        case newestFirst(before: Int64?)
        /// Chain order, sequences above `after` (nil: from the start), as the export writes them.
        case oldestFirst(after: Int64?)
    }

    public var actor: AccountID?
    public var subject: AccountID?
    public var types: [AuditEventType]
    /// Events at or after this instant.
    public var from: Date?
    /// Events before this instant.
    public var to: Date?
    public var order: Order
    public var limit: Int

    public init(actor: AccountID? = nil, subject: AccountID? = nil, types: [AuditEventType] = [], from: Date? = nil, to: Date? = nil,
                order: Order = .newestFirst(before: nil), limit: Int = 50) {
        self.actor = actor
        self.subject = subject
        self.types = types
        self.from = from
        self.to = to
        self.order = order
        self.limit = limit
    }
}

/// One page of audit records and the cursor of the next (nil: the last page). The cursor is the last
/// record's sequence number as text: the log only grows at its head, so a page never repeats or skips a
/// record, even while events are appended.
public struct AuditPage: Sendable {
    public var records: [AuditRecord]
    public var next: String?

    public init(records: [AuditRecord], next: String?) {
        self.records = records
        self.next = next
    }

    /// A cursor this API gave: a positive sequence number; nil for anything else.
    public static func sequence(fromCursor cursor: String) -> Int64? {
        guard cursor.utf8.count <= 19, cursor.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = Int64(cursor), value > 0 else {
            return nil
        }
        return value
    }
}
