import Argon2
import GatehouseCore
import GatehousePasswordHashing
import GatehouseTestSupport
import Synchronization
import Testing

@Suite("Password hasher")
struct PasswordHasherTests {
    @Test("hashes and verifies NFKC-normalised passwords, and knows when a hash needs redoing")
    func roundTrip() async throws {
        let hasher = Argon2PasswordHasher.forTests()
        let stored = try await hasher.hash("ｐａｓｓ phrase ①")
        #expect(stored.hasPrefix("$argon2id$v=19$m=64,t=1,p=1$"))
        #expect(try await hasher.verify("pass phrase 1", against: stored))
        #expect(try await hasher.verify("pass phrase 2", against: stored) == false)
        #expect(try await hasher.verify("anything", against: "not a hash") == false)
        #expect(hasher.needsRehash(stored) == false)
        let stronger = Argon2PasswordHasher(parameters: Argon2Parameters(memoryKiB: 128, iterations: 1, parallelism: 1), maxConcurrent: 1)
        #expect(stronger.needsRehash(stored))
        #expect(try await stronger.verify("pass phrase 1", against: stored), "old hashes keep verifying until rehashed")
    }

    @Test("never computes more than max_concurrent hashes at once")
    func concurrencyCap() async throws {
        final class Peak: Sendable { let value = Mutex(0) }
        let peak = Peak()
        let limiter = ConcurrencyLimiter(limit: 2) { inFlight in peak.value.withLock { $0 = max($0, inFlight) } }
        let hasher = Argon2PasswordHasher(parameters: Argon2Parameters(memoryKiB: 1024, iterations: 2, parallelism: 1), limiter: limiter)
        let hashes = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<12 { group.addTask { try await hasher.hash("password number \(index)") } }
            var all: [String] = []
            for try await hash in group { all.append(hash) }
            return all
        }
        #expect(hashes.count == 12)
        #expect(Set(hashes).count == 12, "every hash has its own random salt")
        #expect(peak.value.withLock { $0 } == 2)
        #expect(await limiter.inFlight == 0)
    }
}
