import Foundation
import GatehouseCore
import Hummingbird

/// A secret shown once (a new backup code, a new API token) on its way from the POST that made it to
/// the GET page that shows it (post-redirect-get: a reload never repeats the POST): sealed with AES-GCM
/// under the server's `shown once` key into a short-lived, HttpOnly, SameSite=Strict cookie scoped to
/// that page, bound to the session, good for five minutes.
protocol ShownOnceNote: Codable {
    static var cookieName: String { get }
    /// The page that shows it; the cookie is sent there only.
    static var path: String { get }
    /// Names the note in the sealed context, so one kind never opens as another.
    static var kind: String { get }
    var until: Date { get }
}

extension ShownOnceNote {
    static var lifetime: TimeInterval { 300 }

    static func context(_ session: SessionID) -> String { kind + "|" + session.rawValue }

    func sealed(session: SessionID, keys: KeyRing, random: any RandomSource) -> String {
        let box = SecretBox(keys: keys, random: random, purpose: .shownOnce)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        guard let plain = try? encoder.encode(self), let sealed = try? box.seal(Array(plain), context: Self.context(session)) else { return "" }
        return sealed
    }

    /// The note in `value` if this session sealed it and it has not expired.
    static func open(_ value: String?, session: SessionID, keys: KeyRing, now: Date) -> Self? {
        guard let value, !value.isEmpty,
              let plain = try? SecretBox(keys: keys, random: SystemRandomSource(), purpose: .shownOnce).open(value, context: context(session))
        else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        guard let note = try? decoder.decode(Self.self, from: Data(plain)), now < note.until else { return nil }
        return note
    }

    /// The note's cookie, sealed for `session`.
    func cookie(session: SessionID, keys: KeyRing, random: any RandomSource, secure: Bool) -> Cookie {
        Cookie(name: Self.cookieName, value: sealed(session: session, keys: keys, random: random), maxAge: Int(Self.lifetime), path: Self.path,
               secure: secure, httpOnly: true, sameSite: .strict)
    }

    /// Removes the note from the browser.
    static func clearing(secure: Bool) -> Cookie {
        Cookie(name: cookieName, value: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: path, secure: secure, httpOnly: true,
               sameSite: .strict)
    }
}
