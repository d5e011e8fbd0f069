import GatehouseCore
import GatehouseWeb
import Hummingbird

/// Resolves the presented credential (bearer token first, then the cookie) for every request except
/// the forward-auth checks, which authenticate themselves on their own faster path. A bearer token
/// starting `gth_` is an API token; anything else presented is a session token.
public struct SessionMiddleware: RouterMiddleware {
    public typealias Context = GatehouseRequestContext
    let signIn: SignInService
    let tokens: APITokens
    let cookie: SessionCookie
    /// Ends an administrator's access that ran out and records each request made during one.
    let access: AdministratorAccess?
    let keys: KeyRing?

    public init(signIn: SignInService, tokens: APITokens, cookie: SessionCookie, access: AdministratorAccess? = nil, keys: KeyRing? = nil) {
        self.signIn = signIn
        self.tokens = tokens
        self.cookie = cookie
        self.access = access
        self.keys = keys
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if ForwardAuthRoutes.isCheck(request.uri.path) { return try await next(request, context) }
        var context = context
        let (token, byCookie) = Self.presentedToken(request, cookieName: cookie.name)
        var unknownCookie = false
        var restoredCookie: Cookie?
        if let token, !byCookie, APITokenFormat.looksLikeToken(token) {
            switch try await tokens.authenticate(token, request: context.requestInfo) {
            case .valid(let record):
                context.caller = tokens.caller(record)
            case .none:
                // Unknown, expired, or of a disabled owner: 401 where a caller is needed, and a failure
                // counted against the client.
                try await signIn.countTokenFailure(from: context.requestInfo.ip)
            }
        } else if let token {
            switch try await signIn.authenticate(token: token) {
            case .valid(let record):
                context.auth = record
                context.authenticatedByCookie = byCookie
                if record.session.status == .authenticated { context.caller = tokens.caller(record) }
            case .ended(let problem):
                context.endedSession = problem
            case .impersonationEnded(let record, let problem):
                // The administrator's access ran out: end it (audited) and, in the administrator's browser,
                // carry on with their own session again.
                let restored = try await access?.end(record, how: AdministratorAccess.Ending(problem), request: context.requestInfo, restore: byCookie)
                if byCookie, let restored {
                    let own = SessionRecord(session: restored.session, account: restored.account)
                    context.auth = own
                    context.authenticatedByCookie = true
                    context.caller = tokens.caller(own)
                    restoredCookie = cookie.cookie(token: restored.token, expires: restored.session.expiresAt)
                } else {
                    context.endedSession = problem
                }
            case .none:
                // A token that names nothing counts against the client (`rate_limit.token_failures_per_ip`,
                // 429 once over it); valid tokens never do. A browser's unknown cookie is cleared, so a stale
                // one does not count on every page.
                try await signIn.countTokenFailure(from: context.requestInfo.ip)
                unknownCookie = byCookie
            }
        }
        var response: Response
        if let record = context.auth, let impersonation = record.session.impersonation, let access {
            // Every page shows the banner; every request joins the access's trail.
            let banner = AdministratorAccessBanner(administrator: impersonation.administratorUsername, reason: impersonation.reason,
                                                   until: record.session.expiresAt,
                                                   csrfToken: keys.map { CSRFMiddleware.token(for: record.session.id, keys: $0) } ?? "")
            let method = request.method.rawValue
            let route = context.endpointPath ?? request.uri.path
            do {
                response = try await AdministratorAccessBanner.$current.withValue(banner) { try await next(request, context) }
            } catch {
                let status = (error as? any HTTPResponseError)?.status.code ?? 500
                try await access.recordRequest(record, method: method, route: route, status: status, request: context.requestInfo)
                throw error
            }
            try await access.recordRequest(record, method: method, route: route, status: response.status.code, request: context.requestInfo)
        } else if let restoredCookie {
            // The administrator's own session is back: whatever this request was (a banner's button, a
            // form of the access), it now goes to their account page, or keeps the cookie on its error.
            if request.method != .get, request.method != .head, !request.uri.path.hasPrefix("/api/") {
                var back = Response(status: .seeOther, headers: [.location: "/account", .cacheControl: "no-store"])
                back.setCookie(restoredCookie)
                return back
            }
            do {
                response = try await next(request, context)
            } catch let error as any HTTPResponseError {
                response = try error.response(from: request, context: context)
            }
        } else {
            response = try await next(request, context)
        }
        if let restoredCookie, !response.headers[values: .setCookie].contains(where: { $0.hasPrefix(cookie.name + "=") }) {
            response.setCookie(restoredCookie)
        }
        // Unless the answer sets a cookie of its own (a sign-in replacing the stale one).
        if unknownCookie, !response.headers[values: .setCookie].contains(where: { $0.hasPrefix(cookie.name + "=") }) {
            response.setCookie(cookie.clearing())
        }
        return response
    }

    /// The token that counts for the request: the bearer token if there is one, else the cookie.
    static func presentedToken(_ request: Request, cookieName: String) -> (String?, Bool) {
        let presented = presentedTokens(request, cookieName: cookieName)
        if let bearer = presented.bearer { return (bearer, false) }
        return (presented.cookie, presented.cookie != nil)
    }

    static func presentedTokens(_ request: Request, cookieName: String) -> (bearer: String?, cookie: String?) {
        let bearer = request.headers[.authorization].flatMap(bearerToken)
        let cookie = cookieValue(cookieName, in: request.headers)
        return (bearer, cookie?.isEmpty == false ? cookie : nil)
    }

    /// The credential of `Bearer <token>` (the scheme in any case, blanks around the token dropped);
    /// nil for any other scheme. Byte work, no Foundation: this runs on every request.
    static func bearerToken(_ header: String) -> String? {
        guard let space = header.utf8.firstIndex(of: UInt8(ascii: " ")),
              header.utf8[..<space].elementsEqual("bearer".utf8, by: { $0 | 0x20 == $1 }) else { return nil }
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        var token = header.utf8[header.utf8.index(after: space)...].drop(while: isBlank)
        while let last = token.last, isBlank(last) { token = token.dropLast() }
        return token.isEmpty ? nil : String(Substring(token))
    }

    /// The value of the first cookie named `name` (nil when empty), as Hummingbird's
    /// `request.cookies[name]` finds it, without parsing every other cookie: this runs on every request, the forward-auth check's too.
    /// ASCII only, as RFC 6265 has it: pairs split on `;`, blanks are space and tab. Where Hummingbird
    /// reads more (U+037E as `;`, Unicode blanks) this finds no cookie, which fails safe.
    static func cookieValue(_ name: String, in headers: HTTPFields) -> String? {
        for field in headers where field.name == .cookie {
            for pair in field.value.utf8.split(separator: UInt8(ascii: ";")) {
                let trimmed = pair.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
                guard let equals = trimmed.firstIndex(of: UInt8(ascii: "=")) else { continue }
                if trimmed[..<equals].elementsEqual(name.utf8) {
                    let value = trimmed[trimmed.index(after: equals)...]
                    return value.isEmpty ? nil : String(Substring(value))
                }
            }
        }
        return nil
    }
}
