import Dispatch
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
    /// Operations waiting to reach the database, and those holding a connection (for /metrics).
    let gauges = Gauges()

    final class Gauges: Sendable {
        let waiting = Atomic(0)
        let holding = Atomic(0)
    }

    /// Runs `operation`, which must call `reached()` as soon as it holds its connection or lock.
    func run<T: Sendable>(_ operation: @Sendable (_ reached: @escaping @Sendable () -> Void) async throws -> T) async throws -> T {
        let reached = Flag()
        let gauges = self.gauges
        gauges.waiting.add(1, ordering: .relaxed)
        // Counted as waiting until it holds its connection, then as holding until it is over.
        defer {
            if reached.isSet { gauges.holding.subtract(1, ordering: .relaxed) } else { gauges.waiting.subtract(1, ordering: .relaxed) }
        }
        // The timer does not depend on the task's cancellation: a store call made while shutting down
        // (a cancelled task) still gets its full deadline rather than an immediate failure.
        let timer = Timer()
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout.timeInterval) { timer.end(timedOut: true) }
        return try await withoutActuallyEscaping(operation) { operation in
            try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask {
                    try await operation {
                        guard reached.set() else { return }
                        gauges.waiting.subtract(1, ordering: .relaxed)
                        gauges.holding.add(1, ordering: .relaxed)
                    }
                }
                group.addTask {
                    _ = await timer.wait()
                    return nil
                }
                defer {
                    timer.end(timedOut: false)
                    group.cancelAll()
                }
                while let next = try await group.next() {
                    if let value = next { return value }
                    // The deadline passed. Not reached yet: give up, and cancelling the operation takes
                    // it out of the pool's (or the write lock's) queue. Reached: let it finish.
                    if !reached.isSet { break }
                }
                throw StoreError.unavailable("waited \(timeout) for \(waitingFor)")
            }
        }
    }

    final class Flag: Sendable {
        private let value = Atomic(false)
        /// True the first time only.
        func set() -> Bool { value.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged }
        var isSet: Bool { value.load(ordering: .acquiring) }
    }

    /// Ends once: when the deadline passes or the operation is over, whichever comes first.
    final class Timer: Sendable {
        private let state = Mutex<(ended: Bool?, waiter: CheckedContinuation<Bool, Never>?)>((nil, nil))

        /// True if the deadline passed.
        func wait() async -> Bool {
            await withCheckedContinuation { continuation in
                let ended: Bool? = state.withLock { state in
                    if let ended = state.ended { return ended }
                    state.waiter = continuation
                    return nil
                }
                if let ended { continuation.resume(returning: ended) }
            }
        }

        func end(timedOut: Bool) {
            let waiter: CheckedContinuation<Bool, Never>? = state.withLock { state in
                guard state.ended == nil else { return nil }
                state.ended = timedOut
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: timedOut)
        }
    }
}

extension Duration {
    fileprivate var timeInterval: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
