import Foundation
import SQLKit

/// Applies `Migrations.all` in order and records each in `gatehouse_migrations`. Each migration runs in
/// its own transaction together with its record, so a failed migration leaves nothing half-applied and
/// running `migrate` twice changes nothing.
enum Migrator {
    static let createTable = """
        CREATE TABLE IF NOT EXISTS gatehouse_migrations (
            version BIGINT PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at BIGINT NOT NULL
        )
        """

    static func appliedVersions(in db: any SQLDatabase) async throws -> Set<Int> {
        try await db.raw(SQLQueryString(createTable)).run()
        let rows = try await db.raw("SELECT version FROM gatehouse_migrations").all()
        return Set(try rows.map { Int(try $0.decode(column: "version", as: Int64.self)) })
    }

    /// Pending migrations without writing anything (no CREATE TABLE), for readiness checks on a
    /// read-only connection: a database without the table has every migration pending.
    static func pendingReadOnly(in db: any SQLDatabase) async -> [Migration] {
        guard let rows = try? await db.raw("SELECT version FROM gatehouse_migrations").all() else { return Migrations.all }
        let applied = Set(rows.compactMap { try? Int($0.decode(column: "version", as: Int64.self)) })
        return Migrations.all.filter { !applied.contains($0.version) }
    }

    static func pending(in db: any SQLDatabase) async throws -> [Migration] {
        let applied = try await appliedVersions(in: db)
        return Migrations.all.filter { !applied.contains($0.version) }
    }

    /// Runs inside a transaction. Returns false when another process applied the migration first.
    static func apply(_ migration: Migration, statements: [String], in db: any SQLDatabase) async throws -> Bool {
        if try await appliedVersions(in: db).contains(migration.version) { return false }
        for statement in statements {
            try await db.raw(SQLQueryString(statement)).run()
        }
        try await migration.data?(db)
        try await db.raw("""
            INSERT INTO gatehouse_migrations (version, name, applied_at)
            VALUES (\(bind: Int64(migration.version)), \(bind: migration.name), \(bind: Date().storageMillis))
            """).run()
        return true
    }
}
