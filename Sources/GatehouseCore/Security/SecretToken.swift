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

/// Keys derived from the server's secret key with HKDF-SHA256, one per purpose, so that no key serves two
/// uses and the database alone never suffices to recompute a keyed hash.
public struct KeyRing: Sendable {
    private let secret: SymmetricKey

    public init(secretKey: [UInt8]) {
        self.secret = SymmetricKey(data: secretKey)
    }

    public func key(for purpose: Purpose) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: secret, info: Array("gatehouse \(purpose.rawValue) v1".utf8), outputByteCount: 32)
    }

    public enum Purpose: String, Sendable {
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

    /// Hex HMAC-SHA256 of `message` under the purpose's key.
    public func mac(_ purpose: Purpose, _ message: String) -> String {
        SecretToken.hex(HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: key(for: purpose)))
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
