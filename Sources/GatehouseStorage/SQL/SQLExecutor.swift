import SQLKit

/// Gives a query a database handle for its duration: a pooled connection, the SQLite writer behind its
/// lock, or the connection of an open transaction.
protocol SQLExecutor: Sendable {
    func run<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
}

/// The handle of an open transaction, lent to every repository inside it.
struct TransactionExecutor: SQLExecutor {
    let database: any SQLDatabase

    func run<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await body(database)
    }
}

/// A repository that reports driver errors as `StoreError`.
protocol SQLRepository {
    var errors: any DatabaseErrorTranslator { get }
}

extension SQLRepository {
    /// Runs `body`, turning a driver's error into the store's.
    func translating<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch { throw errors.translate(error) }
    }
}
