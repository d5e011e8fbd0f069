import Foundation
import GatehouseCore
import HTTPTypes
import Hummingbird

/// Cross-site request forgery protection for state-changing requests.
///
/// A request authenticated by the session cookie must carry the session's CSRF token (`X-CSRF-Token`
/// header or `csrf_token` form field) *and* show it comes from this origin (`Origin`, or
/// `Sec-Fetch-Site: same-origin` when the browser sent no Origin); a cookie POST with neither header is
/// refused. Any request a browser marks as cross-site is refused too (login CSRF). Bearer requests carry
/// no ambient credentials and are exempt.
public struct CSRFMiddleware: RouterMiddleware {
    public typealias Context = GatehouseRequestContext
    let keys: KeyRing
    let publicOrigin: String

    public init(keys: KeyRing, publicOrigin: String) {
        self.keys = keys
        self.publicOrigin = publicOrigin.lowercased()
    }

    static let csrfHeader = HTTPField.Name("X-CSRF-Token")
    static let fetchSite = HTTPField.Name("Sec-Fetch-Site")

    public static func token(for session: SessionID, keys: KeyRing) -> String {
        keys.mac(.csrf, session.rawValue)
    }

    /// Whether `presented` is the session's token under any secret key: a page rendered before a key
    /// rotation still posts.
    static func isValid(_ presented: String, for session: SessionID, keys: KeyRing) -> Bool {
        keys.verifies(.csrf, session.rawValue, presented)
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard ![.get, .head, .options].contains(request.method) else { return try await next(request, context) }
        // A bearer token is sent deliberately by the client, never by the browser on its own.
        if !context.authenticatedByCookie, request.headers[.authorization]?.lowercased().hasPrefix("bearer ") == true {
            return try await next(request, context)
        }
        let origin = request.headers[.origin]?.lowercased()
        let site = Self.fetchSite.flatMap { request.headers[$0] }?.lowercased()
        let sameOrigin: Bool? = if let origin { origin == publicOrigin } else if let site { site == "same-origin" } else { nil }
        if sameOrigin == false {
            throw Problem(.forbidden, .csrfFailed, detail: "Cross-site requests are not accepted.")
        }
        if context.authenticatedByCookie, let auth = context.auth {
            guard sameOrigin == true else {
                throw Problem(.forbidden, .csrfFailed, detail: "The request does not show that it comes from this site (no Origin or Sec-Fetch-Site).")
            }
            var request = request
            let presented = try await Self.presentedToken(&request, context: context)
            guard let presented, Self.isValid(presented, for: auth.session.id, keys: keys) else {
                throw Problem(.forbidden, .csrfFailed, detail: "The CSRF token is missing or wrong.")
            }
            return try await next(request, context)
        }
        return try await next(request, context)
    }

    /// The token from the header, or from an urlencoded form body (kept readable for the handler).
    static func presentedToken(_ request: inout Request, context: Context) async throws -> String? {
        if let header = csrfHeader.flatMap({ request.headers[$0] }) { return header }
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else { return nil }
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        return FormFields(String(buffer: body))["csrf_token"]
    }
}

/// Minimal `application/x-www-form-urlencoded` parsing.
public struct FormFields: Sendable {
    public let values: [String: String]

    public init(_ body: String) {
        var values: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            guard let name = parts.first.map(decode), !name.isEmpty, values[name] == nil else { continue }
            values[name] = parts.count > 1 ? decode(parts[1]) : ""
        }
        self.values = values
    }

    public subscript(_ name: String) -> String? { values[name] }
}
