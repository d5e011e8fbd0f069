import Argon2
import Metrics
import NIOPosix

/// Turns passwords into stored hashes and checks them. Implementations do the expensive work off the
/// caller's executor. Passwords are NFKC-normalised before hashing (see `PasswordPolicy.normalize`).
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) async throws -> String
    /// False for a wrong password and for a stored value this hasher does not understand.
    func verify(_ password: String, against stored: String) async throws -> Bool
    /// True when the stored hash was made with another algorithm or other parameters than the current ones.
    func needsRehash(_ stored: String) -> Bool
}

/// Argon2id (RFC 9106) on a thread pool, with at most `maxConcurrent` hashes in flight.
public struct Argon2PasswordHasher: PasswordHasher {
    public let parameters: Argon2Parameters
    private let hasher: Argon2idHasher
    private let limiter: ConcurrencyLimiter
    private let threadPool: NIOThreadPool

    public init(parameters: Argon2Parameters, maxConcurrent: Int, threadPool: NIOThreadPool = .singleton) {
        let gauge = Gauge(label: "gatehouse_password_hashes_in_flight")
        self.init(parameters: parameters, limiter: ConcurrencyLimiter(limit: maxConcurrent) { gauge.record($0) }, threadPool: threadPool)
    }

    /// With a limiter of the caller's, e.g. one shared by several hashers or observed by a test.
    public init(parameters: Argon2Parameters, limiter: ConcurrencyLimiter, threadPool: NIOThreadPool = .singleton) {
        self.parameters = parameters
        self.hasher = Argon2idHasher(parameters: parameters)
        self.limiter = limiter
        self.threadPool = threadPool
    }

    public func hash(_ password: String) async throws -> String {
        let bytes = Array(PasswordPolicy.normalize(password).utf8)
        let hasher = self.hasher
        return try await limiter.withPermit {
            try await threadPool.runIfActive { try hasher.hash(password: bytes) }
        }
    }

    public func verify(_ password: String, against stored: String) async throws -> Bool {
        let bytes = Array(PasswordPolicy.normalize(password).utf8)
        let hasher = self.hasher
        return try await limiter.withPermit {
            try await threadPool.runIfActive { hasher.verify(password: bytes, against: stored) }
        }
    }

    public func needsRehash(_ stored: String) -> Bool {
        hasher.needsRehash(stored)
    }
}
