import Dispatch
import Foundation
import GatehouseCore
import Synchronization

/// How long an operation may wait to *reach* the database (a pooled PostgreSQL connection, SQLite's
/// write lock) before it gives up with `StoreError.unavailable`: with the database down, a request
/// answers 503 within `database.timeout` instead of waiting for the pool to reconnect. Once the
/// operation holds its connection the deadline no longer applies, so a long transaction (pruning,
/// a migration) is never cut off half-way; a connection that breaks fails its query by itself.
///
/// Reaching the database and the deadline race for one atomic state: when the deadline wins, an
/// operation that gets its connection a moment later stops before its body runs (`reached()`
/// throws), so a request never answers 503 for work that went on to commit.
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

    /// Runs `operation`, which must call `try reached()` as soon as it holds its connection or lock
    /// and before it changes anything.
    func run<T: Sendable>(_ operation: @Sendable (_ reached: @escaping @Sendable () throws -> Void) async throws -> T) async throws -> T {
        let race = Race()
        let gauges = self.gauges
        let unavailable = StoreError.unavailable("waited \(timeout) for \(waitingFor)")
        gauges.waiting.add(1, ordering: .relaxed)
        defer {
            if race.state == Race.reached { gauges.holding.subtract(1, ordering: .relaxed) } else { gauges.waiting.subtract(1, ordering: .relaxed) }
        }
        // The timer does not depend on the task's cancellation, and is cancelled when the operation ends.
        let timer = Timer()
        let alarm = DispatchWorkItem { timer.end(timedOut: true) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout.timeInterval, execute: alarm)
        defer { alarm.cancel() }
        return try await withoutActuallyEscaping(operation) { operation in
            try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask {
                    do {
                        return try await operation {
                            guard race.settle(Race.reached) else { throw unavailable }
                            gauges.waiting.subtract(1, ordering: .relaxed)
                            gauges.holding.add(1, ordering: .relaxed)
                        }
                    } catch let error where !(error is CancellationError) && race.settle(Race.failed) {
                        // Failing before the connection was reached (the pool gave up connecting, its
                        // circuit breaker is open): the database is unavailable, whatever the error.
                        throw StoreError.unavailable("could not reach \(waitingFor): \(error)")
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
                    if race.settle(Race.timedOut) { break }
                }
                throw unavailable
            }
        }
    }

    /// Waiting, then reached, timed out or failed: whichever comes first stays.
    final class Race: Sendable {
        static let waiting = 0, reached = 1, timedOut = 2, failed = 3
        private let value = Atomic(Race.waiting)

        /// True if `outcome` won (the race was still waiting).
        func settle(_ outcome: Int) -> Bool {
            value.compareExchange(expected: Race.waiting, desired: outcome, ordering: .acquiringAndReleasing).exchanged
        }

        var state: Int { value.load(ordering: .acquiring) }
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

