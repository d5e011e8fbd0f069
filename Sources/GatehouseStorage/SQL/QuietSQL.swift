import Logging
import NIOCore
import PostgresKit
import PostgresNIO
import SQLiteKit
import SQLiteNIO
import SQLKit
import Synchronization

// SQLKit logs every statement with its bound values at debug level by default. Those values include
// password hashes, addresses and token hashes, so Gatehouse never lets them into its logs, whatever
// the log level: statements are not logged.
extension SQLiteConnection {
    func quietSQL() -> any SQLDatabase {
        QueryCapture.wrap(sql(encoder: .init(), decoder: .init(), queryLogLevel: nil))
    }
}

extension PostgresConnection {
    func quietSQL() -> any SQLDatabase {
        QueryCapture.wrap(sql(queryLogLevel: nil))
    }
}

/// Collects the statements a task (and the tasks it starts) sends to the database, with their bound
/// values, for the query-plan test: it replays each under `EXPLAIN`. Nothing is collected, and
/// nothing wraps the connection, unless a capture is bound with `QueryCapture.$current.withValue`.
/// For tests only (`@_spi(Testing)`): the bound values include password and token hashes.
@_spi(Testing)
public final class QueryCapture: Sendable {
    public struct Query: Sendable {
        public let sql: String
        public let binds: [any Encodable & Sendable]
    }

    @TaskLocal public static var current: QueryCapture?

    private let queries = Mutex<[Query]>([])

    public init() {}

    /// Every statement sent so far, in order.
    public var captured: [Query] { queries.withLock { $0 } }

    func record(_ query: Query) {
        queries.withLock { $0.append(query) }
    }

    static func wrap(_ database: any SQLDatabase) -> any SQLDatabase {
        guard let capture = current else { return database }
        return CapturingDatabase(base: database, capture: capture)
    }
}

private struct CapturingDatabase: SQLDatabase {
    let base: any SQLDatabase
    let capture: QueryCapture

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        let (sql, binds) = base.serialize(query)
        capture.record(QueryCapture.Query(sql: sql, binds: binds))
        return base.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        let (sql, binds) = base.serialize(query)
        capture.record(QueryCapture.Query(sql: sql, binds: binds))
        try await base.execute(sql: query, onRow)
    }
}
