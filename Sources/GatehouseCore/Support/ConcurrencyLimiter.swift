/// Admits at most `limit` operations at a time; the rest wait in FIFO order. Used to cap concurrent
/// password hashes so that a login flood queues instead of exhausting memory (each hash holds m KiB).
public actor ConcurrencyLimiter {
    public let limit: Int
    public private(set) var inFlight = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private let onChange: @Sendable (Int) -> Void

    public init(limit: Int, onChange: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.limit = max(1, limit)
        self.onChange = onChange
    }

    public func withPermit<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        if inFlight < limit {
            inFlight += 1
            onChange(inFlight)
            return
        }
        // The releasing task hands its permit straight to the first waiter, so inFlight stays unchanged.
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty {
            inFlight -= 1
            onChange(inFlight)
        } else {
            waiters.removeFirst().resume()
        }
    }
}
