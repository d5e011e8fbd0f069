import Argon2
import GatehouseCore
#if canImport(Glibc)
import Glibc
#endif
import Metrics
import NIOCore
import NIOPosix

/// Argon2id (RFC 9106) on its own thread pool, the `PasswordHasher` the server uses (Core knows only
/// the protocol, and no threads or NIO), with at most `maxConcurrent` hashes in flight and at
/// most `maxWaiting` waiting (more are refused at once with `ConcurrencyLimiter.Overloaded`).
///
/// The pool is Gatehouse's own, one thread a core, apart from `NIOThreadPool.singleton`, where SQLite
/// and other blocking work run: a login flood then keeps the cores busy hashing but never queues the
/// session lookups of `/api/v1/auth/check` or `/readyz` behind the hashes.
public struct Argon2PasswordHasher: PasswordHasher {
    public let parameters: Argon2Parameters
    private let hasher: Argon2idHasher
    private let limiter: ConcurrencyLimiter
    private let threadPool: NIOThreadPool

    /// The process's pool for password hashing: one thread per core.
    public static let threadPool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: max(1, System.coreCount))
        pool.start()
        return pool
    }()

    public init(parameters: Argon2Parameters, maxConcurrent: Int, maxWaiting: Int? = nil, threadPool: NIOThreadPool = Self.threadPool) {
        let gauge = Gauge(label: "gatehouse_password_hashes_in_flight")
        self.init(parameters: parameters, limiter: ConcurrencyLimiter(limit: maxConcurrent, maxWaiting: maxWaiting) { gauge.record($0) },
                  threadPool: threadPool)
    }

    /// With a limiter of the caller's, e.g. one shared by several hashers or observed by a test.
    public init(parameters: Argon2Parameters, limiter: ConcurrencyLimiter, threadPool: NIOThreadPool = Self.threadPool) {
        self.parameters = parameters
        self.hasher = Argon2idHasher(parameters: parameters)
        self.limiter = limiter
        self.threadPool = threadPool
    }

    public func hash(_ password: String) async throws -> String {
        let bytes = Array(PasswordPolicy.normalize(password).utf8)
        let hasher = self.hasher
        return try await limiter.withPermit {
            try await threadPool.runIfActive {
                HashingThread.yieldToRequests()
                return try hasher.hash(password: bytes)
            }
        }
    }

    public func verify(_ password: String, against stored: String) async throws -> Bool {
        let bytes = Array(PasswordPolicy.normalize(password).utf8)
        let hasher = self.hasher
        return try await limiter.withPermit {
            try await threadPool.runIfActive {
                HashingThread.yieldToRequests()
                return hasher.verify(password: bytes, against: stored)
            }
        }
    }

    public func needsRehash(_ stored: String) -> Bool {
        hasher.needsRehash(stored)
    }
}

/// Password hashing threads run at the lowest scheduling priority (nice 19), below the threads serving
/// requests: under a login flood the cores stay busy hashing, but a session check or a health probe
/// that needs a core gets it first. Linux only; elsewhere a no-op.
enum HashingThread {
    static func yieldToRequests() {
        #if os(Linux)
        // The thread's own id, from /proc/thread-self ("PID/task/TID"): Glibc's gettid is not imported.
        var buffer = [CChar](repeating: 0, count: 64)
        let length = readlink("/proc/thread-self", &buffer, buffer.count - 1)
        guard length > 0 else { return }
        let path = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let last = path.split(separator: "/").last, let tid = id_t(last) else { return }
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        if getpriority(which, tid) < 19 { _ = setpriority(which, tid, 19) }
        #endif
    }
}
