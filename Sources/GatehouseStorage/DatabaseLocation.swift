import Foundation
import GatehouseCore
import Logging
import PostgresNIO

/// Where the data lives, parsed from `database_url`: `sqlite:<path>` or `postgres://user:pw@host:port/db`.
public enum DatabaseLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    public struct PostgresLocation: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var username: String
        public var password: String?
        public var database: String?
        /// `sslmode` from the query string: `disable`, `prefer` (default) or `require`.
        public var sslMode: String
    }

    public static func parse(_ text: String) throws(GatehouseError) -> DatabaseLocation {
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty else { throw .validation("database_url", "invalid", detail: "sqlite: needs a file path, e.g. sqlite:./gatehouse-data/gatehouse.sqlite") }
            return .sqlite(path: path)
        }
        guard text.hasPrefix("postgres://") || text.hasPrefix("postgresql://"),
              let components = URLComponents(string: text), let host = components.host, !host.isEmpty
        else {
            throw .validation("database_url", "invalid", detail: "expected sqlite:<path> or postgres://user:password@host:port/database")
        }
        let user = components.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        let password = components.password.flatMap { $0.removingPercentEncoding }
        var database = components.path
        if database.hasPrefix("/") { database.removeFirst() }
        let sslMode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "prefer"
        guard ["disable", "prefer", "require"].contains(sslMode) else {
            throw .validation("database_url", "invalid", detail: "sslmode must be disable, prefer or require")
        }
        return .postgres(PostgresLocation(
            host: host, port: components.port ?? 5432, username: user, password: password,
            database: database.isEmpty ? nil : database, sslMode: sslMode))
    }
}

extension DatabaseLocation.PostgresLocation {
    public var clientConfiguration: PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS = switch sslMode {
        case "disable": .disable
        case "require": .require(.makeClientConfiguration())
        default: .prefer(.makeClientConfiguration())
        }
        return PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
    }
}

/// Opens the store, keeps whatever it needs running in the background (PostgreSQL's connection pool)
/// while `body` runs, and closes it afterwards.
/// `timeout` is `database.timeout`: how long an operation waits to reach the database.
public func withStore<T: Sendable>(
    at location: DatabaseLocation, logger: Logger, timeout: Duration = .seconds(5), _ body: @Sendable (any Store) async throws -> T
) async throws -> T {
    switch location {
    case .sqlite(let path):
        let store = try await SQLiteStore.open(path: path, logger: logger, timeout: timeout)
        do {
            let result = try await body(store)
            try await store.close()
            return result
        } catch {
            try? await store.close()
            throw error
        }
    case .postgres(let pg):
        let store = PostgresStore(configuration: pg.clientConfiguration, logger: logger, timeout: timeout)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await store.run() }
            defer { group.cancelAll() }
            // Let the pool start before the first lease (otherwise PostgresNIO warns that run() was not called yet).
            await Task.yield()
            return try await body(store)
        }
    }
}
