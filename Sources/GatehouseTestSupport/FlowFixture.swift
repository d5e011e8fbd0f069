import Foundation
import GatehouseCore
import Synchronization
import TOTP

/// Randomness tests can repeat: SplitMix64 from a seed. Never for anything but tests.
public final class SeededRandomSource: RandomSource, Sendable {
    private let state: Mutex<UInt64>

    public init(seed: UInt64 = 0x6761_7465_686f_7573) {
        state = Mutex(seed)
    }

    public func bytes(_ count: Int) -> [UInt8] {
        state.withLock { state in
            (0..<count).map { _ in
                state &+= 0x9E37_79B9_7F4A_7C15
                var z = state
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                return UInt8(truncatingIfNeeded: z ^ (z >> 31))
            }
        }
    }
}

/// Gatehouse's flows built from Core alone on a real store, with a clock tests move and seeded
/// randomness: sign-in, two-factor, self-service, consent and the account's sessions, no HTTP.
public struct FlowFixture: Sendable {
    public let store: any Store
    public let clock: TestClock
    public let random: SeededRandomSource
    public let hasher: CountingHasher
    public let cache: SessionCache
    public let mail: AccountMail
    public let signIn: SignInService
    public let twoFactor: TwoFactorService
    public let selfService: SelfService
    public let consent: ConsentService
    public let sessions: AccountSessions
    public let administration: AccountAdministration
    public let organizations: OrganizationAdministration
    public let invitations: Invitations
    public let registrations: Registrations
    public let accessRequests: AccessRequests
    public let request = RequestInfo(ip: IPAddress("192.0.2.10"), userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
                                     requestID: "flow-test")

    /// `twoFactorRequired` is policy `two_factor`; `consentVersion` nil asks no consent.
    public static func make(_ store: any Store, twoFactorRequired: Bool = true, consentVersion: String? = nil,
                            lockoutThreshold: Int = 3, onboarding: OnboardingConfiguration = OnboardingConfiguration()) async throws -> FlowFixture {
        let clock = TestClock()
        let random = SeededRandomSource()
        let hasher = CountingHasher()
        let keys = TestStores.keys
        let trail = TestStores.trail(clock: clock)
        let cache = SessionCache(ttl: .seconds(2))
        let limiter = RateLimiter(store: store.rateLimits, keys: keys, clock: clock)
        let mail = AccountMail(mailer: Mailer(keys: keys, clock: clock, random: random, publicURL: "https://id.example.org"))
        let signIn = try await SignInService(
            store: store, hasher: hasher, trail: trail, limiter: limiter, keys: keys, clock: clock, random: random,
            configuration: SignInConfiguration(lockoutThreshold: lockoutThreshold, twoFactorRequired: twoFactorRequired, consentVersion: consentVersion),
            cache: cache, mail: mail)
        let twoFactor = TwoFactorService(store: store, trail: trail, keys: keys, clock: clock, random: random, signIn: signIn, mail: mail,
                                         configuration: TwoFactorConfiguration(issuer: "Gatehouse", required: twoFactorRequired))
        let selfService = SelfService(store: store, hasher: hasher, policy: PasswordPolicy(), trail: trail, limiter: limiter, clock: clock, mail: mail,
                                      signIn: signIn, cache: cache, configuration: SelfServiceConfiguration())
        let consent = ConsentService(store: store, trail: trail, clock: clock, signIn: signIn,
                                     agreement: Agreement(version: consentVersion ?? "1", texts: [.en: "The agreement."]))
        let sessions = AccountSessions(store: store, trail: trail, cache: cache, policy: SessionPolicy(), clock: clock)
        let administration = AccountAdministration(store: store, hasher: hasher, policy: PasswordPolicy(), trail: trail, clock: clock, random: random,
                                                   cache: cache, mail: mail)
        let organizations = OrganizationAdministration(store: store, trail: trail, clock: clock, random: random, cache: cache)
        let invitations = Invitations(store: store, trail: trail, clock: clock, random: random, mail: mail, cache: cache, configuration: onboarding,
                                      limiter: limiter)
        let registrations = Registrations(invitations: invitations, accounts: administration, signIn: signIn, limiter: limiter)
        let accessRequests = AccessRequests(invitations: invitations, limiter: limiter)
        hasher.reset()
        return FlowFixture(store: store, clock: clock, random: random, hasher: hasher, cache: cache, mail: mail, signIn: signIn, twoFactor: twoFactor,
                           selfService: selfService, consent: consent, sessions: sessions, administration: administration,
                           organizations: organizations, invitations: invitations, registrations: registrations,
                           accessRequests: accessRequests)
    }

    @discardableResult
    public func createAccount(_ username: String, password: String = "correct horse battery", verified: Bool = true) async throws -> Account {
        try await administration.create(AccountCreation(username: username, email: "\(username)@example.com", password: password, emailVerified: verified))
    }

    public func login(_ username: String, password: String = "correct horse battery") async throws -> SignInResult {
        try await signIn.login(username, password: password, request: request)
    }

    /// The session as the store has it now, with its account.
    public func record(_ result: SignInResult) async throws -> SessionRecord {
        guard case .valid(let record) = try await signIn.authenticate(token: result.token) else {
            throw TestSetupError("the session of \(result.account.username) is not valid")
        }
        return record
    }

    /// The current TOTP code of a base32 secret at the fixture's time.
    public func code(_ secret: String, offset: TimeInterval = 0) throws -> String {
        try TOTP(secret: TOTPSecret(base32: secret)).code(at: clock.now().addingTimeInterval(offset))
    }

    /// The mail queued since the last call, opened: kind, recipient and values (links included). The
    /// rows are claimed, as a worker would, so the next call sees only newer mail.
    public func takeQueuedMail() async throws -> [OutgoingMail] {
        let claimed = try await store.outbox.claim(limit: 1000, now: clock.now().addingTimeInterval(86_400),
                                                   until: clock.now().addingTimeInterval(172_800), claimToken: SecretToken.generate(random))
        return try claimed.map { try mail.mailer.open($0.payload) }
    }

    /// Password → setup → first code for an account under policy `required`: the secret, the backup
    /// code and the signed-in result.
    public func enrol(_ username: String) async throws -> (secret: String, backupCode: String, result: SignInResult) {
        let pending = try await login(username)
        let setup = try await twoFactor.beginEnrolment(record: try await record(pending), request: request)
        let outcome = try await twoFactor.confirmEnrolment(code: try code(setup.secret), record: try await record(pending), request: request)
        return (setup.secret, outcome.backupCode, outcome.result)
    }
}
