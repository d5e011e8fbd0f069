/// Admits at most `limit` operations at a time; the rest wait in FIFO order. Used to cap concurrent
/// password hashes so that a login flood queues instead of exhausting memory (each hash holds m KiB).
/// With `maxWaiting`, a full queue refuses at once (`Overloaded`) instead of growing without bound,
/// so a flood is answered 503 quickly rather than by requests that wait for seconds.
public actor ConcurrencyLimiter {
    public let limit: Int
    public let maxWaiting: Int?
    public private(set) var inFlight = 0
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextWaiter: UInt64 = 0
    private let onChange: @Sendable (Int) -> Void

    /// The queue is full: try again shortly.
    public struct Overloaded: Error, Equatable {
        public init() {}
    }

    public init(limit: Int, maxWaiting: Int? = nil, onChange: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.limit = max(1, limit)
        self.maxWaiting = maxWaiting.map { max(0, $0) }
        self.onChange = onChange
    }

    /// Runs `body` holding a permit. A task cancelled while it waits leaves the queue at once and
    /// throws `CancellationError` (so a deadline around it is kept).
    public func withPermit<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async throws {
        if inFlight < limit {
            inFlight += 1
            onChange(inFlight)
            return
        }
        if let maxWaiting, waiters.count >= maxWaiting { throw Overloaded() }
        try Task.checkCancellation()
        nextWaiter &+= 1
        let id = nextWaiter
        // The releasing task hands its permit straight to the first waiter, so inFlight stays unchanged.
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { waiters.append((id, $0)) }
        } onCancel: {
            Task { await self.leave(id) }
        }
    }

    /// A waiter whose task was cancelled: out of the queue, with `CancellationError`. A waiter already
    /// handed a permit is not in the queue any more and keeps it.
    private func leave(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }

    private func release() {
        if waiters.isEmpty {
            inFlight -= 1
            onChange(inFlight)
        } else {
            waiters.removeFirst().continuation.resume()
        }
    }
}
