import Foundation
import Argon2
import GatehouseCore
import GatehousePasswordHashing
import GatehouseStorage
import Logging
import PostgresNIO
import SQLiteNIO

/// The two backends every Store test runs against.
public enum StoreBackend: String, Sendable, CaseIterable {
    case sqlite
    case postgres
}

public enum TestStores {
    public static let logger: Logger = {
        var logger = Logger(label: "gatehouse.test")
        logger.logLevel = .error
        return logger
    }()

    /// The throwaway PostgreSQL server started by `scripts/test` (`GATEHOUSE_TEST_POSTGRES_URL`).
    /// Missing, the PostgreSQL tests fail with a clear message rather than pass silently.
    public static func postgresAdminURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["GATEHOUSE_TEST_POSTGRES_URL"], !url.isEmpty else {
            throw TestSetupError("GATEHOUSE_TEST_POSTGRES_URL is not set: run the tests with scripts/test, which starts a throwaway PostgreSQL server")
        }
        return url
    }

    /// How long the tests' stores wait to reach their database. The whole suite runs in parallel on a
    /// loaded machine, where a queue of writers can be longer than `database.timeout`'s 5 s default;
    /// the tests of that timeout open their stores with a short one of their own.
    public static let databaseTimeout: Duration = .seconds(120)

    /// A migrated store on a fresh database: a new SQLite file in a temporary directory, or a new
    /// PostgreSQL database created for this test alone and dropped afterwards.
    public static func withStore<T: Sendable>(
        _ backend: StoreBackend, migrate: Bool = true, _ body: @Sendable (any Store) async throws -> T
    ) async throws -> T {
        try await withStore(backend, migrate: migrate) { store, _ in try await body(store) }
    }

    /// Also hands over where the data lives, for tests that reach into the database from outside.
    public static func withStore<T: Sendable>(
        _ backend: StoreBackend, migrate: Bool = true, _ body: @Sendable (any Store, DatabaseLocation) async throws -> T
    ) async throws -> T {
        switch backend {
        case .sqlite:
            return try await withTemporaryDirectory { dir in
                let location = DatabaseLocation.sqlite(path: dir + "/gatehouse.sqlite")
                return try await GatehouseStorage.withStore(at: location, logger: logger, timeout: databaseTimeout) { store in
                    if migrate { try await store.migrate() }
                    return try await body(store, location)
                }
            }
        case .postgres:
            return try await withPostgresDatabase { url in
                let location = try DatabaseLocation.parse(url)
                return try await GatehouseStorage.withStore(at: location, logger: logger, timeout: databaseTimeout) { store in
                    if migrate { try await store.migrate() }
                    return try await body(store, location)
                }
            }
        }
    }

    /// Runs SQL on its own connection, as someone with direct database access would (to tamper with
    /// the audit log, for instance).
    /// An account written straight into the store (no password work): `<username>@example.com`, English,
    /// no roles, verified if asked; for store tests that need an account to hang rows on.
    public static func account(in store: any Store, _ username: String, verified: Bool = false,
                               at date: Date = Date(timeIntervalSince1970: 1_800_000_000)) async throws -> Account {
        let user = try IdentifierNormalizer.username(username)
        let mail = try IdentifierNormalizer.email("\(user.normalized)@example.com")
        return try await store.accounts.create(NewAccount(
            id: SystemRandomSource().accountID(at: date), username: user.display, usernameNormalized: user.normalized,
            email: mail.display, emailNormalized: mail.normalized, emailVerifiedAt: verified ? date : nil,
            passwordHash: "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$aGFzaA", roles: [], preferredLanguage: .en, createdAt: date))
    }

    public static func executeDirectly(_ sql: String, at location: DatabaseLocation) async throws {
        switch location {
        case .sqlite(let path):
            let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger).get()
            do {
                _ = try await connection.query(sql, []).get()
                try await connection.close().get()
            } catch {
                try? await connection.close().get()
                throw error
            }
        case .postgres(let pg):
            try await runAdmin(pg, sql)
        }
    }

    /// Runs `body` while another connection holds the SQLite file's write lock (`BEGIN EXCLUSIVE`), as a
    /// second process writing to the file, or a backup tool, would.
    public static func holdingWriteLock<T: Sendable>(onSQLiteFile path: String, _ body: @Sendable () async throws -> T) async throws -> T {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger).get()
        do {
            _ = try await connection.query("BEGIN EXCLUSIVE", []).get()
            let result = try await body()
            _ = try await connection.query("ROLLBACK", []).get()
            try await connection.close().get()
            return result
        } catch {
            _ = try? await connection.query("ROLLBACK", []).get()
            try? await connection.close().get()
            throw error
        }
    }

    /// Creates a database with a random name on the test server, hands its URL to `body`, drops it after.
    public static func withPostgresDatabase<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        let adminURL = try postgresAdminURL()
        guard case .postgres(let admin) = try DatabaseLocation.parse(adminURL) else {
            throw TestSetupError("GATEHOUSE_TEST_POSTGRES_URL must be a postgres:// URL")
        }
        let name = "gh_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try await runAdmin(admin, "CREATE DATABASE \(name)")
        var components = URLComponents(string: adminURL)
        components?.path = "/" + name
        guard let url = components?.string else { throw TestSetupError("cannot build test database URL") }
        do {
            let result = try await body(url)
            try await runAdmin(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            return result
        } catch {
            try? await runAdmin(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            throw error
        }
    }

    private static func runAdmin(_ location: DatabaseLocation.PostgresLocation, _ sql: String) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: .init(host: location.host, port: location.port, username: location.username,
                                 password: location.password, database: location.database, tls: .disable),
            id: 1, logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    public static func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-test-" + UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        return try await body(dir)
    }
}

public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Argon2PasswordHasher {
    /// Small parameters (m=64 KiB, t=1) so tests that hash passwords stay fast; only the hasher's own
    /// tests use the production defaults.
    public static func forTests(maxConcurrent: Int = 4) -> Argon2PasswordHasher {
        Argon2PasswordHasher(parameters: Argon2Parameters(memoryKiB: 64, iterations: 1, parallelism: 1), maxConcurrent: maxConcurrent)
    }

    /// The same with a limiter of the test's, e.g. one it holds full.
    public static func forTests(limiter: ConcurrencyLimiter) -> Argon2PasswordHasher {
        Argon2PasswordHasher(parameters: Argon2Parameters(memoryKiB: 64, iterations: 1, parallelism: 1), limiter: limiter)
    }
}

extension TestStores {
    public static func withTemporaryDirectorySync<T>(_ body: (String) throws -> T) throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-test-" + UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        return try body(dir)
    }
}

extension TestStores {
    /// A fixed secret key for tests (never used outside them).
    public static let keys = KeyRing(secretKey: Array(repeating: 0x5A, count: 32))

    public static func trail(clock: any WallClock = SystemWallClock()) -> AuditTrail {
        AuditTrail(keys: keys, clock: clock, random: SystemRandomSource())
    }
}
