import Foundation
import GatehouseCore
import OpenAPIRuntime

/// The audit log as support reads it (`admin:audit`), and each person's own security events.
extension GatehouseAPI {
    var auditViews: AuditLogViews { AuditLogViews(store: administration.store, trail: administration.trail) }

    func adminListAuditEvents(_ input: Operations.AdminListAuditEvents.Input) async throws -> Operations.AdminListAuditEvents.Output {
        let query = input.query
        let filter = try AuditLogViews.Filter.parse(actor: query.actor, subject: query.subject, types: query._type, from: query.from, to: query.to)
        let page = try await auditViews.page(filter, cursor: query.cursor, limit: query.limit ?? 50)
        return .ok(.init(body: .json(.init(events: page.records.map(Components.Schemas.AuditEntry.init), nextCursor: page.next))))
    }

    func adminExportAuditEvents(_ input: Operations.AdminExportAuditEvents.Input) async throws -> Operations.AdminExportAuditEvents.Output {
        let query = input.query
        let filter = try AuditLogViews.Filter.parse(actor: query.actor, subject: query.subject, types: query._type, from: query.from, to: query.to)
        let lines = AuditExport(views: auditViews, filter: filter, after: try AuditLogViews.cursor(query.cursor))
        return .ok(.init(body: .applicationXNdjson(HTTPBody(lines, length: .unknown, iterationBehavior: .single))))
    }

    func adminVerifyAuditLog(_ input: Operations.AdminVerifyAuditLog.Input) async throws -> Operations.AdminVerifyAuditLog.Output {
        let (checked, problem) = try await auditViews.verify()
        return .ok(.init(body: .json(.init(ok: problem == nil, checked: checked, firstBad: problem?.sequence, problem: problem?.description))))
    }

    func listSecurityEvents(_ input: Operations.ListSecurityEvents.Input) async throws -> Operations.ListSecurityEvents.Output {
        let caller = try SignedInContext.current
        let page = try await auditViews.securityEvents(of: caller.account.id, cursor: input.query.cursor, limit: input.query.limit ?? 50)
        return .ok(.init(body: .json(.init(events: page.records.map(Components.Schemas.SecurityEvent.init), nextCursor: page.next))))
    }

    /// One JSON object per line, encoded as the list encodes its entries.
    static func ndjson(_ records: [AuditRecord]) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        var bytes: [UInt8] = []
        for record in records {
            bytes += try encoder.encode(Components.Schemas.AuditEntry(record))
            bytes.append(0x0A)
        }
        return bytes
    }
}

/// The export's body: each batch is read from the database only when the client has taken the one
/// before, so a slow reader holds back the reading and memory stays flat however long the log is.
struct AuditExport: AsyncSequence, Sendable {
    typealias Element = ArraySlice<UInt8>
    let views: AuditLogViews
    let filter: AuditLogViews.Filter
    let after: Int64?
    var batchSize = 500

    func makeAsyncIterator() -> Iterator {
        Iterator(export: self, after: after)
    }

    struct Iterator: AsyncIteratorProtocol {
        let export: AuditExport
        var after: Int64?
        var finished = false

        mutating func next() async throws -> ArraySlice<UInt8>? {
            guard !finished else { return nil }
            let batch = try await export.views.batch(export.filter, after: after, limit: export.batchSize)
            if batch.count < export.batchSize { finished = true }
            guard let last = batch.last else { return nil }
            after = last.sequence
            return ArraySlice(try GatehouseAPI.ndjson(batch))
        }
    }
}

extension Components.Schemas.AuditEntry {
    init(_ record: AuditRecord) {
        self.init(sequence: record.sequence, id: record.id, _type: record.type.rawValue, occurredAt: record.occurredAt,
                  actorId: record.actorID?.rawValue, subjectId: record.subjectID?.rawValue, requestId: record.requestID,
                  details: .init(additionalProperties: record.detailValues), ip: record.personal.ip, userAgent: record.personal.userAgent,
                  email: record.personal.email, identifierHash: record.personal.identifierHash, previousHash: record.previousHash, hash: record.hash)
    }
}

extension AuditRecord {
    /// The details as the key-value object they were recorded from.
    var detailValues: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(details.utf8))) ?? [:]
    }
}
