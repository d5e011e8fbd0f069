import Foundation
import GatehouseCore
import SQLKit

struct SQLAuditStore: AuditStore {
    let reader: any SQLExecutor
    let errors: any DatabaseErrorTranslator

    func head() async throws -> AuditChainHead {
        do {
            return try await reader.run { db in try await Self.head(db, lockSuffix: "") }
        } catch { throw errors.translate(error) }
    }

    func count(through sequence: Int64) async throws -> Int64 {
        do {
            return try await reader.run { db in
                try await db.raw("SELECT COUNT(*) AS n FROM audit_events WHERE sequence IS NULL OR sequence <= \(bind: sequence)")
                    .first()?.decode(column: "n", as: Int64.self) ?? 0
            }
        } catch { throw errors.translate(error) }
    }

    func records(after: Int64, limit: Int) async throws -> [AuditRecord] {
        do {
            return try await reader.run { db in
                try await db.raw("""
                    SELECT sequence, id, occurred_at, type, actor_id, subject_id, request_id, details, ip, user_agent,
                           identifier_hash, email, personal_mac, previous_hash, hash, key_id
                    FROM audit_events WHERE sequence > \(bind: after) ORDER BY sequence LIMIT \(bind: limit)
                    """).all()
            }.map(Self.decode)
        } catch { throw errors.translate(error) }
    }

    func recent(subject: AccountID, limit: Int) async throws -> [AuditRecord] {
        do {
            return try await reader.run { db in
                // Served by audit_events_subject_idx (subject_id, sequence).
                try await db.raw("""
                    SELECT sequence, id, occurred_at, type, actor_id, subject_id, request_id, details, ip, user_agent,
                           identifier_hash, email, personal_mac, previous_hash, hash, key_id
                    FROM audit_events WHERE subject_id = \(bind: subject.rawValue) ORDER BY sequence DESC LIMIT \(bind: limit)
                    """).all()
            }.map(Self.decode)
        } catch { throw errors.translate(error) }
    }

    func search(_ query: AuditQuery) async throws -> [AuditRecord] {
        do {
            return try await reader.run { db in
                var sql = SQLQueryString("SELECT \(unsafeRaw: Self.columns) FROM audit_events WHERE sequence > 0")
                // Each filter is served by an index that ends in sequence: subject, actor, type, occurred_at.
                if let actor = query.actor {
                    sql.appendInterpolation(unsafeRaw: " AND actor_id = ")
                    sql.appendInterpolation(bind: actor.rawValue)
                }
                if let subject = query.subject {
                    sql.appendInterpolation(unsafeRaw: " AND subject_id = ")
                    sql.appendInterpolation(bind: subject.rawValue)
                }
                if !query.types.isEmpty {
                    sql.appendInterpolation(unsafeRaw: " AND type IN (")
                    for (index, type) in query.types.enumerated() {
                        if index > 0 { sql.appendInterpolation(unsafeRaw: ", ") }
                        sql.appendInterpolation(bind: type.rawValue)
                    }
                    sql.appendInterpolation(unsafeRaw: ")")
                }
                if let from = query.from {
                    sql.appendInterpolation(unsafeRaw: " AND occurred_at >= ")
                    sql.appendInterpolation(bind: from.storageMillis)
                }
                if let to = query.to {
                    sql.appendInterpolation(unsafeRaw: " AND occurred_at < ")
                    sql.appendInterpolation(bind: to.storageMillis)
                }
                switch query.order {
                case .newestFirst(let before):
                    if let before {
                        sql.appendInterpolation(unsafeRaw: " AND sequence < ")
                        sql.appendInterpolation(bind: before)
                    }
                    sql.appendInterpolation(unsafeRaw: " ORDER BY sequence DESC")
                case .oldestFirst(let after):
                    if let after {
                        sql.appendInterpolation(unsafeRaw: " AND sequence > ")
                        sql.appendInterpolation(bind: after)
                    }
                    sql.appendInterpolation(unsafeRaw: " ORDER BY sequence")
                }
                sql.appendInterpolation(unsafeRaw: " LIMIT ")
                sql.appendInterpolation(bind: query.limit)
                return try await db.raw(sql).all()
            }.map(Self.decode)
        } catch { throw errors.translate(error) }
    }

    func base() async throws -> AuditCheckpoint? {
        do {
            return try await reader.run { db in
                guard let row = try await db.raw(
                    "SELECT base_sequence, base_hash, base_created_at, base_signature FROM audit_chain_head WHERE id = 1").first(),
                    let signature = try row.decode(column: "base_signature", as: String?.self) else { return nil }
                return AuditCheckpoint(
                    sequence: try row.decode(column: "base_sequence", as: Int64.self), hash: try row.decode(column: "base_hash", as: String.self),
                    createdAt: Date(storageMillis: try row.decode(column: "base_created_at", as: Int64.self)), signature: signature)
            }
        } catch { throw errors.translate(error) }
    }

    static let columns = """
        sequence, id, occurred_at, type, actor_id, subject_id, request_id, details, ip, user_agent,
        identifier_hash, email, personal_mac, previous_hash, hash, key_id
        """

    static func prune(through base: AuditCheckpoint, in db: any SQLDatabase) async throws -> Int {
        let removed = try await db.raw("DELETE FROM audit_events WHERE sequence <= \(bind: base.sequence) RETURNING sequence").all().count
        try await db.raw("""
            UPDATE audit_chain_head SET base_sequence = \(bind: base.sequence), base_hash = \(bind: base.hash),
                base_created_at = \(bind: base.createdAt.storageMillis), base_signature = \(bind: base.signature)
            WHERE id = 1
            """).run()
        return removed
    }

