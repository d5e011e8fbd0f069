import GatehouseCore
import Synchronization
import Testing

@Suite("Concurrency limiter")
struct ConcurrencyLimiterTests {
    @Test("never admits more than its limit at once, and admits everyone eventually")
    func bounded() async {
        final class Gauge: Sendable {
            let current = Mutex(0)
            let peak = Mutex(0)
        }
        let limiter = ConcurrencyLimiter(limit: 3)
        let gauge = Gauge()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    try? await limiter.withPermit {
                        let now = gauge.current.withLock { $0 += 1; return $0 }
                        gauge.peak.withLock { $0 = max($0, now) }
                        try? await Task.sleep(for: .milliseconds(2))
                        gauge.current.withLock { $0 -= 1 }
                    }
                }
            }
        }
        #expect(gauge.peak.withLock { $0 } == 3)
        #expect(await limiter.inFlight == 0)
    }

    @Test("with maxWaiting, a full queue refuses at once instead of waiting")
    func boundedQueue() async throws {
        let limiter = ConcurrencyLimiter(limit: 1, maxWaiting: 2)
        let release = AsyncStream<Void>.makeStream()
        let holder = Task { try await limiter.withPermit { for await _ in release.stream { break } } }
        while await limiter.inFlight == 0 { await Task.yield() }
        let waiting = (0..<2).map { _ in Task { try await limiter.withPermit { 1 } } }
        try await Task.sleep(for: .milliseconds(50))
        await #expect(throws: ConcurrencyLimiter.Overloaded.self) { try await limiter.withPermit { 2 } }
        release.continuation.yield()
        try await holder.value
        for task in waiting { #expect(try await task.value == 1) }
        #expect(try await limiter.withPermit { 3 } == 3, "room again once the queue drained")
    }

    @Test("a waiter whose task is cancelled leaves the queue at once with CancellationError; the permit goes to the next waiter")
    func cancelledWaiter() async throws {
        let limiter = ConcurrencyLimiter(limit: 1)
        let release = AsyncStream<Void>.makeStream()
        let holder = Task { try await limiter.withPermit { for await _ in release.stream { break } } }
        while await limiter.inFlight == 0 { await Task.yield() }
        let cancelled = Task { try await limiter.withPermit { "ran" } }
        try await Task.sleep(for: .milliseconds(20))
        let next = Task { try await limiter.withPermit { "next" } }
        try await Task.sleep(for: .milliseconds(20))
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        release.continuation.yield()
        try await holder.value
        #expect(try await next.value == "next")
        #expect(await limiter.inFlight == 0)
    }
}
