import Foundation
import GatehouseCore
import HTTPTypes
import Hummingbird

/// `/api/v1/auth/check`, the forward-auth check: a plain route, not a generated operation, because
/// it is the hot path other services call on every request (no body, no JSON, no cookie set).
struct ForwardAuthRoutes {
    static let checkPath = "/api/v1/auth/check"

    let signIn: SignInService
    let cookie: SessionCookie

    func register(in routes: RouteRegistry) {
        routes.get(RouterPath(Self.checkPath), policy: .public) { request, _ in
            try await check(request)
        }
        routes.add(.head, RouterPath(Self.checkPath), policy: .public) { request, _ in
            try await check(request)
        }
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

extension ForwardAuthRoutes {
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

/// The identity headers of a successful check: all five on every 200, ASCII only.
enum ForwardAuthHeaders {
    static let names: [HTTPField.Name] = ["X-Gatehouse-User-Id", "X-Gatehouse-Username", "X-Gatehouse-Email", "X-Gatehouse-Roles",
                                          "X-Gatehouse-Organizations"].compactMap { HTTPField.Name($0) }

    static func fields(for account: Account) -> [(HTTPField.Name, String)] {
        let values = [account.id.rawValue, account.username, account.email, account.roles.sorted().map(\.name).joined(separator: ","),
                      account.organizations.keys.sorted().joined(separator: ",")]
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
