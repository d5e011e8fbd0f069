import Crypto

/// The HMAC hash function of an HOTP/TOTP credential. Gatehouse uses ``sha1`` (what every
/// authenticator app supports); SHA-256 and SHA-512 exist for RFC 6238's test vectors.
public enum OTPAlgorithm: String, CaseIterable, Sendable {
    case sha1 = "SHA1"
    case sha256 = "SHA256"
    case sha512 = "SHA512"

    /// HMAC of `message` under `key`, as bytes.
    func authenticationCode(for message: [UInt8], key: SymmetricKey) -> [UInt8] {
        switch self {
        case .sha1: Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key))
        case .sha256: Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
        case .sha512: Array(HMAC<SHA512>.authenticationCode(for: message, using: key))
        }
    }
}
