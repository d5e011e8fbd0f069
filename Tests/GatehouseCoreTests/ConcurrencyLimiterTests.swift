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
                    await limiter.withPermit {
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
}
