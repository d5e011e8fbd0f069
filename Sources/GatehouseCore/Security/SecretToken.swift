import Crypto
import Foundation

/// Bearer secrets (session tokens, link tokens): 256 random bits, base64url without padding, shown once.
/// Only their SHA-256 is stored, so a database leak does not hand out working tokens.
public enum SecretToken {
    public static let byteCount = 32

    /// A fresh secret. Never one starting `gth_` (one in 16.7 million would): a bearer token with that
    /// prefix is read as an API token, so a session token must not look like one.
    public static func generate(_ random: any RandomSource) -> String {
        while true {
            let token = base64URL(random.bytes(byteCount))
            if !token.hasPrefix("gth_") { return token }
        }
    }

    /// Lowercase hex SHA-256 of the token's UTF-8 bytes: the form stored and looked up.
    public static func hash(_ token: String) -> String {
        hex(SHA256.hash(data: Array(token.utf8)))
    }

    /// Whether `token` has the shape of a token we issue (cheap check before any lookup).
    public static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == 43 && token.utf8.allSatisfy { byte in
            (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2D || byte == 0x5F
        }
    }

    public static func base64URL(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The bytes of unpadded base64url text; nil for anything else.
    public static func bytes(base64URL text: String) -> [UInt8]? {
        guard text.utf8.count % 4 != 1 else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard !base64.contains("=") else { return nil }
        while base64.utf8.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map(Array.init)
    }

    /// Lower-case hex; every session and token lookup hashes and encodes, so no per-byte strings.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            utf8.append(hexDigits[Int(byte >> 4)])
            utf8.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}

/// Keys derived from the server's secret keys with HKDF-SHA256, one per purpose, so that no key serves two
/// uses and the database alone never suffices to recompute a keyed hash.
///
/// The ring holds the current secret key, under which everything new is sealed, hashed and signed, and
/// the keys it replaced (`secret_key_fallbacks`), under which what was written before still opens and
/// verifies. Each secret key has an id (`KeyRing.id(of:)`), written next to what it sealed or signed.
public struct KeyRing: Sendable {
    /// One secret key's derived keys.
    struct Entry: Sendable {
        let id: String
        let derived: [Purpose: SymmetricKey]

        init(secretKey: [UInt8]) {
            let secret = SymmetricKey(data: secretKey)
            id = KeyRing.id(of: secretKey)
            var derived: [Purpose: SymmetricKey] = [:]
            for purpose in Purpose.allCases {
                derived[purpose] = HKDF<SHA256>.deriveKey(inputKeyMaterial: secret, info: Array("gatehouse \(purpose.rawValue) v1".utf8),
                                                          outputByteCount: 32)
            }
            self.derived = derived
        }

        func key(_ purpose: Purpose) -> SymmetricKey {
            // Every purpose is derived at init.
            derived[purpose] ?? SymmetricKey(data: [UInt8](repeating: 0, count: 32))
        }
    }

    private let entries: [Entry]

    /// `secretKey` is current; `fallbacks` (older keys, newest first) are only read with. A fallback equal
    /// to the current key or to an earlier fallback is dropped.
    public init(secretKey: [UInt8], fallbacks: [[UInt8]] = []) {
        var entries = [Entry(secretKey: secretKey)]
        for fallback in fallbacks {
            let entry = Entry(secretKey: fallback)
            if !entries.contains(where: { $0.id == entry.id }) { entries.append(entry) }
        }
        self.entries = entries
    }

    /// A secret key's public name: 12 hex digits of an HMAC of a fixed text under it. It says which key
    /// sealed or signed something, and nothing about the key.
    public static func id(of secretKey: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("gatehouse key id".utf8), using: SymmetricKey(data: secretKey))
        return String(SecretToken.hex(mac).prefix(12))
    }

    /// The current key's id: what new sealed data and audit records name.
    public var currentID: String { entries[0].id }

    /// Every key's id, the current one first.
    public var ids: [String] { entries.map(\.id) }

    /// Whether what is sealed or hashed now names its key: only once the ring has fallbacks. A ring of one
    /// key writes the forms from before key ids (`v1`), which every version of Gatehouse opens, so that
    /// instances of an older version still read what newer ones write during a rolling upgrade.
    public var namesKeys: Bool { entries.count > 1 }

    /// Whether the key with this id is on the ring.
    public func holds(_ id: String) -> Bool { entries.contains { $0.id == id } }

    /// The purpose's key under the current secret key: the one to seal, hash and sign with.
    public func key(for purpose: Purpose) -> SymmetricKey {
        entries[0].key(purpose)
    }

    /// The purpose's key under the secret key with id `id`; nil when the ring does not hold it.
    public func key(for purpose: Purpose, id: String) -> SymmetricKey? {
        entries.first { $0.id == id }?.key(purpose)
    }

    /// The purpose's key under every secret key, the current one first, with their ids.
    public func keys(for purpose: Purpose) -> [(id: String, key: SymmetricKey)] {
        entries.map { ($0.id, $0.key(purpose)) }
    }

    public enum Purpose: String, Sendable, CaseIterable {
        case csrf
        case auditPersonalData = "audit personal data"
        case auditIdentifier = "audit identifier"
        case rateLimitKey = "rate limit key"
        case totpEncryption = "totp encryption"
        case backupCode = "backup code"
        case outbox = "outbox payload"
        case knownClient = "known client"
        case auditChain = "audit chain"
        case auditCheckpoint = "audit checkpoint"
        case mailRecipient = "mail recipient"
        case shownOnce = "shown once"
    }

    /// Hex HMAC-SHA256 of `message` under the purpose's current key.
    public func mac(_ purpose: Purpose, _ message: String) -> String {
        Self.mac(message, key(for: purpose))
    }

    /// Hex HMAC-SHA256 of `message` under the purpose's key of secret key `id`; nil when the ring lacks it.
    public func mac(_ purpose: Purpose, _ message: String, keyID id: String) -> String? {
        key(for: purpose, id: id).map { Self.mac(message, $0) }
    }

    /// The HMAC of `message` under every key, the current one first: what a lookup by keyed hash tries
    /// when something may have been stored before the last rotation.
    public func macs(_ purpose: Purpose, _ message: String) -> [String] {
        entries.map { Self.mac(message, $0.key(purpose)) }
    }

    /// Whether `presented` is the HMAC of `message` under any key of the ring; every comparison is
    /// made (constant time in which key matched).
    public func verifies(_ purpose: Purpose, _ message: String, _ presented: String) -> Bool {
        var matched = false
        for candidate in macs(purpose, message) where constantTimeEquals(candidate, presented) { matched = true }
        return matched
    }

    static func mac(_ message: String, _ key: SymmetricKey) -> String {
        SecretToken.hex(HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: key))
    }
}

/// Compares two strings in time that depends only on their lengths.
public func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
    let a = Array(lhs.utf8), b = Array(rhs.utf8)
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for index in a.indices { difference |= a[index] ^ b[index] }
    return difference == 0
}
