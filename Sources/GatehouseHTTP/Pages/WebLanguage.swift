import GatehouseCore
import GatehouseWeb
import Hummingbird

/// The language of a page: `?lang=` (which also sets the `gatehouse_lang` cookie for the browser
/// session), then that cookie, then `Accept-Language`, then English.
struct WebLanguage {
    static let cookieName = "gatehouse_lang"

    let language: Language
    /// Set when `?lang=` chose a language: a session cookie (no expiry) so every sign-in page keeps it.
    let cookie: Cookie?

    init(_ request: Request) {
        if let requested = request.uri.queryParameters.get("lang").flatMap(Language.init(rawValue:)) {
            language = requested
            cookie = Cookie(name: Self.cookieName, value: requested.rawValue, path: "/", httpOnly: true, sameSite: .lax)
            return
        }
        cookie = nil
        if let stored = request.cookies[Self.cookieName]?.value, let language = Language(rawValue: stored) {
            self.language = language
            return
        }
        let accepted = (request.headers[.acceptLanguage] ?? "").split(separator: ",").map {
            String($0.split(separator: ";").first ?? "").trimmingCharacters(in: .whitespaces)
        }
        language = Language(preferring: accepted)
    }


    /// The language the request asks for itself (`?lang=`, the cookie, `Accept-Language`), if any.
    static func explicit(_ request: Request) -> Language? {
        let hasChoice = request.uri.queryParameters.get("lang") != nil || request.cookies[cookieName] != nil
            || request.headers[.acceptLanguage] != nil
        return hasChoice ? WebLanguage(request).language : nil
    }
}

/// A server-rendered page: HTML, never cached (pages carry CSRF tokens and personal data).
struct HTMLPage: ResponseGenerator {
    let html: String
    var status: HTTPResponse.Status = .ok
    var cookies: [Cookie] = []
    var headers: HTTPFields = [:]

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        var response = Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }
}

/// 303 See Other to a local path (after a form post), with cookies.
struct Redirect: ResponseGenerator {
    let location: String
    var cookies: [Cookie] = []

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }
}
