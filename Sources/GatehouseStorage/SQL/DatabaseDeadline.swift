import Foundation
import GatehouseCore
import Synchronization

/// How long an operation may wait to *reach* the database (a pooled PostgreSQL connection, SQLite's
/// write lock) before it gives up with `StoreError.unavailable`: with the database down, a request
/// answers 503 within `database.timeout` instead of waiting for the pool to reconnect. Once the
/// operation holds its connection the deadline no longer applies, so a long transaction (pruning,
/// a migration) is never cut off half-way; a connection that breaks fails its query by itself.
struct DatabaseDeadline: Sendable {
    let timeout: Duration
    /// What is waited for, for the error: "a PostgreSQL connection", "SQLite's writer connection".
    let waitingFor: String

    /// Runs `operation`, which must call `reached()` as soon as it holds its connection or lock.
    func run<T: Sendable>(_ operation: @Sendable (_ reached: @escaping @Sendable () -> Void) async throws -> T) async throws -> T {
        let reached = Reached()
        let timeout = self.timeout
        return try await withoutActuallyEscaping(operation) { operation in
            try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask { try await operation { reached.set() } }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    if reached.isSet {
                        // In time: the operation goes on as long as it needs; this child waits to be cancelled.
                        while !Task.isCancelled { try await Task.sleep(for: .seconds(3600)) }
                    }
                    return nil
                }
                defer { group.cancelAll() }
                while let next = try await group.next() {
                    if let value = next { return value }
                    // The timer: nothing reached within the deadline. Cancelling the operation takes it
                    // out of the pool's (or the write lock's) queue.
                    if !reached.isSet { break }
                }
                throw StoreError.unavailable("waited \(timeout) for \(waitingFor)")
            }
        }
    }

    final class Reached: Sendable {
        private let value = Atomic(false)
        func set() { value.store(true, ordering: .releasing) }
        var isSet: Bool { value.load(ordering: .acquiring) }
    }
}
