import Foundation

/// Length-prefixed joining, so no choice of field values can make two different rows hash alike.
enum AuditCanonical {
    static func join(_ fields: [String?]) -> String {
        fields.map { field in field.map { "\($0.utf8.count):\($0)" } ?? "-" }.joined(separator: "|")
    }
}

/// Builds and checks the hash chain of the audit log.
public struct AuditChain: Sendable {
    let keys: KeyRing

    public init(keys: KeyRing) {
        self.keys = keys
    }

    /// Links `events` after `head` in order; returns the records to insert and the new head.
    public func link(_ events: [AuditEvent], after head: AuditChainHead, at date: Date, random: any RandomSource) -> ([AuditRecord], AuditChainHead) {
        var head = head
        var records: [AuditRecord] = []
        for event in events {
            let sequence = head.sequence + 1
            let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
            var record = AuditRecord(
                sequence: sequence, id: random.uuidV7(at: date).uuidString.lowercased(),
                occurredAt: Date(timeIntervalSince1970: Double(millis) / 1000), type: event.type,
                actorID: event.actorID, subjectID: event.subjectID, requestID: event.requestID,
                details: Self.canonicalDetails(event.details), personal: event.personal,
                personalMAC: personalMAC(event.personal), previousHash: head.hash, hash: "", keyID: keys.currentID)
            record.hash = hash(of: record) ?? ""
            records.append(record)
            head = AuditChainHead(sequence: sequence, hash: record.hash)
        }
        return (records, head)
    }

    /// The HMAC of personal data under the current key (what a new record stores).
    public func personalMAC(_ personal: AuditPersonalData) -> String {
        keys.mac(.auditPersonalData, personal.canonical)
    }

    /// The hash binding a record to its predecessor: HMAC-SHA256 under the `audit chain` key of the
    /// secret key the record names (the current one for a new record), so someone who can write to the
    /// database but lacks the server's secret cannot rewrite a row and recompute the chain after it.
    /// Personal data enters only through its HMAC. Nil when the ring lacks the named key.
    public func hash(of record: AuditRecord) -> String? {
        keys.mac(.auditChain, Self.hashedText(record), keyID: record.keyID ?? keys.currentID)
    }

    /// The fields the hash covers; a record that names its key covers the key id too (so it cannot be
    /// relabelled), one from before key ids has the fields it always had.
    static func hashedText(_ record: AuditRecord) -> String {
        let millis = Int64((record.occurredAt.timeIntervalSince1970 * 1000).rounded())
        var fields: [String?] = [
            String(record.sequence), record.id, String(millis), record.type.rawValue, record.actorID?.rawValue,
            record.subjectID?.rawValue, record.requestID, record.details, record.personalMAC, record.previousHash,
        ]
        if let keyID = record.keyID { fields.append("key " + keyID) }
        return AuditCanonical.join(fields)
    }

    /// The id of the ring's key under which `record`'s hash checks out: the key it names, or for a record
    /// from before keys had ids, whichever key of the ring fits. Nil when none does.
    func signingKey(of record: AuditRecord) -> String? {
        let text = Self.hashedText(record)
        var found: String?
        for id in record.keyID.map({ [$0] }) ?? keys.ids {
            if let mac = keys.mac(.auditChain, text, keyID: id), constantTimeEquals(mac, record.hash), found == nil { found = id }
        }
        return found
    }

