import Foundation
import GatehouseCore
import Logging
import PostgresKit
import PostgresNIO
import SQLKit

/// PostgreSQL, for several Gatehouse instances behind a load balancer. Everything they must share lives
/// here; read-modify-writes are single conditional statements or run in `withTransaction` with row locks.
/// The client's connection pool must be running: call `run()` (it is a `Service`) for the store's lifetime.
public final class PostgresStore: Store {
    public let client: PostgresClient
    private let logger: Logger
    public let accounts: any AccountStore
    public let organizations: any OrganizationStore
    public let invitations: any InvitationStore
    public let accessRequests: any AccessRequestStore
    public let apiTokens: any APITokenStore
    public let sealedData: any SealedDataStore
    public let sessions: any SessionStore
    public let auditLog: any AuditStore
    public let rateLimits: any RateLimitStore
    public let outbox: any OutboxStore
    public let linkTokens: any LinkTokenStore

    /// How long an operation waits for a pooled connection (`database.timeout`).
    let deadline: DatabaseDeadline
    let maximumConnections: Int

    public init(configuration: PostgresClient.Configuration, logger: Logger, timeout: Duration = .seconds(5)) {
        var configuration = configuration
        configuration.options.connectTimeout = timeout
        self.maximumConnections = configuration.options.maximumConnections
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
        self.deadline = DatabaseDeadline(timeout: timeout, waitingFor: "a PostgreSQL connection")
        let executor = PostgresPoolExecutor(client: client, deadline: deadline)
        let errors = PostgresErrorTranslator()
        self.accounts = SQLAccountStore(reader: executor, writer: executor, errors: errors)
        self.organizations = SQLOrganizationStore(reader: executor, writer: executor, errors: errors)
        self.invitations = SQLInvitationStore(reader: executor, writer: executor, errors: errors)
        self.accessRequests = SQLAccessRequestStore(reader: executor, writer: executor, errors: errors)
        self.apiTokens = SQLAPITokenStore(reader: executor, writer: executor, errors: errors)
        self.sealedData = SQLSealedDataStore(reader: executor, writer: executor, errors: errors)
        self.sessions = SQLSessionStore(reader: executor, writer: executor, errors: errors)
        self.auditLog = SQLAuditStore(reader: executor, errors: errors)
        self.rateLimits = SQLRateLimitStore(writer: executor, errors: errors)
        self.outbox = SQLOutboxStore(reader: executor, writer: executor, errors: errors, skipLocked: " FOR UPDATE SKIP LOCKED")
        self.linkTokens = SQLLinkTokenStore(reader: executor, writer: executor, errors: errors)
    }

    /// Runs the connection pool until the surrounding task is cancelled.
    public func run() async {
        await client.run()
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any StoreTransaction) async throws -> T) async throws -> T {
        try await withTransaction { db in
            try await body(SQLStoreTransaction(database: db, errors: PostgresErrorTranslator(), lockSuffix: " FOR UPDATE",
                                                 invalidationChannel: Self.invalidationChannel))
        }
    }

    private func withTransaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let client = self.client, logger = self.logger
        do {
            return try await deadline.run { reached in
                try await client.withTransaction(logger: logger) { connection in
                    try reached()
                    return try await body(connection.quietSQL())
                }
            }
        } catch let error as PostgresTransactionError {
            throw PostgresErrorTranslator().translate(error.closureError ?? error.beginError ?? error.commitError ?? error)
        } catch {
            throw PostgresErrorTranslator().translate(error)
        }
    }

    @discardableResult
    public func migrate() async throws -> [Int] {
        try await migrate(through: Int.max)
    }

    @discardableResult
    public func migrate(through version: Int) async throws -> [Int] {
        var applied: [Int] = []
        for migration in Migrations.all where migration.version <= version {
            let didApply = try await withTransaction { db in
                // Instances starting together queue here instead of racing to create the same tables.
                try await db.raw("SELECT pg_advisory_xact_lock(\(bind: Self.migrationLockKey))").run()
                return try await Migrator.apply(migration, statements: migration.postgres, in: db)
            }
            if didApply {
                logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
                applied.append(migration.version)
            }
        }
        return applied
    }

    static let migrationLockKey: Int64 = 0x6761_7465_686f_7573  // "gatehous"

    public func pendingMigrations() async throws -> [Int] {
        try await withTransaction { db in
            try await Migrator.pending(in: db).map(\.version)
        }
    }

    public func ping() async throws {
        let client = self.client
        do {
            try await deadline.run { reached in
                try await client.withConnection { connection in
                    try reached()
                    _ = try await connection.quietSQL().raw("SELECT 1 AS one").first()
                }
            }
        } catch {
            throw PostgresErrorTranslator().translate(error)
        }
    }

    public func close() async throws {}

    /// The `LISTEN`/`NOTIFY` channel that carries cache invalidations between instances.
    static let invalidationChannel = "gatehouse_cache"

    public var invalidations: (any InvalidationFeed)? { PostgresInvalidationFeed(client: client, logger: logger) }

    public var usage: DatabaseUsage {
        DatabaseUsage(inUse: deadline.gauges.holding.load(ordering: .relaxed), waiting: deadline.gauges.waiting.load(ordering: .relaxed),
                      capacity: maximumConnections)
    }
}

/// Follows `gatehouse_cache` on a connection of its own from the pool, for as long as it lasts.
struct PostgresInvalidationFeed: InvalidationFeed {
    let client: PostgresClient
    let logger: Logger

    func follow(ready: @escaping @Sendable () -> Void, receive: @escaping @Sendable ([CacheInvalidation]) -> Void) async throws {
        do {
            try await client.withConnection { connection in
                try await connection.listen(on: PostgresStore.invalidationChannel) { notifications in
                    ready()
                    for try await notification in notifications {
                        receive(CacheInvalidation.list(notification.payload))
                    }
                }
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw PostgresErrorTranslator().translate(error)
        }
        // The sequence ended without an error: the connection went away.
        throw StoreError.unavailable("postgres: the notification connection closed")
    }

    func probe(_ id: String) async throws {
        let payload = CacheInvalidation.probe(id).payload
        do {
            try await client.withConnection { connection in
                _ = try await connection.quietSQL().raw("SELECT pg_notify(\(bind: PostgresStore.invalidationChannel), \(bind: payload)) AS sent").all()
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw PostgresErrorTranslator().translate(error)
        }
    }
}

private struct PostgresPoolExecutor: SQLExecutor {
    let client: PostgresClient
    let deadline: DatabaseDeadline

    func run<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let client = self.client
        return try await deadline.run { reached in
            try await client.withConnection { connection in
                try reached()
                return try await body(connection.quietSQL())
            }
        }
    }
}

struct PostgresErrorTranslator: DatabaseErrorTranslator {
    func uniqueViolation(_ error: any Error) -> String? {
        guard let error = error as? PSQLError, let info = error.serverInfo, info[.sqlState] == "23505" else { return nil }
        return info[.constraintName] ?? info[.message] ?? "unique"
    }

    func translate(_ error: any Error) -> any Error {
        if error is StoreError || error is GatehouseError || error is CancellationError { return error }
        if let error = error as? PSQLError {
            if let info = error.serverInfo, let state = info[.sqlState] {
                return StoreError.unavailable("postgres: \(state) \(info[.message] ?? "")")
            }
            return StoreError.unavailable("postgres: \(error.code)")
        }
        return error
    }
}
