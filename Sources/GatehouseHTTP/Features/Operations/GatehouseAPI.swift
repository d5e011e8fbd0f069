import Foundation
import GatehouseCore
import HTTPTypes
import Hummingbird
import OpenAPIRuntime

/// The JSON API: `APIProtocol` is generated from `openapi.yaml` with its types, and each feature answers
/// its operations in an extension of its own (`Features/<Feature>/<Feature>API.swift`). An operation
/// reads its input from the generated types and what its policy earned from `SessionContext.current`
/// or `SignedInContext.current`; errors it throws become problem+json in `ProblemMiddleware`.
struct GatehouseAPI: APIProtocol {
    let signIn: SignInService
    let selfService: SelfService
    let twoFactor: TwoFactorService
    let consent: ConsentService
    let sessions: AccountSessions
    let administration: AccountAdministration
    let organizations: OrganizationAdministration
    let invitations: Invitations
    let registrations: Registrations
    let accessRequests: AccessRequests
    let tokens: APITokens
    let cookie: SessionCookie
    let keys: KeyRing
    let access: AdministratorAccess

    /// The JSON encoding of every answer: keys sorted, slashes as they are, dates RFC 3339 in UTC.
    static let configuration = Configuration(dateTranscoder: .iso8601, jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes])

    /// Registers every generated operation through the route registry, each with its declared policy.
    func register(in routes: RouteRegistry) throws {
        // A document that does not parse would leave every operation refused: fail at start-up instead.
        guard !OpenAPIDocument.declaredPolicies.isEmpty else { throw GatehouseError(.internalError, detail: "openapi.yaml declares no policies") }
        try registerHandlers(on: OperationTransport(routes: routes), configuration: Self.configuration, middlewares: [EmptyBodyIsNoBody()])
    }
}

/// An empty request body is no body: an operation whose body is optional (a setup from the account
/// while TOTP is off) then gets nil instead of failing to decode nothing as JSON. The transport hands
/// every request a body, empty or not.
struct EmptyBodyIsNoBody: ServerMiddleware {
    func intercept(_ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
                   next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)) async throws -> (HTTPResponse, HTTPBody?) {
        try await next(request, body?.length == .known(0) ? nil : body, metadata)
    }
}

extension RawRepresentable where RawValue == String {
    /// The document's enum case for a Core value of the same raw value. A value the document does not
    /// list is a server defect, answered 500 (a test checks that every Core case is documented).
    init(documenting value: some RawRepresentable<String>) throws {
        guard let documented = Self(rawValue: value.rawValue) else {
            throw GatehouseError(.internalError, detail: "\(value.rawValue) is not in the OpenAPI document's \(Self.self)")
        }
        self = documented
    }
}

extension Components.Schemas.Session {
    init(_ session: Session) throws {
        self.init(id: session.id.rawValue, status: try .init(documenting: session.status), createdAt: session.createdAt,
                  expiresAt: session.expiresAt, lastSeenAt: session.lastSeenAt)
    }
}

extension Components.Schemas.User {
    init(_ account: Account) throws {
        self.init(id: account.id.rawValue, username: account.username, email: account.email, emailVerified: account.emailVerifiedAt != nil,
                  roles: account.roles.sorted().map(\.name), preferredLanguage: try .init(documenting: account.preferredLanguage))
    }
}