    static func head(_ db: any SQLDatabase, lockSuffix: String) async throws -> AuditChainHead {
        guard let row = try await db.raw("SELECT sequence, hash FROM audit_chain_head WHERE id = 1\(unsafeRaw: lockSuffix)").first() else {
            throw StoreError.corrupt("the audit chain head row is missing")
        }
        return AuditChainHead(sequence: try row.decode(column: "sequence", as: Int64.self), hash: try row.decode(column: "hash", as: String.self))
    }

    static func append(_ records: [AuditRecord], head: AuditChainHead, in db: any SQLDatabase) async throws {
        for record in records {
            try await db.raw("""
                INSERT INTO audit_events (sequence, id, occurred_at, type, actor_id, subject_id, request_id, details, ip,
                    user_agent, identifier_hash, email, personal_mac, previous_hash, hash, key_id)
                VALUES (\(bind: record.sequence), \(bind: record.id), \(bind: record.occurredAt.storageMillis), \(bind: record.type.rawValue),
                    \(bind: record.actorID?.rawValue), \(bind: record.subjectID?.rawValue), \(bind: record.requestID), \(bind: record.details),
                    \(bind: record.personal.ip), \(bind: record.personal.userAgent), \(bind: record.personal.identifierHash),
                    \(bind: record.personal.email), \(bind: record.personalMAC), \(bind: record.previousHash), \(bind: record.hash),
                    \(bind: record.keyID))
                """).run()
        }
        try await db.raw("UPDATE audit_chain_head SET sequence = \(bind: head.sequence), hash = \(bind: head.hash) WHERE id = 1").run()
    }

    static func decode(_ row: any SQLRow) throws -> AuditRecord {
        AuditRecord(
            sequence: try row.decode(column: "sequence", as: Int64.self),
            id: try row.decode(column: "id", as: String.self),
            occurredAt: Date(storageMillis: try row.decode(column: "occurred_at", as: Int64.self)),
            type: AuditEventType(rawValue: try row.decode(column: "type", as: String.self)),
            actorID: try row.decode(column: "actor_id", as: String?.self).map(AccountID.init(rawValue:)),
            subjectID: try row.decode(column: "subject_id", as: String?.self).map(AccountID.init(rawValue:)),
            requestID: try row.decode(column: "request_id", as: String?.self),
            details: try row.decode(column: "details", as: String.self),
            personal: AuditPersonalData(
                ip: try row.decode(column: "ip", as: String?.self),
                userAgent: try row.decode(column: "user_agent", as: String?.self),
                identifierHash: try row.decode(column: "identifier_hash", as: String?.self),
                email: try row.decode(column: "email", as: String?.self)),
            personalMAC: try row.decode(column: "personal_mac", as: String.self),
            previousHash: try row.decode(column: "previous_hash", as: String.self),
            hash: try row.decode(column: "hash", as: String.self),
            keyID: try row.decode(column: "key_id", as: String?.self))
    }
}

struct SQLRateLimitStore: RateLimitStore {
    let writer: any SQLExecutor
    let errors: any DatabaseErrorTranslator

    func consume(key: String, limit: RateLimit, at date: Date) async throws -> RateLimitDecision {
        // GCRA: `tat` is the theoretical arrival time of the next event. Each event moves it one emission
        // interval on; an event is admitted while tat stays within one window of now. One upsert decides,
        // so concurrent requests (and instances) cannot both take the last slot.
        let now = date.storageMillis
        let window = Int64(limit.window.components.seconds) * 1000
        let interval = max(1, window / Int64(limit.count))
        do {
            return try await writer.run { db in
                let admitted = try await db.raw("""
                    INSERT INTO rate_limits (key, tat) VALUES (\(bind: key), \(bind: now + interval))
                    ON CONFLICT (key) DO UPDATE
                        SET tat = (CASE WHEN rate_limits.tat > \(bind: now) THEN rate_limits.tat ELSE \(bind: now) END) + \(bind: interval)
                        WHERE (CASE WHEN rate_limits.tat > \(bind: now) THEN rate_limits.tat ELSE \(bind: now) END) + \(bind: interval) - \(bind: now) <= \(bind: window)
                    RETURNING tat
                    """).first()
                if admitted != nil { return .allowed }
                let tat = try await db.raw("SELECT tat FROM rate_limits WHERE key = \(bind: key)").first()?.decode(column: "tat", as: Int64.self) ?? now
                let waitMillis = tat + interval - window - now
                return .limited(retryAfter: max(1, Int((waitMillis + 999) / 1000)))
            }
        } catch { throw errors.translate(error) }
    }

    func refund(key: String, limit: RateLimit) async throws {
        // Moving tat back one interval undoes one consume; a tat that falls behind now means the same as now.
        let interval = max(1, Int64(limit.window.components.seconds) * 1000 / Int64(limit.count))
        do {
            try await writer.run { db in
                try await db.raw("UPDATE rate_limits SET tat = tat - \(bind: interval) WHERE key = \(bind: key)").run()
            }
        } catch { throw errors.translate(error) }
    }

    func purge(before date: Date) async throws -> Int {
        do {
            return try await writer.run { db in
                try await db.raw("DELETE FROM rate_limits WHERE tat < \(bind: date.storageMillis) RETURNING key").all().count
            }
        } catch { throw errors.translate(error) }
    }
}
