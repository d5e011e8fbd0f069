import Foundation
import GatehouseCore
import HTTPTypes
import Hummingbird

/// `/api/v1/auth/check`, the forward-auth check: a plain route, not a generated operation, because
/// it is the hot path other services call on every request (no body, no JSON, no cookie set).
struct ForwardAuthRoutes {
    static let checkPath = "/api/v1/auth/check"

    /// `/api/v1/auth/check` and `/api/v1/auth/check/{permission}`.
    static func isCheck(_ path: String) -> Bool {
        path.hasPrefix(checkPath) && (path.utf8.count == checkPath.utf8.count || path.utf8.dropFirst(checkPath.utf8.count).first == UInt8(ascii: "/"))
    }

    let signIn: SignInService
    let tokens: APITokens
    let cookie: SessionCookie
    let access: AdministratorAccess

    func register(in routes: RouteRegistry) {
        for method in [HTTPRequest.Method.get, .head] {
            routes.add(method, RouterPath(Self.checkPath), policy: .public) { request, context in
                try await check(request, context, permission: nil)
            }
            // One permission per location: a proxy guards `/reports` with `…/check/reports:read`.
            routes.add(method, RouterPath(Self.checkPath + "/{permission}"), policy: .public) { request, context in
                try await check(request, context, permission: context.parameters.get("permission") ?? "")
            }
        }
    }

    /// The hot path other services call on every request: a cached or single indexed lookup, no
    /// password work, no cookie set. 401 for anything but a signed-in session of an active account or
    /// a valid API token (proxies turn only 401 into a sign-in redirect); with a permission, 403 when
    /// the caller lacks it.
    func check(_ request: Request, _ context: GatehouseRequestContext, permission: String?) async throws -> Response {
        let (found, unknownBearer) = try await checkedCaller(request, context.requestInfo)
        guard let caller = found else {
            // A bearer token that names nothing counts against the client (`token_failures_per_ip`), so
            // guessing here limits the client everywhere else; the answer stays 401, the only refusal a
            // proxy passes on. A browser's stale cookie does not count: forward auth sees it on every
            // request of the application, and cannot clear it.
            if unknownBearer { _ = try? await signIn.countTokenFailure(from: context.requestInfo.ip) }
            throw Problem(.unauthorized, .unauthenticated)
        }
        if let permission {
            // A name that is no permission is one nobody holds.
            guard let wanted = Permission(permission), caller.holds(wanted) else {
                try await recordAccessRequest(caller, request, context, status: 403)
                throw Problem(.forbidden, .forbidden, detail: "You do not have the permission this page needs.")
            }
        }
        var headers: HTTPFields = [.cacheControl: "no-store"]
        for (name, value) in ForwardAuthHeaders.fields(for: caller, roles: tokens.access.reportedRoles(caller.account, permissions: caller.permissions,
                                                                                                       token: caller.token != nil)) {
            headers[name] = value
        }
        if case .session(let session) = caller.credential, let impersonation = session.impersonation {
            // An administrator's access: the application is told who is really there.
            if let name = ForwardAuthHeaders.impersonatorID { headers[name] = impersonation.administratorID.rawValue }
            if let name = ForwardAuthHeaders.impersonatorUsername {
                headers[name] = ForwardAuthHeaders.percentEncodeNonASCII(impersonation.administratorUsername)
            }
            try await recordAccessRequest(caller, request, context, status: 200)
        }
        return Response(status: .ok, headers: headers)
    }

    /// During an administrator's access, the proxied request joins the access's trail: its method and
    /// path as the documented proxies send them (the query string left out: it may carry secrets, and
    /// the trail cannot be rewritten), and the check's answer.
    func recordAccessRequest(_ caller: Caller, _ request: Request, _ context: GatehouseRequestContext, status: Int) async throws {
        guard case .session(let session) = caller.credential, session.impersonation != nil else { return }
        func header(_ names: HTTPField.Name?...) -> String? {
            names.lazy.compactMap { $0.flatMap { request.headers[$0] } }.first
        }
        let method = header(ProxiedRequest.forwardedMethod, ProxiedRequest.originalMethod) ?? request.method.rawValue
        let uri = header(ProxiedRequest.forwardedURI, ProxiedRequest.originalURI) ?? request.uri.path
        let path = uri.prefix { $0 != "?" && $0 != "#" }
        try await access.recordRequest(SessionRecord(session: session, account: caller.account), method: String(method.prefix(16)),
                                       route: String(path), status: status, request: context.requestInfo)
    }
}

