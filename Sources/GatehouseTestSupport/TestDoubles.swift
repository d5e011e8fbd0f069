import Foundation
import GatehouseCore
import GatehousePasswordHashing
import Synchronization

/// A clock tests move by hand.
public final class TestClock: WallClock, Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = Mutex(start)
    }

    public func now() -> Date { current.withLock { $0 } }

    public func advance(by duration: Duration) {
        current.withLock { $0 = $0.addingTimeInterval(duration.timeInterval) }
    }
}

/// The real Argon2id hasher (small parameters), counting what it is asked to do.
public final class CountingHasher: PasswordHasher, Sendable {
    let inner = Argon2PasswordHasher.forTests()
    private let counts = Mutex((hashes: 0, verifications: 0))

    public init() {}

    public var hashes: Int { counts.withLock { $0.hashes } }
    public var verifications: Int { counts.withLock { $0.verifications } }

    public func reset() { counts.withLock { $0 = (0, 0) } }

    public func hash(_ password: String) async throws -> String {
        counts.withLock { $0.hashes += 1 }
        return try await inner.hash(password)
    }

    public func verify(_ password: String, against stored: String) async throws -> Bool {
        counts.withLock { $0.verifications += 1 }
        return try await inner.verify(password, against: stored)
    }

    public func needsRehash(_ stored: String) -> Bool { inner.needsRehash(stored) }
}

/// A sign-in service on a test store with small Argon2 parameters and a controllable clock.
public struct SignInFixture: Sendable {
    public let store: any Store
    public let hasher: CountingHasher
    public let clock: TestClock
    public let service: SignInService
    public let administration: AccountAdministration

    public static func make(_ store: any Store, configuration: SignInConfiguration = SignInConfiguration(lockoutThreshold: 3)) async throws -> SignInFixture {
        let hasher = CountingHasher()
        let clock = TestClock()
        let trail = TestStores.trail(clock: clock)
        let cache = SessionCache(ttl: .seconds(2))
        let service = try await SignInService(
            store: store, hasher: hasher, trail: trail,
            limiter: RateLimiter(store: store.rateLimits, keys: TestStores.keys, clock: clock),
            keys: TestStores.keys, clock: clock, random: SystemRandomSource(), configuration: configuration, cache: cache)
        let administration = AccountAdministration(store: store, hasher: hasher, policy: PasswordPolicy(), trail: trail, clock: clock, cache: cache)
        hasher.reset()
        return SignInFixture(store: store, hasher: hasher, clock: clock, service: service, administration: administration)
    }

    @discardableResult
    public func createAccount(_ username: String, password: String = "correct horse battery", verified: Bool = true, roles: Set<Role> = []) async throws -> Account {
        let account = try await administration.create(AccountCreation(
            username: username, email: "\(username)@example.com", password: password, roles: roles, emailVerified: verified))
        hasher.reset()
        return account
    }
}
