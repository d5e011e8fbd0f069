import Foundation
import Hummingbird

/// The session cookie: `gatehouse_session` on plain http (development), `__Host-gatehouse_session` on
/// https, `__Secure-gatehouse_session` with a domain for forward auth across subdomains. Always
/// HttpOnly and SameSite=Lax, Path=/.
public struct SessionCookie: Sendable {
    public let name: String
    /// Served over https: cookies get the Secure attribute.
    public let secure: Bool
    let domain: String?

    public init(publicURL: String, domain: String?) {
        self.secure = publicURL.lowercased().hasPrefix("https://")
        self.domain = domain
        if secure {
            name = domain == nil ? "__Host-gatehouse_session" : "__Secure-gatehouse_session"
        } else {
            name = "gatehouse_session"
        }
    }

    public func cookie(token: String, expires: Date) -> Cookie {
        Cookie(name: name, value: token, expires: expires, domain: secure ? domain : nil, path: "/",
               secure: secure, httpOnly: true, sameSite: .lax)
    }

    public func clearing() -> Cookie {
        Cookie(name: name, value: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, domain: secure ? domain : nil,
               path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }
}