    static func canonicalDetails(_ details: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(details), as: UTF8.self)) ?? "{}"
    }

    public enum Break: Sendable, Equatable, CustomStringConvertible {
        /// A row's content no longer matches its hash (edited).
        case altered(sequence: Int64)
        /// A row's link does not point at the row before it, or a sequence number is missing (deleted).
        case broken(sequence: Int64)
        /// Personal columns were changed (not erased) after the fact.
        case personalDataAltered(sequence: Int64)
        /// The chain ends before the head says it does (rows deleted at the end).
        case truncated(expected: Int64, found: Int64)
        /// A row numbered 0 or below (sequences start at 1), or one past the head.
        case outOfRange(sequence: Int64)
        /// The table holds a different number of rows than the chain (rows the walk cannot reach).
        case countMismatch(rows: Int64, head: Int64)
        /// The chain's base (left by retention) is not signed by this server: rows were cut off the start.
        case forgedBase(sequence: Int64)
        /// A row names a secret key the server does not hold (neither `secret_key` nor a fallback).
        case unknownKey(sequence: Int64, keyID: String)
        /// A row signed under a key (nil: no key id) that an earlier `keys.retired` event retired.
        case retiredKey(sequence: Int64, keyID: String?)

        public var description: String {
            switch self {
            case .altered(let sequence): "event \(sequence) was altered: its content does not match its hash"
            case .broken(let sequence): "the chain is broken at event \(sequence): an event before it is missing or was replaced"
            case .personalDataAltered(let sequence): "event \(sequence): personal data was changed after it was recorded"
            case .truncated(let expected, let found): "the chain ends at event \(found) but its head says \(expected): events were deleted"
            case .outOfRange(let sequence): "event \(sequence) lies outside the chain (sequences run from 1 to the head): it was inserted"
            case .countMismatch(let rows, let head): "the log holds \(rows) rows but its chain has \(head): rows were inserted or cannot be read"
            case .forgedBase(let sequence): "the log claims to start after event \(sequence), but that starting point is not signed by this server: events were cut off its start"
            case .unknownKey(let sequence, let keyID): "event \(sequence) names key \(keyID), which is neither secret_key nor one of secret_key_fallbacks: that key is missing from the configuration, or the row was altered"
            case .retiredKey(let sequence, let keyID): "event \(sequence) is signed under \(keyID.map { "key " + $0 } ?? "no named key"), which an earlier keys.retired event retired: it was written with an old key after the rotation"
            }
        }
    }

    /// Checks records in sequence order, page by page; call `finish` with the head after the last page.
    public struct Verifier: Sendable {
        let chain: AuditChain
        var previous = AuditChainHead.genesis
        public private(set) var checked: Int64 = 0
        /// Keys retired by the `keys.retired` events walked so far: nothing after such an event may be
        /// signed under them, nor without a key id.
        public private(set) var retired: Set<String> = []
        /// The sequence of the last event that checked out (0 before the first).
        public var lastSequence: Int64 { previous.sequence }

        public init(chain: AuditChain) {
            self.chain = chain
        }

        /// Starts after a checked base instead of the genesis (the rows up to it were pruned).
        public mutating func start(after base: AuditChainHead) {
            previous = base
        }

        public mutating func check(_ record: AuditRecord) -> Break? {
            if record.sequence <= 0 { return .outOfRange(sequence: record.sequence) }
            if record.sequence != previous.sequence + 1 || record.previousHash != previous.hash {
                return .broken(sequence: record.sequence)
            }
            if !retired.isEmpty, record.keyID.map(retired.contains) ?? true { return .retiredKey(sequence: record.sequence, keyID: record.keyID) }
            if let named = record.keyID, !chain.keys.holds(named) { return .unknownKey(sequence: record.sequence, keyID: named) }
            guard let keyID = chain.signingKey(of: record) else { return .altered(sequence: record.sequence) }
            // Erased personal data (all columns empty) is allowed; changed personal data is not.
            if !record.personal.isEmpty,
               chain.keys.mac(.auditPersonalData, record.personal.canonical, keyID: keyID).map({ constantTimeEquals($0, record.personalMAC) }) != true {
                return .personalDataAltered(sequence: record.sequence)
            }
            if record.type == .keysRetired, let keys = Self.retiredKeys(record) { retired.formUnion(keys) }
            previous = AuditChainHead(sequence: record.sequence, hash: record.hash)
            checked += 1
            return nil
        }

        /// The key ids a verified `keys.retired` record retires (its `keys` detail, comma-separated).
        static func retiredKeys(_ record: AuditRecord) -> [String]? {
            guard let details = try? JSONDecoder().decode([String: String].self, from: Data(record.details.utf8)), let keys = details["keys"] else { return nil }
            return keys.split(separator: ",").map(String.init).filter { $0 != record.keyID }
        }

        public func finish(head: AuditChainHead) -> Break? {
            if previous.sequence > head.sequence { return .outOfRange(sequence: head.sequence + 1) }
            if head.sequence != previous.sequence || head.hash != previous.hash {
                return .truncated(expected: head.sequence, found: previous.sequence)
            }
            return nil
        }
    }
}