extension ForwardAuthRoutes {
    /// The first presented credential that is a signed-in session or an API token: the bearer token,
    /// then the cookie. The application behind the proxy may use `Authorization` for its own tokens, so
    /// an unknown bearer token does not hide a valid session cookie. `unknownBearer`: the bearer token has
    /// Gatehouse's shape and named nothing (no session, no API token of an active owner).
    func checkedCaller(_ request: Request, _ info: RequestInfo) async throws -> (caller: Caller?, unknownBearer: Bool) {
        let presented = SessionMiddleware.presentedTokens(request, cookieName: cookie.name)
        var unknownBearer = false
        if let bearer = presented.bearer {
            if APITokenFormat.looksLikeToken(bearer) {
                switch try await tokens.authenticate(bearer, request: info, useCache: true) {
                case .valid(let record):
                    // A token its owner can no longer use for anything is no credential.
                    let caller = tokens.caller(record)
                    if !caller.permissions.isEmpty { return (caller, false) }
                case .none:
                    unknownBearer = APITokenFormat.isWellFormed(bearer)
                }
            } else {
                switch try await signIn.authenticate(token: bearer, useCache: true) {
                case .valid(let record) where record.session.status == .authenticated: return (tokens.caller(record), false)
                case .impersonationEnded(let record, let problem):
                    // An administrator's access that ran out, used as a bearer token: ended (audited) here.
                    // The same access as a browser's cookie is left to Gatehouse's own pages, which give
                    // the administrator's session back (the proxy's sign-in redirect leads there).
                    try await access.end(record, how: AdministratorAccess.Ending(problem), request: info, restore: false)
                // Only a token of Gatehouse's shape was looked up: the application's own bearer tokens
                // (a JWT) are neither looked up nor counted.
                case .none: unknownBearer = SecretToken.isWellFormed(bearer)
                default: break
                }
            }
        }
        // The cookie is always a session token, whatever it starts with.
        if let cookie = presented.cookie, case .valid(let record) = try await signIn.authenticate(token: cookie, useCache: true),
           record.session.status == .authenticated {
            return (tokens.caller(record), false)
        }
        return (nil, unknownBearer)
    }
}

/// The identity headers of a successful check: these six on every 200 (and `X-Gatehouse-Token-Group`
/// for a token), ASCII only.
enum ForwardAuthHeaders {
    static let names: [HTTPField.Name] = ["X-Gatehouse-User-Id", "X-Gatehouse-Username", "X-Gatehouse-Email", "X-Gatehouse-Roles",
                                          "X-Gatehouse-Organizations", "X-Gatehouse-Permissions"].compactMap { HTTPField.Name($0) }
    static let tokenGroup = HTTPField.Name("X-Gatehouse-Token-Group")
    static let impersonatorID = HTTPField.Name("X-Gatehouse-Impersonator-Id")
    static let impersonatorUsername = HTTPField.Name("X-Gatehouse-Impersonator-Username")

    /// `roles`: the roles to report (for a token, only those within its permissions).
    static func fields(for caller: Caller, roles: [Role]) -> [(HTTPField.Name, String)] {
        let account = caller.account
        let values = [account.id.rawValue, account.username, account.email, roles.map(\.name).joined(separator: ","),
                      account.organizations.keys.sorted().joined(separator: ","),
                      caller.permissions.map(\.rawValue).sorted().joined(separator: ",")]
        var fields = zip(names, values.map(percentEncodeNonASCII)).map { ($0, $1) }
        if let token = caller.token, let tokenGroup { fields.append((tokenGroup, percentEncodeNonASCII(token.permissionGroup))) }
        return fields
    }

    /// Non-ASCII (and `%`, control characters) percent-encoded as UTF-8, so header values stay ASCII.
    static func percentEncodeNonASCII(_ value: String) -> String {
        // Nearly always plain ASCII already: return it untouched.
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x25 }) { return value }
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

enum ProxiedRequest {
    /// What the documented proxies send with a forward-auth subrequest: the original request's method and URI.
    static let forwardedMethod = HTTPField.Name("X-Forwarded-Method")
    static let originalMethod = HTTPField.Name("X-Original-Method")
    static let forwardedURI = HTTPField.Name("X-Forwarded-Uri")
    static let originalURI = HTTPField.Name("X-Original-URI")
}
