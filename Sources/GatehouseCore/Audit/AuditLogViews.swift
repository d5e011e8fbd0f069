import Foundation

/// Reading the audit log back: support's filtered pages and export, the chain check, and each person's
/// own security events.
public struct AuditLogViews: Sendable {
    let store: any Store
    let trail: AuditTrail

    public init(store: any Store, trail: AuditTrail) {
        self.store = store
        self.trail = trail
    }

    /// What support may filter by; each filter narrows.
    public struct Filter: Sendable, Equatable {
        public var actor: AccountID?
        public var subject: AccountID?
        public var types: [AuditEventType]
        public var from: Date?
        public var to: Date?

        public init(actor: AccountID? = nil, subject: AccountID? = nil, types: [AuditEventType] = [], from: Date? = nil, to: Date? = nil) {
            self.actor = actor
            self.subject = subject
            self.types = types
            self.from = from
            self.to = to
        }

        /// The filter from the API's query parameters; a clear validation error for anything malformed.
        public static func parse(actor: String?, subject: String?, types: String?, from: Date?, to: Date?) throws -> Filter {
            func account(_ raw: String?, _ field: String) throws -> AccountID? {
                guard let raw, !raw.isEmpty else { return nil }
                guard let id = AccountID(raw) else {
                    throw GatehouseError.validation(field, "invalid", detail: "An account is named by its id (a UUID).")
                }
                return id
            }
            var parsedTypes: [AuditEventType] = []
            for part in (types ?? "").split(separator: ",") {
                let name = part.trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty else { continue }
                guard name.utf8.count <= 64, name.utf8.allSatisfy({ (0x61...0x7A).contains($0) || $0 == 0x2E || $0 == 0x5F }) else {
                    throw GatehouseError.validation("type", "invalid", detail: "An event type is lower-case letters, dots and underscores, e.g. login.failed.")
                }
                parsedTypes.append(AuditEventType(rawValue: name))
            }
            guard parsedTypes.count <= 20 else {
                throw GatehouseError.validation("type", "too_many", detail: "At most 20 event types at once.")
            }
            if let from, let to, from >= to {
                throw GatehouseError.validation("to", "before_from", detail: "The end of the period must come after its start.")
            }
            return Filter(actor: try account(actor, "actor"), subject: try account(subject, "subject"), types: parsedTypes, from: from, to: to)
        }

        func query(_ order: AuditQuery.Order, limit: Int) -> AuditQuery {
            AuditQuery(actor: actor, subject: subject, types: types, from: from, to: to, order: order, limit: limit)
        }
    }

    /// One page, newest first.
    public func page(_ filter: Filter, cursor: String?, limit: Int) async throws -> AuditPage {
        guard (1...200).contains(limit) else {
            throw GatehouseError.validation("limit", "out_of_range", detail: "A page holds 1 to 200 events.")
        }
        let before = try Self.cursor(cursor)
        // One more than asked says whether another page follows.
        let found = try await store.auditLog.search(filter.query(.newestFirst(before: before), limit: limit + 1))
        let records = Array(found.prefix(limit))
        return AuditPage(records: records, next: found.count > limit ? records.last.map { String($0.sequence) } : nil)
    }

    /// The person's own security events (those whose subject they are), newest first.
    public func securityEvents(of account: AccountID, cursor: String?, limit: Int) async throws -> AuditPage {
        try await page(Filter(subject: account), cursor: cursor, limit: limit)
    }

    /// The next matching events in chain order after sequence `after` (nil: from the start), at most
    /// `limit`: the export asks for one batch at a time, as its reader takes them.
    public func batch(_ filter: Filter, after: Int64?, limit: Int) async throws -> [AuditRecord] {
        try await store.auditLog.search(filter.query(.oldestFirst(after: after), limit: limit))
    }

    /// The cursor as a sequence; validated before any work starts.
    public static func cursor(_ cursor: String?) throws -> Int64? {
        guard let cursor, !cursor.isEmpty else { return nil }
        guard let sequence = AuditPage.sequence(fromCursor: cursor) else {
            throw GatehouseError.validation("cursor", "invalid", detail: "That cursor is not one this list gave.")
        }
        return sequence
    }

    /// The usernames of the accounts events name (as actor or subject), to show them by name; an
    /// erased account has none.
    public func usernames(of ids: Set<AccountID>) async throws -> [AccountID: String] {
        var names: [AccountID: String] = [:]
        for id in ids {
            if let account = try await store.accounts.account(id: id) { names[id] = account.username }
        }
        return names
    }

    /// The whole chain's check, as `gatehouse audit verify` does it.
    public func verify() async throws -> (checked: Int64, problem: AuditChain.Break?) {
        try await trail.verify(store)
    }
}

extension AuditChain.Break {
    /// The sequence of the first event that failed the check.
    public var sequence: Int64 {
        switch self {
        case .altered(let sequence), .broken(let sequence), .personalDataAltered(let sequence), .outOfRange(let sequence),
             .forgedBase(let sequence), .unknownKey(let sequence, _), .retiredKey(let sequence, _):
            sequence
        case .truncated(_, let found): found + 1
        case .countMismatch(_, let head): head
        }
    }
}
