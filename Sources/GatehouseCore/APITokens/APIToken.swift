import Foundation

public struct APITokenID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// A long-lived credential of one account, scoped to a permission group. Its secret is shown once; the
/// store keeps its SHA-256 only.
public struct APIToken: Sendable, Equatable, Identifiable {
    public var id: APITokenID
    public var accountID: AccountID
    public var name: String
    public var permissionGroup: String
    public var createdAt: Date
    public var expiresAt: Date
    /// When the secret was last replaced (nil: never rotated).
    public var rotatedAt: Date?
    public var lastUsedAt: Date?
    public var lastUsedIP: String?
    public var lastUsedCity: String?
    public var lastUsedCountry: String?

    public init(id: APITokenID, accountID: AccountID, name: String, permissionGroup: String, createdAt: Date, expiresAt: Date,
                rotatedAt: Date? = nil, lastUsedAt: Date? = nil, lastUsedIP: String? = nil, lastUsedCity: String? = nil,
                lastUsedCountry: String? = nil) {
        self.id = id
        self.accountID = accountID
        self.name = name
        self.permissionGroup = permissionGroup
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.rotatedAt = rotatedAt
        self.lastUsedAt = lastUsedAt
        self.lastUsedIP = lastUsedIP
        self.lastUsedCity = lastUsedCity
        self.lastUsedCountry = lastUsedCountry
    }
}

/// A presented token as the store has it: the token and its owner (with the owner's organisations).
public struct APITokenRecord: Sendable, Equatable {
    public var token: APIToken
    public var account: Account

    public init(token: APIToken, account: Account) {
        self.token = token
        self.account = account
    }
}

/// Where a token was last used: written at most once a minute per token.
public struct APITokenUse: Sendable, Equatable {
    public var at: Date
    public var ip: String?
    public var city: String?
    public var country: String?

    public init(at: Date, ip: String?, city: String?, country: String?) {
        self.at = at
        self.ip = ip
        self.city = city
        self.country = country
    }
}

/// The `api_tokens` table.
public protocol APITokenStore: Sendable {
    func create(_ token: APIToken, tokenHash: String) async throws
    /// Locks the owner's row until the transaction ends (PostgreSQL; SQLite's writer is already held),
    /// so that counting and creating a token cannot interleave with another creation for that account.
    func lockOwner(_ accountID: AccountID) async throws
    /// The account's tokens, oldest first (expired ones included until deleted).
    func list(accountID: AccountID) async throws -> [APIToken]
    func count(accountID: AccountID) async throws -> Int
    /// The token whose secret hashes to `tokenHash`, with its owner: one lookup through a unique index.
    func record(tokenHash: String) async throws -> APITokenRecord?
    /// Gives the account's token a new secret; nil when the account has no such token. The old secret
    /// stops matching in the same statement.
    func rotate(_ id: APITokenID, accountID: AccountID, tokenHash: String, at: Date) async throws -> APIToken?
    /// Deletes the account's token; nil when it has none with that id.
    func delete(_ id: APITokenID, accountID: AccountID) async throws -> APIToken?
    /// Deletes every token of the account (its password was reset, its two-factor reset by support, or it
    /// was disabled) and returns their ids.
    func deleteAll(accountID: AccountID) async throws -> [APITokenID]
    /// Records a use unless one was recorded after `olderThan`.
    func recordUse(_ id: APITokenID, _ use: APITokenUse, olderThan: Date) async throws
}

/// The text of an API token: `gth_` + 43 base64url characters (256 random bits) + 6 base62 characters
/// of the CRC32 of those 43, so secret scanners can match it and a mistyped token is refused before
/// any lookup.
public enum APITokenFormat {
    public static let prefix = "gth_"
    static let secretLength = 43
    static let checksumLength = 6
    public static let length = prefix.count + secretLength + checksumLength

    public static func generate(_ random: any RandomSource) -> String {
        let secret = SecretToken.generate(random)
        return prefix + secret + checksum(secret)
    }

    /// Whether `text` looks like a token we issue: prefix, alphabet, length and checksum.
    public static func isWellFormed(_ text: String) -> Bool {
        guard text.utf8.count == length, text.hasPrefix(prefix) else { return false }
        let body = text.utf8.dropFirst(prefix.utf8.count)
        let secret = Array(body.prefix(secretLength))
        guard SecretToken.isWellFormed(String(decoding: secret, as: UTF8.self)) else { return false }
        return body.dropFirst(secretLength).elementsEqual(checksumDigits(secret))
    }

    /// Whether a presented bearer credential is meant as an API token (rather than a session token).
    public static func looksLikeToken(_ text: String) -> Bool { text.hasPrefix(prefix) }

    static let base62 = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    static func checksum(_ secret: String) -> String {
        String(decoding: checksumDigits(Array(secret.utf8)), as: UTF8.self)
    }

    /// The six base62 digits (most significant first) of the CRC32 of `secret`; bytes, because every
    /// token-authenticated request checks them.
    static func checksumDigits(_ secret: [UInt8]) -> [UInt8] {
        var value = UInt64(CRC32.checksum(secret))
        var digits = [UInt8](repeating: 0, count: checksumLength)
        for index in (0..<checksumLength).reversed() {
            digits[index] = base62[Int(value % 62)]
            value /= 62
        }
        return digits
    }
}

/// CRC-32 (IEEE 802.3, as zlib computes it).
public enum CRC32 {
    static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
