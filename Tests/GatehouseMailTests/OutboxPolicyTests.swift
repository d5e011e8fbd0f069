import GatehouseMail
import Testing

@Suite struct OutboxPolicyTests {
    @Test func backoffDoublesUpToTheCap() {
        let policy = OutboxPolicy(firstRetry: .seconds(30), maxRetry: .seconds(3600))
        #expect(policy.retryDelay(afterAttempt: 1) == .seconds(30))
        #expect(policy.retryDelay(afterAttempt: 2) == .seconds(60))
        #expect(policy.retryDelay(afterAttempt: 4) == .seconds(240))
        #expect(policy.retryDelay(afterAttempt: 8) == .seconds(3600))
        #expect(policy.retryDelay(afterAttempt: 100) == .seconds(3600))
    }
}
