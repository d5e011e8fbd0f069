import Foundation
import GatehouseCore
import Logging
import SQLiteKit
import SQLiteNIO
import SQLKit
import Synchronization

/// The embedded default: one SQLite file in WAL mode. All writes go through a single writer connection,
/// one at a time, and every read-modify-write runs as `BEGIN IMMEDIATE … COMMIT` (or as one statement),
/// so SQLite never has to resolve two writers. Reads use their own connection and never wait for writes.
public final class SQLiteStore: Store {
    private let writerConnection: SQLiteConnection
    private let readerConnection: SQLiteConnection
    private let writeLock = ConcurrencyLimiter(limit: 1)
    /// How long a write waits for the writer connection (`database.timeout`).
    private let deadline: DatabaseDeadline
    private let closed = Mutex(false)
    private let logger: Logger
    public let path: String
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

    /// `timeout` (`database.timeout`) bounds how long an operation waits for the write lock, in this
    /// process (the writer connection) and in the file (SQLite's busy timeout, when another process
    /// holds it).
    public static func open(path: String, logger: Logger, timeout: Duration = .seconds(5)) async throws -> SQLiteStore {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            // The database holds password hashes: a directory Gatehouse creates is private to its user.
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        try createPrivateFile(path)
        let writer = try await SQLiteConnection.open(storage: .file(path: path), logger: logger).get()
        do {
            let db = writer.quietSQL()
            // WAL lets readers proceed while the writer writes; the setting is stored in the file.
            try await db.raw("PRAGMA journal_mode = WAL").run()
            try await configure(db, timeout: timeout)
            let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger).get()
            do {
                try await configure(reader.quietSQL(), timeout: timeout)
                return SQLiteStore(writer: writer, reader: reader, path: path, logger: logger, timeout: timeout)
            } catch {
                try? await reader.close().get()
                throw error
            }
        } catch {
            try? await writer.close().get()
            throw SQLiteErrorTranslator().translate(error)
        }
    }

    /// Creates an empty database file with mode 0600 when none exists, whatever the umask: SQLite
    /// then gives its -wal and -shm files the database file's mode.
    static func createPrivateFile(_ path: String) throws {
        let fd = Foundation.open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if fd >= 0 {
            _ = Foundation.close(fd)
        } else if errno != EEXIST {
            throw GatehouseError(.internalError, detail: "cannot create the database file: errno \(errno)")
        }
    }

    private static func configure(_ db: any SQLDatabase, timeout: Duration) async throws {
        let milliseconds = max(1, Int(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000))
        try await db.raw("PRAGMA foreign_keys = ON").run()
        try await db.raw(SQLQueryString("PRAGMA busy_timeout = \(unsafeRaw: String(milliseconds))")).run()
        try await db.raw("PRAGMA synchronous = NORMAL").run()
    }

    private init(writer: SQLiteConnection, reader: SQLiteConnection, path: String, logger: Logger, timeout: Duration) {
        self.writerConnection = writer
        self.readerConnection = reader
        self.path = path
        self.logger = logger
        self.deadline = DatabaseDeadline(timeout: timeout, waitingFor: "SQLite's writer connection")
        let writeExecutor = SQLiteWriteExecutor(connection: writer, lock: writeLock, deadline: deadline)
        let readExecutor = SQLiteReadExecutor(connection: reader)
        let errors = SQLiteErrorTranslator()
        self.accounts = SQLAccountStore(reader: readExecutor, writer: writeExecutor, errors: errors)
        self.organizations = SQLOrganizationStore(reader: readExecutor, writer: writeExecutor, errors: errors)
        self.invitations = SQLInvitationStore(reader: readExecutor, writer: writeExecutor, errors: errors)
        self.accessRequests = SQLAccessRequestStore(reader: readExecutor, writer: writeExecutor, errors: errors)
        self.apiTokens = SQLAPITokenStore(reader: readExecutor, writer: writeExecutor, errors: errors)
        self.sealedData = SQLSealedDataStore(reader: readExecutor, writer: writeExecutor, errors: errors)
        self.sessions = SQLSessionStore(reader: readExecutor, writer: writeExecutor, errors: errors)
        self.auditLog = SQLAuditStore(reader: readExecutor, errors: errors)
        self.rateLimits = SQLRateLimitStore(writer: writeExecutor, errors: errors)
        self.outbox = SQLOutboxStore(reader: readExecutor, writer: writeExecutor, errors: errors, skipLocked: "")
        self.linkTokens = SQLLinkTokenStore(reader: readExecutor, writer: writeExecutor, errors: errors)
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any StoreTransaction) async throws -> T) async throws -> T {
        try await immediateTransaction { db in
            try await body(SQLStoreTransaction(database: db, errors: SQLiteErrorTranslator(), lockSuffix: ""))
        }
    }

    /// `BEGIN IMMEDIATE` takes SQLite's write lock at the start, so a transaction never has to be
    /// upgraded from reader to writer half-way (which is where SQLite reports SQLITE_BUSY).
    private func immediateTransaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let connection = writerConnection, writeLock = self.writeLock
        return try await deadline.run { reached in
            try await writeLock.withPermit {
                try reached()
                let db = connection.quietSQL()
                do {
                    try await db.raw("BEGIN IMMEDIATE").run()
                } catch {
                    throw SQLiteErrorTranslator().translate(error)
                }
                do {
                    let result = try await body(db)
                    try await db.raw("COMMIT").run()
                    return result
                } catch {
                    try? await db.raw("ROLLBACK").run()
                    throw error
                }
            }
        }
    }

    @discardableResult
    public func migrate() async throws -> [Int] {
        try await migrate(through: Int.max)
    }

    @discardableResult
    public func migrate(through version: Int) async throws -> [Int] {
        var applied: [Int] = []
        for migration in try await pendingMigrationList() where migration.version <= version {
            let didApply = try await immediateTransaction { db in
                try await Migrator.apply(migration, statements: migration.sqlite, in: db)
            }
            if didApply {
                logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
                applied.append(migration.version)
            }
        }
        return applied
    }

    /// Read on the reader connection, with no writer lock: `/readyz` asks this and must not queue
    /// behind writes (a login flood's failure counters, say).
    public func pendingMigrations() async throws -> [Int] {
        await Migrator.pendingReadOnly(in: readerConnection.quietSQL()).map(\.version)
    }

    private func pendingMigrationList() async throws -> [Migration] {
        let db = writerConnection.quietSQL()
        return try await writeLock.withPermit {
            try await Migrator.pending(in: db)
        }
    }

    public func ping() async throws {
        do {
            _ = try await readerConnection.quietSQL().raw("SELECT 1 AS one").first()
        } catch {
            throw SQLiteErrorTranslator().translate(error)
        }
    }

    /// Closes both connections; closing twice is harmless.
    /// Writes a consistent copy of the database to `path` while the server keeps running (`VACUUM
    /// INTO` on the reader connection: a read transaction, so writers go on in the WAL). The copy holds
    /// password hashes: it is created with mode 0600, and an existing file is refused.
    public func backup(to path: String) async throws {
        let fd = Foundation.open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            throw GatehouseError(.internalError, detail: errno == EEXIST ? "\(path) exists already" : "cannot create \(path): errno \(errno)")
        }
        _ = Foundation.close(fd)
        do {
            try await readerConnection.quietSQL().raw("VACUUM INTO \(bind: path)").run()
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw SQLiteErrorTranslator().translate(error)
        }
    }

    /// One instance per SQLite file: nobody else's changes to follow.
    public var invalidations: (any InvalidationFeed)? { nil }

    /// The writer connection (reads have their own and never wait).
    public var usage: DatabaseUsage {
        DatabaseUsage(inUse: deadline.gauges.holding.load(ordering: .relaxed), waiting: deadline.gauges.waiting.load(ordering: .relaxed), capacity: 1)
    }

    public func close() async throws {
        guard closed.withLock({ wasClosed in defer { wasClosed = true }; return !wasClosed }) else { return }
        try await writeLock.withPermit {
            try await readerConnection.close().get()
            try await writerConnection.close().get()
        }
    }
}

private struct SQLiteReadExecutor: SQLExecutor {
    let connection: SQLiteConnection

    func run<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await body(connection.quietSQL())
    }
}

private struct SQLiteWriteExecutor: SQLExecutor {
    let connection: SQLiteConnection
    let lock: ConcurrencyLimiter
    let deadline: DatabaseDeadline

    func run<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let connection = self.connection, lock = self.lock
        return try await deadline.run { reached in
            try await lock.withPermit {
                try reached()
                return try await body(connection.quietSQL())
            }
        }
    }
}

struct SQLiteErrorTranslator: DatabaseErrorTranslator {
    func uniqueViolation(_ error: any Error) -> String? {
        guard let error = error as? SQLiteError else { return nil }
        switch error.reason {
        case .constraintUniqueFailed, .constraintPrimaryKeyFailed, .constraint:
            // The message names the columns: "UNIQUE constraint failed: accounts.username_normalized".
            return error.message
        default:
            return nil
        }
    }

    func translate(_ error: any Error) -> any Error {
        if error is StoreError || error is GatehouseError { return error }
        if let error = error as? SQLiteError {
            return StoreError.unavailable("sqlite: \(error.description)")
        }
        return error
    }
}
