import Foundation
import GatehouseStorage
import Logging
import PostgresKit
import PostgresNIO
import SQLiteKit
import SQLiteNIO
import SQLKit
import Synchronization

/// Replays captured statements under `EXPLAIN` and names those that would read a whole table.
///
/// SQLite: `EXPLAIN QUERY PLAN`; a `SCAN` of a table is a full scan, also through an index, unless the
/// statement has a `LIMIT` (a page read in index order stops early). PostgreSQL: `EXPLAIN` with
/// `enable_seqscan` off, so a `Seq Scan` appears only where no index can serve the statement (the
/// test tables are small, where the planner would otherwise choose one anyway); an index scan without
/// an `Index Cond` reads the whole index, and counts as full unless a `Limit` stops it.
public enum QueryPlans {
    /// Tables of one row or a handful of rows, whatever the number of accounts: a scan of them is fine.
    /// Organisations are the platform's tenants, listed whole on the administrator's page.
    public static let smallTables: Set<String> = ["audit_chain_head", "schema_migrations", "gatehouse_migrations", "organizations"]

    /// Partial indexes that hold only a bounded part of their table (the outbox's pending mail), which
    /// the planner may read whole on the test's tiny tables.
    public static let boundedIndexes: Set<String> = ["outbox_due_idx"]

    public struct Finding: Sendable, CustomStringConvertible {
        public let sql: String
        public let plan: [String]
        public var description: String { sql + "\n    " + plan.joined(separator: "\n    ") }
    }

    /// The statements among `queries` (deduplicated by text; only SELECT, INSERT, UPDATE, DELETE and WITH)
    /// whose plan reads a whole table that is not in `smallTables`; and how many distinct statements were
    /// checked.
    public static func fullScans(_ queries: [QueryCapture.Query], at location: DatabaseLocation) async throws -> (checked: Int, findings: [Finding]) {
        var seen = Set<String>()
        var distinct: [QueryCapture.Query] = []
        for query in queries {
            let head = query.sql.trimmingCharacters(in: .whitespacesAndNewlines).prefix(7).uppercased()
            guard ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH"].contains(where: { head.hasPrefix($0) }) else { continue }
            if seen.insert(query.sql).inserted { distinct.append(query) }
        }
        var findings: [Finding] = []
        switch location {
        case .sqlite(let path):
            let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: TestStores.logger).get()
            defer { _ = connection.close() }
            let db = connection.sql()
            for query in distinct {
                let plan = try await rows(db, "EXPLAIN QUERY PLAN ", query, column: "detail")
                if sqliteReadsWholeTable(plan, sql: query.sql) { findings.append(Finding(sql: query.sql, plan: plan)) }
            }
        case .postgres(let pg):
            let connection = try await PostgresConnection.connect(
                configuration: .init(host: pg.host, port: pg.port, username: pg.username, password: pg.password, database: pg.database, tls: .disable),
                id: 2, logger: TestStores.logger)
            do {
                let db = connection.sql()
                try await db.raw("SET enable_seqscan = off").run()
                for query in distinct {
                    let plan = try await rows(db, "EXPLAIN ", query, column: "QUERY PLAN")
                    if postgresReadsWholeTable(plan, sql: query.sql) { findings.append(Finding(sql: query.sql, plan: plan)) }
                }
                try await connection.close()
            } catch {
                try? await connection.close()
                throw error
            }
        }
        return (distinct.count, findings)
    }

    static func rows(_ db: any SQLDatabase, _ prefix: String, _ query: QueryCapture.Query, column: String) async throws -> [String] {
        var lines: [String] = []
        let rows = try await replay(db, Replayed(prefix: prefix, query: query))
        for row in rows { lines.append(try row.decode(column: column, as: String.self)) }
        return lines
    }

    static func replay(_ db: any SQLDatabase, _ expression: Replayed) async throws -> [any SQLRow] {
        let collected = RowBox()
        try await db.execute(sql: expression) { row in collected.append(row) }
        return collected.rows
    }

    static func sqliteReadsWholeTable(_ plan: [String], sql: String) -> Bool {
        let limited = sql.uppercased().contains("LIMIT")
        return plan.contains { line in
            guard line.hasPrefix("SCAN ") else { return false }
            let words = line.split(separator: " ")
            let table = words.count > 1 ? String(words[1]) : ""
            if table == "CONSTANT" || smallTables.contains(table) { return false }
            if line.contains("USING") && line.contains("INDEX") && limited { return false }
            return true
        }
    }

    static func postgresReadsWholeTable(_ plan: [String], sql: String) -> Bool {
        let limited = plan.contains { $0.contains("Limit") }
        for (index, line) in plan.enumerated() {
            if let range = line.range(of: "Seq Scan on ") {
                let table = line[range.upperBound...].split(separator: " ").first.map(String.init) ?? ""
                if !smallTables.contains(table) { return true }
            }
            if line.contains("Index Scan") || line.contains("Index Only Scan"), !boundedIndexes.contains(where: { line.contains("using " + $0 + " ") }) {
                let table = line.range(of: " on ").map { line[$0.upperBound...].split(separator: " ").first.map(String.init) ?? "" } ?? ""
                let details = plan[(index + 1)...].prefix { !$0.contains("->") }
                if !details.contains(where: { $0.contains("Index Cond") }) && !limited && !smallTables.contains(table) { return true }
            }
        }
        return false
    }
}

/// A captured statement with a prefix (`EXPLAIN …`) and its bound values as they were.
struct Replayed: SQLExpression {
    let prefix: String
    let query: QueryCapture.Query

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write(prefix + query.sql)
        serializer.binds.append(contentsOf: query.binds)
    }
}

private final class RowBox: Sendable {
    private let stored = Mutex<[any SQLRow]>([])
    func append(_ row: any SQLRow) { stored.withLock { $0.append(row) } }
    var rows: [any SQLRow] { stored.withLock { $0 } }
}
