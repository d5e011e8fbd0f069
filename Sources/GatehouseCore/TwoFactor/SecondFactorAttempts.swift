/// `rate_limit.second_factor_per_account` and `rate_limit.second_factor_per_ip`: wrong codes and backup
/// codes of one account, wherever they are typed (the second step, recovery, the account's own forms, a
/// password reset's reissue), and from one client whichever accounts it tries. The slots are taken
/// before the code is looked at (atomically, so a burst of parallel guesses is bounded too) and given
/// back when the attempt succeeds or fails for a reason other than the code.
public struct SecondFactorAttempts: Sendable {
    let limiter: RateLimiter
    let limit: RateLimit?
    let perIP: RateLimit?

    public init(limiter: RateLimiter, limit: RateLimit?, perIP: RateLimit? = nil) {
        self.limiter = limiter
        self.limit = limit
        self.perIP = perIP
    }

    /// Runs `body` as one attempt of `account`'s from `ip`. A `second_factor_invalid` or
    /// `backup_code_invalid` keeps the slots; any other error, and a value `succeeded` accepts, give them back.
    func attempt<T: Sendable>(_ account: AccountID, from ip: IPAddress?, succeeded: (T) -> Bool = { _ in true },
                              _ body: () async throws -> T) async throws -> T {
        let limits: [(name: String, value: String, limit: RateLimit?)] = [
            ("second_factor_per_ip", ip?.rateLimitKey ?? "unknown", perIP), ("second_factor_per_account", account.rawValue, limit),
        ]
        try await limiter.enforce(limits)
        let value: T
        do {
            value = try await body()
        } catch let error as GatehouseError where error.code == .secondFactorInvalid || error.code == .backupCodeInvalid {
            throw error
        } catch {
            try? await limiter.refund(limits)
            throw error
        }
        // A failed refund leaves the attempt counted: stricter, never looser.
        if succeeded(value) { try? await limiter.refund(limits) }
        return value
    }
}
