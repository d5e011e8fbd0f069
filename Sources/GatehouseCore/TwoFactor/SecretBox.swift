import Crypto
import Foundation

/// Reversible secrets (TOTP keys) sealed with AES-256-GCM under a key derived with HKDF from the
/// server's secret key. The stored text is `<key id>.<base64 of nonce ‖ ciphertext ‖ tag>`, where the key
/// id names the secret key (`KeyRing.id(of:)`), so that after a rotation old ciphertexts still open under
/// the fallback key they name. `v1.` marks what was sealed before keys had ids: it opens under whichever
/// key of the ring authenticates it. A context (the account id) is authenticated with the ciphertext: a
/// sealed secret copied onto another account does not open there.
public struct SecretBox: Sendable {
    /// The prefix of text sealed before secret keys had ids.
    public static let unnamedKeyID = "v1"

    let keys: KeyRing
    let random: any RandomSource
    let purpose: KeyRing.Purpose

    /// `purpose` picks the derived key: TOTP secrets by default, `.shownOnce` for what a page shows
    /// once and seals into a short-lived cookie (a new backup code).
    public init(keys: KeyRing, random: any RandomSource, purpose: KeyRing.Purpose = .totpEncryption) {
        self.keys = keys
        self.random = random
        self.purpose = purpose
    }

    public func seal(_ plain: [UInt8], context: String) throws -> String {
        let box = try AES.GCM.seal(plain, using: keys.key(for: purpose), nonce: AES.GCM.Nonce(data: random.bytes(12)),
                                   authenticating: Array(context.utf8))
        guard let combined = box.combined else { throw GatehouseError(.internalError, detail: "could not seal a secret") }
        return (keys.namesKeys ? keys.currentID : Self.unnamedKeyID) + "." + Data(combined).base64EncodedString()
    }

    public func open(_ sealed: String, context: String) throws -> [UInt8] {
        let parts = sealed.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let combined = Data(base64Encoded: String(parts[1])), let box = try? AES.GCM.SealedBox(combined: combined) else {
            throw GatehouseError(.internalError, detail: "a stored secret has an unknown format")
        }
        guard let candidates = Self.candidates(keyID: String(parts[0]), keys: keys, purpose: purpose) else {
            throw GatehouseError(.internalError, detail: "a stored secret was sealed under key \(parts[0]), which is neither secret_key nor one of secret_key_fallbacks")
        }
        for key in candidates {
            if let plain = try? AES.GCM.open(box, using: key, authenticating: Array(context.utf8)) { return Array(plain) }
        }
        throw GatehouseError(.internalError, detail: "a stored secret does not open with this server's secret key")
    }

    /// The keys to try for text sealed under `keyID`: that key, or every key for text from before ids;
    /// nil when the ring does not hold the key named.
    static func candidates(keyID: String, keys: KeyRing, purpose: KeyRing.Purpose) -> [SymmetricKey]? {
        if keyID == unnamedKeyID { return keys.keys(for: purpose).map(\.key) }
        return keys.key(for: purpose, id: keyID).map { [$0] }
    }
}

/// The one backup code of an account: 8 characters from an alphabet without look-alikes (no 0/O, 1/I),
/// 5 bits each (40 bits). Shown as `ABCD-EFGH`; typed in any case, with or without the dash or spaces.
/// Stored as HMAC-SHA256 under a key the database never holds, bound to the account.
public enum BackupCode {
    static let alphabet = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZ")
    public static let length = 8

    /// A new code in its display form. 256 is a multiple of 32, so `byte & 31` is uniform.
    public static func generate(_ random: any RandomSource) -> String {
        let characters = random.bytes(length).map { alphabet[Int($0 & 31)] }
        return String(characters[0..<4]) + "-" + String(characters[4...])
    }

    /// The canonical 8 characters of what was typed, or nil when it cannot be a backup code.
    public static func normalize(_ typed: String) -> String? {
        guard typed.count <= 32 else { return nil }
        let kept = typed.uppercased().filter { $0 != "-" && !$0.isWhitespace }
        guard kept.count == length, kept.allSatisfy({ alphabet.contains($0) }) else { return nil }
        return kept
    }

    /// The stored form of a canonical code for one account: the HMAC, prefixed `<key id>:` once the ring
    /// has fallbacks (so that `gatehouse keys list` can tell which key a code still needs).
    public static func hash(_ normalized: String, account: AccountID, keys: KeyRing) -> String {
        let mac = keys.mac(.backupCode, account.rawValue + "|" + normalized)
        return keys.namesKeys ? keys.currentID + ":" + mac : mac
    }

    /// Whether `typed` is the account's current code (constant-time on the hashes).
    static func matches(_ typed: String, account: Account, keys: KeyRing) -> Bool {
        guard let stored = account.twoFactor.backupCodeHash, let normalized = normalize(typed) else { return false }
        // A code set before the last key rotation is stored under a fallback key.
        let message = account.id.rawValue + "|" + normalized
        let parts = stored.split(separator: ":", maxSplits: 1)
        guard parts.count == 2 else { return keys.verifies(.backupCode, message, stored) }
        guard let expected = keys.mac(.backupCode, message, keyID: String(parts[0])) else { return false }
        return constantTimeEquals(expected, String(parts[1]))
    }
}
