import Foundation
@_spi(Testing) import GatehouseStorage
import Logging
import PostgresKit
import PostgresNIO
import SQLiteKit
import SQLiteNIO
import SQLKit
import Synchronization

/// Replays captured statements under `EXPLAIN` and names those that would read a whole table.
///
/// SQLite: `EXPLAIN QUERY PLAN`; any `SCAN` of a table, also through an index, reads all of it.
/// PostgreSQL: `EXPLAIN` with `enable_seqscan` (and hash and merge joins) off, so a `Seq Scan` appears only where no index can
/// serve the statement (the test tables are small, where the planner would otherwise choose one
/// anyway); an index scan without an `Index Cond` reads the whole index, unless a `Limit` directly above
/// it stops it and no `Filter` makes it read past the rows it returns. A statement that may read a whole
/// (small) table is listed in `allowed` with the reason.
public enum QueryPlans {
    /// Tables of one row, whatever the number of accounts.
    public static let smallTables: Set<String> = ["audit_chain_head", "schema_migrations", "gatehouse_migrations"]

    /// Partial indexes that hold a bounded part of their table (active administrators, sessions under
    /// administrator access, pending mail): reading one whole is fine.
    public static let boundedIndexes: Set<String> = ["accounts_active_admins_idx", "sessions_impersonation_expires_idx", "outbox_due_idx"]

    /// Statements (by a fragment of their text) allowed to read a whole table or index, and why.
    public static let allowed: [(fragment: String, reason: String)] = [
        ("SELECT id, slug, name, created_at FROM organizations ORDER BY slug",
         "the administrator's list of organisations: the platform's tenants, shown whole"),
        ("DELETE FROM rate_limits WHERE tat <",
         "the sweeper, once a minute: the table holds only counters still draining (recent clients), and an index on tat would make every counted attempt write it too"),
        ("FROM access_requests r LEFT JOIN accounts a ON a.id = r.decided_by ORDER BY r.created_at DESC, r.id DESC LIMIT",
         "the administrator's queue: the newest requests, read in created_at order up to LIMIT"),
        ("WHERE 1 = 1 ORDER BY a.username_normalized, a.id LIMIT",
         "the support search without a prefix or cursor: the first page in username order, LIMIT rows of the username index"),
    ]

    public struct Finding: Sendable, CustomStringConvertible {
        public let sql: String
        public let plan: [String]
        public var description: String { sql + "\n    " + plan.joined(separator: "\n    ") }
    }

    /// The statements among `queries` (deduplicated by text; only SELECT, INSERT, UPDATE, DELETE and WITH)
    /// whose plan reads a whole table that is not in `smallTables`; and how many distinct statements were
    /// checked.
    @_spi(Testing) public static func fullScans(_ queries: [QueryCapture.Query], at location: DatabaseLocation) async throws -> (checked: Int, findings: [Finding]) {
        var seen = Set<String>()
        var distinct: [QueryCapture.Query] = []
        for query in queries {
            let head = query.sql.trimmingCharacters(in: .whitespacesAndNewlines).prefix(7).uppercased()
            guard ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH"].contains(where: { head.hasPrefix($0) }) else { continue }
            if allowed.contains(where: { query.sql.contains($0.fragment) }) { continue }
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
                // The test's tables hold a few rows, where the planner would read them whole and hash or
                // merge them; at scale it uses indexes and nested loops, which these settings make it show.
                for setting in ["enable_seqscan", "enable_hashjoin", "enable_mergejoin"] {
                    try await db.raw("SET \(unsafeRaw: setting) = off").run()
                }
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
        plan.contains { line in
            guard line.hasPrefix("SCAN ") else { return false }
            let words = line.split(separator: " ")
            let table = words.count > 1 ? String(words[1]) : ""
            if let index = line.range(of: "INDEX ").map({ String(line[$0.upperBound...].split(separator: " ").first ?? "") }),
               boundedIndexes.contains(index) {
                return false
            }
            return table != "CONSTANT" && !smallTables.contains(table)
        }
    }

    static func postgresReadsWholeTable(_ plan: [String], sql: String) -> Bool {
        for (index, line) in plan.enumerated() {
            if let range = line.range(of: "Seq Scan on ") {
                let table = line[range.upperBound...].split(separator: " ").first.map(String.init) ?? ""
                if !smallTables.contains(table) { return true }
            }
            if line.contains("Index Scan") || line.contains("Index Only Scan"),
               !boundedIndexes.contains(where: { line.contains("using " + $0 + " ") || line.contains("Scan on " + $0 + " ") }) {
                let table = line.range(of: " on ").map { line[$0.upperBound...].split(separator: " ").first.map(String.init) ?? "" } ?? ""
                let details = plan[(index + 1)...].prefix { !$0.contains("->") }
                let bounded = details.contains { $0.contains("Index Cond") }
                let stoppedByLimit = index > 0 && plan[index - 1].contains("Limit") && !details.contains { $0.contains("Filter:") }
                if !bounded && !stoppedByLimit && !smallTables.contains(table) { return true }
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
