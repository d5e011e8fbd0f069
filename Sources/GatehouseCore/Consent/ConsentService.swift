import Foundation

/// The personal-data processing agreement as configured: its version and its text per language.
public struct Agreement: Sendable, Equatable {
    public var version: String
    public var texts: [Language: String]

    public init(version: String, texts: [Language: String]) {
        self.version = version
        self.texts = texts
    }

    /// The text in `language`, falling back to English.
    public func text(_ language: Language) -> String {
        texts[language] ?? texts[.en] ?? ""
    }
}

/// Consent to personal-data processing: asked at the first sign-in and again whenever the configured
/// version changes, before anything else (CONTRACT.md's step order). Acceptance stores the version,
/// time and IP address on the account and is audited; declining ends the sign-in.
public struct ConsentService: Sendable {
    public let store: any Store
    public let trail: AuditTrail
    public let clock: any WallClock
    public let signIn: SignInService
    public let agreement: Agreement

    public init(store: any Store, trail: AuditTrail, clock: any WallClock, signIn: SignInService, agreement: Agreement) {
        self.store = store
        self.trail = trail
        self.clock = clock
        self.signIn = signIn
        self.agreement = agreement
    }

    public static let maximumVersionLength = 100

    /// `accept: true` with the version that was shown: the next status; `accept: false`: the session
    /// ends (nil). A version that is no longer the configured one is refused: the text changed while
    /// it was being read.
    public func answer(version: String, accept: Bool, record: SessionRecord, request: RequestInfo) async throws -> SignInResult? {
        try record.require(.consentRequired)
        guard version.count <= Self.maximumVersionLength, version == agreement.version else {
            throw GatehouseError.validation("version", "outdated", detail: "The agreement changed; read version \(agreement.version) and answer again.")
        }
        let now = clock.now()
        guard accept else {
            var machine = SignInStateMachine(status: record.session.status)
            guard machine.handle(.abandoned) == .revokeSession else { throw GatehouseError(.forbidden) }
            try await signIn.units.run { work in
                _ = try await work.sessions.revoke(record.session.id)
                work.record(AuditEvent(.consentDeclined, actor: record.account.id, subject: record.account.id, requestID: request.requestID,
                                       details: ["version": version, "session": record.session.id.rawValue], personal: request.personal))
                work.forget(session: record.session.id)
            }
            return nil
        }
        let result = try await signIn.units.run { work in
            guard try await work.accounts.recordConsent(record.account.id, version: version, ip: request.ip?.description, at: now),
                  let account = try await work.accounts.account(id: record.account.id), account.status == .active, !account.isLocked else {
                throw GatehouseError(.unauthenticated, detail: "The sign-in has ended; sign in again.")
            }
            work.record(AuditEvent(.consentAccepted, actor: account.id, subject: account.id, requestID: request.requestID,
                                   details: ["version": version, "session": record.session.id.rawValue], personal: request.personal))
            return try await signIn.advance(record, completing: .consent, account: account, in: work, request: request)
        }
        return result
    }
}
