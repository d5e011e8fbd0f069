import Foundation
import GatehouseCore
import HTTPTypes
import Hummingbird

/// `/api/v1/auth/*`: sign-in, the session's own state, logout and the forward-auth check.
struct AuthRoutes {
    static let checkPath = "/api/v1/auth/check"

    let signIn: SignInService
    let cookie: SessionCookie
    let keys: KeyRing

    struct LoginRequest: Decodable {
        var login: String
        var password: String
    }

    struct SessionView: Encodable, Sendable {
        var id: String
        var status: String
        var createdAt: Date
        var expiresAt: Date
        var lastSeenAt: Date

        init(_ session: Session) {
            id = session.id.rawValue
            status = session.status.rawValue
            createdAt = session.createdAt
            expiresAt = session.expiresAt
            lastSeenAt = session.lastSeenAt
        }
    }

    struct UserView: Encodable, Sendable {
        var id: String
        var username: String
        var email: String
        var emailVerified: Bool
        var roles: [String]
        var preferredLanguage: String

        init(_ account: Account) {
            id = account.id.rawValue
            username = account.username
            email = account.email
            emailVerified = account.emailVerifiedAt != nil
            roles = account.roles.sorted().map(\.name)
            preferredLanguage = account.preferredLanguage.rawValue
        }
    }

    /// Every sign-in step answers with this, the new token and the cookie set again.
    struct StepAnswer: Encodable, Sendable {
        var status: String
        var token: String
        var expiresAt: Date
        var session: SessionView
        /// After a sign-in with the backup code: its replacement, shown once.
        var newBackupCode: String?
        /// After enrolment: the first backup code, shown once.
        var backupCode: String?
    }

    struct SessionAnswer: Encodable, Sendable {
        var user: UserView
        var session: SessionView
        var status: String
        var csrfToken: String
    }

    func register(in routes: RouteRegistry) {
        routes.post("/api/v1/auth/login", policy: .public) { request, context in
            let body = try await request.decodeJSON(LoginRequest.self, context: context)
            let result = try await signIn.login(body.login, password: body.password, request: context.requestInfo)
            return step(result)
        }

        routes.get("/api/v1/auth/session", policy: .anySession) { _, context in
            let auth = try context.requireAuth()
            return JSONBody(SessionAnswer(
                user: UserView(auth.account), session: SessionView(auth.session), status: auth.session.status.rawValue,
                csrfToken: CSRFMiddleware.token(for: auth.session.id, keys: keys)))
        }

        routes.post("/api/v1/auth/logout", policy: .anySession) { _, context in
            try await signIn.logout(try context.requireAuth(), request: context.requestInfo)
            return EmptyAnswer(cookies: [cookie.clearing()])
        }

        routes.get(RouterPath(Self.checkPath), policy: .public) { request, _ in
            try await check(request)
        }
        routes.add(.head, RouterPath(Self.checkPath), policy: .public) { request, _ in
            try await check(request)
        }
    }

    func step(_ result: SignInResult, newBackupCode: String? = nil, backupCode: String? = nil) -> JSONBody<StepAnswer> {
        JSONBody(
            StepAnswer(status: result.session.status.rawValue, token: result.token, expiresAt: result.session.expiresAt,
                       session: SessionView(result.session), newBackupCode: newBackupCode, backupCode: backupCode),
            cookies: [cookie.cookie(token: result.token, expires: result.session.expiresAt)])
    }

    /// The hot path other services call on every request: a cached or single indexed lookup, no
    /// password work, no cookie set. 401 for anything but a valid, fully signed-in session of an active
    /// account (never 403: proxies turn only 401 into a sign-in redirect).
    func check(_ request: Request) async throws -> Response {
        guard let record = try await checkedSession(request) else {
            throw Problem(.unauthorized, .unauthenticated)
        }
        var headers: HTTPFields = [.cacheControl: "no-store"]
        for (name, value) in ForwardAuthHeaders.fields(for: record.account) {
            headers[name] = value
        }
        return Response(status: .ok, headers: headers)
    }
}

extension AuthRoutes {
    /// The first presented credential that is a signed-in session: the bearer token, then the cookie.
    /// The application behind the proxy may use `Authorization` for its own tokens, so an unknown bearer
    /// token does not hide a valid session cookie.
    func checkedSession(_ request: Request) async throws -> SessionRecord? {
        let presented = SessionMiddleware.presentedTokens(request, cookieName: cookie.name)
        for token in [presented.bearer, presented.cookie].compactMap({ $0 }) {
            if case .valid(let record) = try await signIn.authenticate(token: token, useCache: true), record.session.status == .authenticated {
                return record
            }
        }
        return nil
    }
}

/// The identity headers of a successful check: all four on every 200, ASCII only.
enum ForwardAuthHeaders {
    static let names: [HTTPField.Name] = ["X-Gatehouse-User-Id", "X-Gatehouse-Username", "X-Gatehouse-Email", "X-Gatehouse-Roles"]
        .compactMap { HTTPField.Name($0) }

    static func fields(for account: Account) -> [(HTTPField.Name, String)] {
        let values = [account.id.rawValue, account.username, account.email, account.roles.sorted().map(\.name).joined(separator: ",")]
        return zip(names, values.map(percentEncodeNonASCII)).map { ($0, $1) }
    }

    /// Non-ASCII (and `%`, control characters) percent-encoded as UTF-8, so header values stay ASCII.
    static func percentEncodeNonASCII(_ value: String) -> String {
        var result = ""
        for byte in value.utf8 {
            if byte >= 0x20 && byte < 0x7F && byte != 0x25 {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }
}
